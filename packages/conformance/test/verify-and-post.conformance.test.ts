// verifyConnection, CORS and POST limits on Ceph RGW.
import { PutBucketCorsCommand } from '@aws-sdk/client-s3';
import {
  type Connection,
  generateCorsConfiguration,
  generateUploadPolicy,
  presignPost,
  type VerifyResult,
  verifyConnection,
} from '@sos/core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  adminS3,
  connectionFor,
  createBucket,
  createUser,
  grantThroughBucketPolicy,
  httpOutcome,
  rgw,
  unique,
} from './rgw';

/** RGW runs on this machine: the endpoint check lets it through. */
const local = (url: URL): boolean => url.hostname === '127.0.0.1';

const APP = 'https://orders.example.com';
const codes = (result: VerifyResult) =>
  Object.fromEntries(result.checks.map((check) => [check.id, `${check.status} ${check.code}`]));

let bucket: string;
beforeAll(async () => {
  bucket = await createBucket(unique('sos-verify'));
  const { putBucketCors } = generateCorsConfiguration({ origins: [APP] });
  await adminS3.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: putBucketCors }));
});

describe('verifyConnection on RGW', () => {
  let putOnly: Connection;
  beforeAll(async () => {
    putOnly = connectionFor(bucket, await createUser(generateUploadPolicy({ bucket, prefix: 'orders' })), 'orders');
  });

  it('passes the put-only user, whose only extra right is RGW’s: reading what it uploaded itself', async () => {
    const result = await verifyConnection(putOnly, { origins: [APP], allowEndpoint: local });
    expect(codes(result)).toMatchObject({
      format: 'pass FORMAT_OK',
      bucket: 'pass BUCKET_OK',
      write: 'pass WRITE_OK',
      'presigned-write': 'pass PRESIGNED_WRITE_OK',
      cors: 'pass CORS_OK',
      clock: 'pass CLOCK_OK',
    });
    // RGW makes the uploader the owner of its objects, and owners may read them whatever
    // the IAM policy says; on AWS this user could not. Listing and deleting stay refused.
    const leastPrivilege = result.checks.find((check) => check.id === 'least-privilege');
    expect(leastPrivilege?.details?.results).toEqual({ read: 'granted', list: 'denied', delete: 'denied' });
  });

  it('warns that the admin key can read, list and delete', async () => {
    const result = await verifyConnection(connectionFor(bucket, rgw.admin, 'orders'), {
      origins: [APP],
      allowEndpoint: local,
    });
    const leastPrivilege = result.checks.find((check) => check.id === 'least-privilege');
    expect(leastPrivilege).toMatchObject({ status: 'warn', code: 'LEAST_PRIVILEGE_EXCESS' });
    expect(leastPrivilege?.details?.extraRights).toEqual(['read', 'list', 'delete']);
    expect(result.status).toBe('degraded');
  });

  it('fails the write of a user without a policy, with the access-denied code and the policy to paste', async () => {
    const result = await verifyConnection(connectionFor(bucket, await createUser(), 'orders'), {
      origins: [APP],
      allowEndpoint: local,
    });
    const write = result.checks.find((check) => check.id === 'write');
    expect(write).toMatchObject({ status: 'fail', code: 'S3_ACCESS_DENIED' });
    expect(String(write?.details?.policy)).toContain(`arn:aws:s3:::${bucket}/orders/*`);
    expect(result.status).toBe('failed');
  });

  it('passes CORS for the app’s origin as applied from generateCorsConfiguration, and fails it for another', async () => {
    const other = await verifyConnection(putOnly, { origins: ['https://evil.example.net'], allowEndpoint: local });
    expect(other.checks.find((check) => check.id === 'cors')).toMatchObject({ status: 'fail', code: 'CORS_REFUSED' });
    const bare = await createBucket(unique('sos-nocors'));
    const none = await verifyConnection(connectionFor(bare, rgw.admin), { origins: [APP], allowEndpoint: local });
    expect(none.checks.find((check) => check.id === 'cors')).toMatchObject({ status: 'fail', code: 'CORS_REFUSED' });
  });

  it('never returns the secret', async () => {
    const result = await verifyConnection(putOnly, { origins: [APP], allowEndpoint: local });
    expect(JSON.stringify(result)).not.toContain(putOnly.credentials.secretAccessKey);
  });
});

describe('presignPost limits on RGW', () => {
  let connection: Connection;
  beforeAll(async () => {
    const postBucket = await createBucket(unique('sos-post-limits'));
    const user = await createUser();
    // RGW 16 applies only bucket policies to POST uploads (see upload-policy.conformance.test.ts).
    await grantThroughBucketPolicy(postBucket, user.uid, generateUploadPolicy({ bucket: postBucket }));
    connection = connectionFor(postBucket, user);
  });

  async function post(size: number, contentType: string): Promise<string> {
    const signed = await presignPost({ connection, key: 'scans/photo.png', contentType: 'image/png', maxBytes: 1000 });
    const form = new FormData();
    for (const [name, value] of Object.entries({ ...signed.fields, 'Content-Type': contentType }))
      form.append(name, value);
    form.append('file', new Blob([new Uint8Array(size)]));
    return httpOutcome(await fetch(signed.url, { method: 'POST', body: form }));
  }

  it('accepts a file within the limit and of the signed type', async () => {
    expect(await post(1000, 'image/png')).toBe('OK');
  });

  it('refuses a file over maxBytes with EntityTooLarge', async () => {
    expect(await post(1001, 'image/png')).toBe('EntityTooLarge');
  });

  it('refuses another Content-Type with AccessDenied', async () => {
    expect(await post(10, 'text/html')).toBe('AccessDenied');
  });
});
