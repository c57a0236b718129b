// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub is written ${Like::This}
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { lintPolicy, type PolicyDocument } from '../policy';
import { generateTrustPolicy } from '../roles';
import { generateCloudFormationTemplate } from './cloudformation';

const base = { bucket: 'acme-lab-orders', origins: ['https://orders.example-lab.com'] };

/** The template's policy with CloudFormation's substitutions done for one bucket and partition. */
function resolvedPolicy(policy: unknown, bucket: string): PolicyDocument {
  return JSON.parse(
    JSON.stringify(policy).replace(/\{"Fn::Sub":"([^"]*)"\}/g, (_match, text: string) =>
      JSON.stringify(text.replace('${AWS::Partition}', 'aws').replace('${UploadBucket}', bucket)),
    ),
  ) as PolicyDocument;
}

describe('generateCloudFormationTemplate (user mode)', () => {
  const generated = generateCloudFormationTemplate(base);
  const { template } = generated;
  const bucket = template.Resources.UploadBucket;

  it('creates a private, encrypted bucket with the lifecycle and CORS rules, kept when the stack goes', () => {
    expect(bucket).toMatchObject({ Type: 'AWS::S3::Bucket', DeletionPolicy: 'Retain' });
    expect(bucket?.Properties).toMatchObject({
      BucketName: { Ref: 'BucketName' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      LifecycleConfiguration: {
        Rules: [
          {
            Status: 'Enabled',
            Prefix: '',
            ExpirationInDays: { Ref: 'RetentionDays' },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          },
        ],
      },
      CorsConfiguration: {
        CorsRules: [
          {
            AllowedOrigins: { Ref: 'AllowedOrigins' },
            AllowedMethods: ['PUT', 'POST'],
            ExposedHeaders: ['ETag', 'Location'],
          },
        ],
      },
    });
    expect(template.Parameters).toMatchObject({
      BucketName: { Default: 'acme-lab-orders' },
      AllowedOrigins: { Type: 'CommaDelimitedList', Default: 'https://orders.example-lab.com' },
      RetentionDays: { Type: 'Number', Default: 5 },
    });
  });

  it('creates a user with the upload policy and an access key, and calls out the secret output', () => {
    expect(template.Resources.UploadUser?.Type).toBe('AWS::IAM::User');
    expect(template.Resources.UploadAccessKey).toEqual({
      Type: 'AWS::IAM::AccessKey',
      Properties: { UserName: { Ref: 'UploadUser' }, Status: 'Active' },
    });
    expect(template.Outputs.SecretAccessKey?.Value).toEqual({ 'Fn::GetAtt': ['UploadAccessKey', 'SecretAccessKey'] });
    expect(template.Description).toMatch(/SECRET access key/);
    expect(template.Description).toContain('SecretAccessKey');
    expect(template.Description.length).toBeLessThanOrEqual(1024);
    expect(generated.secretOutputs).toEqual(['SecretAccessKey']);
    expect(generated.capabilities).toEqual(['CAPABILITY_IAM']);
  });

  it('gives the user a policy that lints clean for the bucket', () => {
    const [inline] = (template.Resources.UploadUser?.Properties.Policies ?? []) as { PolicyDocument: unknown }[];
    const policy = resolvedPolicy(inline?.PolicyDocument, 'acme-lab-orders');
    expect(lintPolicy(policy, { bucket: 'acme-lab-orders' })).toEqual([]);
    expect(JSON.stringify(inline?.PolicyDocument)).toContain('arn:${AWS::Partition}:s3:::${UploadBucket}/*');
  });

  it('writes the same template as JSON and YAML, with dates kept as strings', () => {
    expect(JSON.parse(generated.json)).toEqual(template);
    expect(parse(generated.yaml)).toEqual(template);
    expect(generated.yaml).toContain('AWSTemplateFormatVersion: "2010-09-09"');
    expect(generated.yaml).toContain('Version: "2012-10-17"');
    expect(generated.yaml).not.toMatch(/[&*]a\d/);
  });
});

describe('generateCloudFormationTemplate (role mode)', () => {
  const { template, secretOutputs } = generateCloudFormationTemplate({
    ...base,
    mode: 'role',
    vendorAccountId: '123456789012',
    externalId: 'sos-7f3a9c',
    prefix: 'orders',
    tier: 'multipart',
    retentionDays: null,
  });

  it('trusts the vendor account only with the external ID', () => {
    const role = template.Resources.UploadRole;
    expect(role?.Type).toBe('AWS::IAM::Role');
    expect(role?.Properties.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${VendorAccountId}:root' } },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } } },
        },
      ],
    });
    expect(template.Parameters).toMatchObject({
      VendorAccountId: { Default: '123456789012' },
      ExternalId: { Default: 'sos-7f3a9c' },
    });
    expect(template.Outputs.RoleArn?.Value).toEqual({ 'Fn::GetAtt': ['UploadRole', 'Arn'] });
  });

  it('creates no user, key or secret, and says so', () => {
    expect(template.Resources.UploadUser).toBeUndefined();
    expect(template.Resources.UploadAccessKey).toBeUndefined();
    expect(template.Outputs.SecretAccessKey).toBeUndefined();
    expect(secretOutputs).toEqual([]);
    expect(template.Description).toMatch(/No secret/);
  });

  it('scopes the policy and the lifecycle rule to the prefix, and keeps files without retention', () => {
    const [inline] = (template.Resources.UploadRole?.Properties.Policies ?? []) as { PolicyDocument: unknown }[];
    const policy = resolvedPolicy(inline?.PolicyDocument, 'acme-lab-orders');
    expect(lintPolicy(policy, { bucket: 'acme-lab-orders', prefix: 'orders', tier: 'multipart' })).toEqual([]);
    const lifecycle = template.Resources.UploadBucket?.Properties.LifecycleConfiguration as
      | { Rules: object[] }
      | undefined;
    const rules = lifecycle?.Rules ?? [];
    expect(rules[0]).toEqual({
      Id: 'sos-expire-uploads',
      Status: 'Enabled',
      Prefix: 'orders/',
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
    });
    expect(template.Parameters.RetentionDays).toBeUndefined();
  });
});

describe('generateCloudFormationTemplate for uploads from servers only', () => {
  it.each([
    ['no origins', { bucket: 'acme-lab-orders' }],
    ['an empty origin list', { bucket: 'acme-lab-orders', origins: [] }],
  ])('takes %s, and writes a bucket without CORS rule nor AllowedOrigins parameter, and says so', (_case, options) => {
    for (const mode of ['user', 'role'] as const) {
      const role = mode === 'role' ? { vendorAccountId: '123456789012', externalId: 'sos-5b1d0c1e-7a0e' } : {};
      const { template, yaml, json } = generateCloudFormationTemplate({ ...options, mode, ...role });
      expect(template.Resources.UploadBucket?.Properties).not.toHaveProperty('CorsConfiguration');
      expect(template.Resources.UploadBucket?.Properties).toHaveProperty('LifecycleConfiguration');
      expect(template.Parameters).not.toHaveProperty('AllowedOrigins');
      expect(template.Description).toMatch(/no CORS rule: files are uploaded from servers, not from browsers\.$/);
      expect(`${yaml}${json}`).not.toMatch(/AllowedOrigins|CorsConfiguration/);
    }
  });

  it('keeps the CORS rule when origins are given', () => {
    const { template } = generateCloudFormationTemplate(base);
    expect(template.Resources.UploadBucket?.Properties).toHaveProperty('CorsConfiguration');
    expect(template.Description).not.toMatch(/CORS/);
  });
});

describe('generateCloudFormationTemplate refuses bad input', () => {
  it.each([
    [{ ...base, bucket: 'yourbucketname' }, /placeholder/],
    [{ ...base, origins: ['orders.example.com'] }, /no scheme/],
    [{ ...base, mode: 'role' as const }, /account ID/],
    [{ ...base, mode: 'role' as const, vendorAccountId: '1234', externalId: 'abc' }, /12 digits/],
    [{ ...base, retentionDays: 0 }, /retentionDays/],
  ])('%j', (options, message) => {
    expect(() => generateCloudFormationTemplate(options)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringMatching(message) }),
    );
  });
});

describe('generateCloudFormationTemplate offers the role first', () => {
  const role = { vendorAccountId: '123456789012', externalId: 'sos-5b1d0c1e-7a0e' };

  it('makes a role, not a user, whenever the account and external ID are given', () => {
    const generated = generateCloudFormationTemplate({ ...base, ...role });
    expect(generated.template.Resources.UploadRole?.Type).toBe('AWS::IAM::Role');
    expect(generated.template.Resources.UploadUser).toBeUndefined();
    expect(generated.secretOutputs).toEqual([]);
  });

  it('still makes the access-key fallback when asked for', () => {
    const generated = generateCloudFormationTemplate({ ...base, ...role, mode: 'user' });
    expect(generated.template.Resources.UploadUser?.Type).toBe('AWS::IAM::User');
    expect(generated.secretOutputs).toEqual(['SecretAccessKey']);
  });

  it('trusts the vendor exactly as generateTrustPolicy does, once the parameters are filled in', () => {
    const { template } = generateCloudFormationTemplate({ ...base, ...role });
    const trust = template.Resources.UploadRole?.Properties.AssumeRolePolicyDocument as { Statement: object[] };
    const filled = JSON.parse(
      JSON.stringify(trust)
        .replace(
          /\{"Fn::Sub":"arn:\$\{AWS::Partition\}:iam::\$\{VendorAccountId\}:root"\}/,
          '"arn:aws:iam::123456789012:root"',
        )
        .replace(/\{"Ref":"ExternalId"\}/, JSON.stringify(role.externalId)),
    ) as { Statement: object[] };
    const { Sid: _sid, ...expected } = generateTrustPolicy(role).Statement[0];
    expect(filled.Statement).toEqual([expected]);
  });
});
