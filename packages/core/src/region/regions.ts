/** An AWS partition: the commercial cloud, China, or GovCloud (US). */
export type AwsPartition = 'aws' | 'aws-cn' | 'aws-us-gov';

/** One AWS region that has S3. */
export interface AwsRegion {
  /** The region code, such as `eu-central-1`. */
  code: string;
  /** The name the AWS console shows, such as `Europe (Frankfurt)`. */
  name: string;
  partition: AwsPartition;
  /** Other names people use for it: cities, countries, old console names. */
  aliases: readonly string[];
}

const region = (code: string, name: string, aliases: string[] = [], partition: AwsPartition = 'aws'): AwsRegion => ({
  code,
  name,
  partition,
  aliases,
});

/**
 * Every region where S3 general purpose buckets can be created, as listed in
 * the S3 API's `BucketLocationConstraint` (plus `us-east-1`, which has none).
 */
export const AWS_REGIONS: readonly AwsRegion[] = [
  region('us-east-1', 'US East (N. Virginia)', ['US Standard', 'Virginia', 'Northern Virginia', 'N Virginia']),
  region('us-east-2', 'US East (Ohio)'),
  region('us-west-1', 'US West (N. California)', ['California', 'Northern California', 'N California']),
  region('us-west-2', 'US West (Oregon)'),
  region('af-south-1', 'Africa (Cape Town)', ['South Africa']),
  region('ap-east-1', 'Asia Pacific (Hong Kong)'),
  region('ap-east-2', 'Asia Pacific (Taipei)', ['Taiwan']),
  region('ap-south-1', 'Asia Pacific (Mumbai)'),
  region('ap-south-2', 'Asia Pacific (Hyderabad)'),
  region('ap-southeast-1', 'Asia Pacific (Singapore)'),
  region('ap-southeast-2', 'Asia Pacific (Sydney)'),
  region('ap-southeast-3', 'Asia Pacific (Jakarta)', ['Indonesia']),
  region('ap-southeast-4', 'Asia Pacific (Melbourne)'),
  region('ap-southeast-5', 'Asia Pacific (Malaysia)', ['Kuala Lumpur']),
  region('ap-southeast-6', 'Asia Pacific (New Zealand)', ['Auckland']),
  region('ap-southeast-7', 'Asia Pacific (Thailand)', ['Bangkok']),
  region('ap-northeast-1', 'Asia Pacific (Tokyo)'),
  region('ap-northeast-2', 'Asia Pacific (Seoul)', ['Korea', 'South Korea']),
  region('ap-northeast-3', 'Asia Pacific (Osaka)'),
  region('ca-central-1', 'Canada (Central)', ['Montreal']),
  region('ca-west-1', 'Canada West (Calgary)'),
  region('eu-central-1', 'Europe (Frankfurt)', ['EU (Frankfurt)', 'Germany']),
  region('eu-central-2', 'Europe (Zurich)', ['EU (Zurich)', 'Switzerland']),
  region('eu-west-1', 'Europe (Ireland)', ['EU (Ireland)', 'EU', 'Dublin']),
  region('eu-west-2', 'Europe (London)', ['EU (London)', 'United Kingdom', 'UK']),
  region('eu-west-3', 'Europe (Paris)', ['EU (Paris)', 'France']),
  region('eu-south-1', 'Europe (Milan)', ['EU (Milan)', 'Italy']),
  region('eu-south-2', 'Europe (Spain)', ['EU (Spain)', 'Aragon']),
  region('eu-north-1', 'Europe (Stockholm)', ['EU (Stockholm)', 'Sweden']),
  region('il-central-1', 'Israel (Tel Aviv)'),
  region('me-south-1', 'Middle East (Bahrain)'),
  region('me-central-1', 'Middle East (UAE)', ['United Arab Emirates']),
  region('mx-central-1', 'Mexico (Central)', ['Mexico', 'Queretaro']),
  region('sa-east-1', 'South America (São Paulo)', ['Brazil']),
  region('cn-north-1', 'China (Beijing)', [], 'aws-cn'),
  region('cn-northwest-1', 'China (Ningxia)', [], 'aws-cn'),
  region('us-gov-west-1', 'AWS GovCloud (US-West)', ['AWS GovCloud (US)', 'GovCloud West'], 'aws-us-gov'),
  region('us-gov-east-1', 'AWS GovCloud (US-East)', ['GovCloud East'], 'aws-us-gov'),
];

/**
 * Names that fit several regions. Answering with one of them would be a guess,
 * so {@link parseRegion} lists the candidates instead.
 */
export const AMBIGUOUS_REGION_NAMES: Readonly<Record<string, readonly string[]>> = {
  'us east': ['us-east-1', 'us-east-2'],
  'us west': ['us-west-1', 'us-west-2'],
  us: ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'],
  usa: ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'],
  'united states': ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'],
  canada: ['ca-central-1', 'ca-west-1'],
  europe: ['eu-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-north-1', 'eu-south-1'],
  india: ['ap-south-1', 'ap-south-2'],
  japan: ['ap-northeast-1', 'ap-northeast-3'],
  australia: ['ap-southeast-2', 'ap-southeast-4'],
  china: ['cn-north-1', 'cn-northwest-1'],
  govcloud: ['us-gov-west-1', 'us-gov-east-1'],
  'aws govcloud': ['us-gov-west-1', 'us-gov-east-1'],
  'asia pacific': ['ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'ap-south-1'],
  'middle east': ['me-south-1', 'me-central-1'],
};

/** Regions that exist but sit in partitions sos does not serve (isolated and sovereign clouds). */
export const UNSUPPORTED_REGION_CODES: readonly string[] = [
  'us-iso-east-1',
  'us-iso-west-1',
  'us-isob-east-1',
  'us-isob-west-1',
  'us-isof-east-1',
  'us-isof-south-1',
  'eu-isoe-west-1',
  'eusc-de-east-1',
];
