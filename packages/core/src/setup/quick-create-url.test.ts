import { describe, expect, it } from 'vitest';
import { cloudFormationQuickCreateUrl } from './quick-create-url';

const templateUrl = 'https://sos-templates.s3.amazonaws.com/upload-bucket.yaml';

describe('cloudFormationQuickCreateUrl', () => {
  it('opens the review page with the template, stack name and parameters filled in', () => {
    const url = cloudFormationQuickCreateUrl({
      templateUrl,
      stackName: 'sos-uploads',
      region: 'eu-central-1',
      parameters: { BucketName: 'acme-lab-orders', AllowedOrigins: 'https://a.example.com,https://b.example.com' },
    });
    expect(url).toBe(
      'https://console.aws.amazon.com/cloudformation/home?region=eu-central-1#/stacks/create/review' +
        '?templateURL=https%3A%2F%2Fsos-templates.s3.amazonaws.com%2Fupload-bucket.yaml&stackName=sos-uploads' +
        '&param_BucketName=acme-lab-orders&param_AllowedOrigins=https%3A%2F%2Fa.example.com%2Chttps%3A%2F%2Fb.example.com',
    );
  });

  it('understands region names and uses the console of the partition', () => {
    expect(cloudFormationQuickCreateUrl({ templateUrl, stackName: 's', region: 'Frankfurt' })).toContain(
      '?region=eu-central-1#',
    );
    expect(
      cloudFormationQuickCreateUrl({
        templateUrl: 'https://t.s3.cn-north-1.amazonaws.com.cn/a.yaml',
        stackName: 's',
        region: 'cn-north-1',
      }),
    ).toMatch(/^https:\/\/console\.amazonaws\.cn\//);
    expect(cloudFormationQuickCreateUrl({ templateUrl, stackName: 's', region: 'us-gov-west-1' })).toMatch(
      /^https:\/\/console\.amazonaws-us-gov\.com\//,
    );
  });

  it.each([
    [{ templateUrl: 'http://sos-templates.s3.amazonaws.com/a.yaml' }, /not an https URL of an S3 object/],
    [{ templateUrl: 'https://example.com/a.yaml' }, /not an https URL of an S3 object/],
    [{ templateUrl: 'not a url' }, /not a URL/],
    [{ stackName: '1-stack' }, /stack name/],
    [{ region: 'Atlantis' }, /not an AWS region/],
    [{ parameters: { 'Bucket-Name': 'x' } }, /parameter name/],
  ])('refuses %j', (override, message) => {
    expect(() =>
      cloudFormationQuickCreateUrl({ templateUrl, stackName: 'sos', region: 'eu-west-1', ...override }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringMatching(message) }));
  });
});
