import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateBucketName } from '../bucket';
import { evaluatePolicy, type PolicyRequest } from './evaluate-policy';
import { generateUploadPolicy } from './generate-upload-policy';
import { lintPolicy } from './lint-policy';

describe('generateUploadPolicy', () => {
  it("with only a bucket, is the seed's policy", () => {
    expect(generateUploadPolicy({ bucket: 'ronssosbucket' })).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'AllowUploads', Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::ronssosbucket/*' },
      ],
    });
  });

  it('scopes to a prefix and a partition', () => {
    const policy = generateUploadPolicy({ bucket: 'lab-uploads', prefix: '/orders/2024/', partition: 'aws-cn' });
    expect(policy.Statement[0]?.Resource).toBe('arn:aws-cn:s3:::lab-uploads/orders/2024/*');
  });

  it('adds abort and resume for the multipart tier', () => {
    const [allow] = generateUploadPolicy({ bucket: 'lab-uploads', tier: 'multipart' }).Statement;
    expect(allow?.Action).toEqual(['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts']);
  });

  it('denies plain HTTP with requireTls', () => {
    const policy = generateUploadPolicy({ bucket: 'lab-uploads', requireTls: true });
    expect(policy.Statement[1]).toEqual({
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Action: 's3:PutObject',
      Resource: 'arn:aws:s3:::lab-uploads/*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    const resource = 'arn:aws:s3:::lab-uploads/a.stl';
    const http = { action: 's3:PutObject', resource, context: { 'aws:SecureTransport': false } };
    expect(evaluatePolicy(policy, http).decision).toBe('explicit-deny');
    expect(evaluatePolicy(policy, { ...http, context: { 'aws:SecureTransport': true } }).decision).toBe('allow');
  });

  it.each([
    [true, 'AES256'],
    ['AES256', 'AES256'],
    ['aws:kms', 'aws:kms'],
  ] as const)(
    'with requireEncryption %j refuses other encryption but not parts without a header',
    (option, algorithm) => {
      const policy = generateUploadPolicy({ bucket: 'lab-uploads', requireEncryption: option });
      const request = (header?: string): PolicyRequest => ({
        action: 's3:PutObject',
        resource: 'arn:aws:s3:::lab-uploads/a.stl',
        context: header === undefined ? {} : { 's3:x-amz-server-side-encryption': header },
      });
      expect(evaluatePolicy(policy, request(algorithm)).decision).toBe('allow');
      expect(evaluatePolicy(policy, request()).decision).toBe('allow');
      expect(evaluatePolicy(policy, request(algorithm === 'AES256' ? 'aws:kms' : 'AES256')).decision).toBe(
        'explicit-deny',
      );
    },
  );

  it.each([
    [{ bucket: 'yourbucketname' }, /placeholder/],
    [{ bucket: 'My_Bucket' }, /placeholder|lower case/],
    [{ bucket: 'lab-uploads', prefix: 'orders/*' }, /wildcard/],
    [{ bucket: 'lab-uploads', prefix: 'a//b' }, /empty/],
    [{ bucket: 'lab-uploads', prefix: '../x' }, /"\.\."/],
    [{ bucket: 'lab-uploads', tier: 'everything' as 'multipart' }, /tier/],
  ])('refuses %j with INVALID_INPUT and a hint', (options, message) => {
    expect(() => generateUploadPolicy(options)).toThrow(
      expect.objectContaining({
        code: 'INVALID_INPUT',
        message: expect.stringMatching(message),
        hint: expect.any(String),
      }),
    );
  });
});

describe('generateUploadPolicy properties', () => {
  const letter = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789');
  const bucketName = fc
    .tuple(
      letter,
      fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-.'), maxLength: 50 }),
      letter,
    )
    .map(([first, middle, last]) => `${first}${middle}${last}`)
    .filter((name) => validateBucketName(name).ok);
  const segment = fc
    .string({
      unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.'),
      minLength: 1,
      maxLength: 12,
    })
    .filter((value) => value !== '.' && value !== '..');
  const prefix = fc.option(
    fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/')),
    { nil: undefined },
  );
  const key = fc.string({ minLength: 1, maxLength: 60 });
  const tier = fc.constantFrom('put-only' as const, 'multipart' as const);

  it('lints without errors or security warnings, allows PutObject under the prefix and nothing else', () => {
    fc.assert(
      fc.property(bucketName, prefix, key, tier, fc.boolean(), (bucket, folder, name, level, tls) => {
        const options = folder === undefined ? { bucket, tier: level } : { bucket, prefix: folder, tier: level };
        const policy = generateUploadPolicy({ ...options, requireTls: tls });
        const serious = lintPolicy(policy, options).filter(
          (item) => item.severity === 'error' || item.severity === 'security_warning',
        );
        expect(serious).toEqual([]);

        const base = `arn:aws:s3:::${bucket}/${folder === undefined ? '' : `${folder}/`}`;
        const context = { 'aws:SecureTransport': true };
        const decide = (action: string, resource: string) =>
          evaluatePolicy(policy, { action, resource, context }).decision;
        expect(decide('s3:PutObject', `${base}${name}`)).toBe('allow');
        expect(decide('s3:GetObject', `${base}${name}`)).not.toBe('allow');
        expect(decide('s3:DeleteObject', `${base}${name}`)).not.toBe('allow');
        expect(decide('s3:ListBucket', `arn:aws:s3:::${bucket}`)).not.toBe('allow');
        expect(decide('s3:PutObject', `arn:aws:s3:::${bucket}x/${name}`)).not.toBe('allow');
        expect(decide('s3:PutObject', `arn:aws:s3:::other-${bucket}/${name}`)).not.toBe('allow');
        if (folder !== undefined) {
          if (!name.startsWith(`${folder}/`)) {
            expect(decide('s3:PutObject', `arn:aws:s3:::${bucket}/${name}`)).not.toBe('allow');
          }
          expect(decide('s3:PutObject', `arn:aws:s3:::${bucket}/${folder}x/${name}`)).not.toBe('allow');
          expect(decide('s3:PutObject', `arn:aws:s3:::${bucket}/${folder}`)).not.toBe('allow');
        }
      }),
      { numRuns: 200 },
    );
  });
});
