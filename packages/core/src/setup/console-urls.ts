import type { AwsPartition } from '../region';

/** The AWS console's home in each partition. */
export const AWS_CONSOLE: Readonly<Record<AwsPartition, string>> = {
  aws: 'https://console.aws.amazon.com',
  'aws-cn': 'https://console.amazonaws.cn',
  'aws-us-gov': 'https://console.amazonaws-us-gov.com',
};
