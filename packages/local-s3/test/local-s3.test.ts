import { access } from 'node:fs/promises';
import {
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalS3, type LocalS3Credentials, startLocalS3 } from '../src';

const running: LocalS3[] = [];
async function start(...args: Parameters<typeof startLocalS3>): Promise<LocalS3> {
  const s3 = await startLocalS3(...args);
  running.push(s3);
  return s3;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((s3) => s3.stop()));
});

function client(s3: LocalS3, credentials: LocalS3Credentials = s3.credentials): S3Client {
  return new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    credentials,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
}

describe('startLocalS3', () => {
  it('listens on 127.0.0.1 on a free port with generated IAM-shaped keys', async () => {
    const s3 = await start({ buckets: ['lab-a'] });
    expect(s3.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(s3.endpoint).not.toBe('http://127.0.0.1:0');
    expect(s3.credentials.accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(s3.credentials.secretAccessKey).toHaveLength(40);
  });

  it('stores and returns objects in the buckets it created', async () => {
    const s3 = await start({ buckets: ['lab-a'] });
    const s3Client = client(s3);
    await s3Client.send(new PutObjectCommand({ Bucket: 'lab-a', Key: 'a/b.txt', Body: 'hello' }));
    const object = await s3Client.send(new GetObjectCommand({ Bucket: 'lab-a', Key: 'a/b.txt' }));
    expect(await object.Body?.transformToString()).toBe('hello');
  });

  it('refuses unknown keys, a wrong secret and the package’s built-in key pair', async () => {
    const s3 = await start({ buckets: ['lab-a'] });
    const put = (credentials: LocalS3Credentials) =>
      client(s3, credentials).send(new PutObjectCommand({ Bucket: 'lab-a', Key: 'x', Body: 'x' }));
    await expect(put({ accessKeyId: 'AKIAUNKNOWNEXAMPLE22', secretAccessKey: 'x'.repeat(40) })).rejects.toMatchObject({
      name: 'InvalidAccessKeyId',
    });
    await expect(put({ ...s3.credentials, secretAccessKey: 'y'.repeat(40) })).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
    });
    await expect(put({ accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' })).rejects.toMatchObject({
      name: 'InvalidAccessKeyId',
    });
  });

  it('accepts extra key pairs, one per tenant, and forgets them on stop', async () => {
    const s3 = await start({ buckets: ['lab-b'] });
    const tenantKey = s3.createAccessKey();
    expect(tenantKey.accessKeyId).not.toBe(s3.credentials.accessKeyId);
    await client(s3, tenantKey).send(new PutObjectCommand({ Bucket: 'lab-b', Key: 'k', Body: 'v' }));
    await s3.stop();

    const next = await start({ buckets: ['lab-b'] });
    await expect(
      client(next, tenantKey).send(new PutObjectCommand({ Bucket: 'lab-b', Key: 'k', Body: 'v' })),
    ).rejects.toMatchObject({ name: 'InvalidAccessKeyId' });
  });

  it('answers CORS preflights from allowed origins only', async () => {
    const s3 = await start({
      buckets: [
        {
          name: 'with-cors',
          cors: [{ AllowedOrigins: ['http://app.test'], AllowedMethods: ['PUT'], AllowedHeaders: ['*'] }],
        },
        'without-cors',
      ],
    });
    const preflight = (bucket: string, origin: string) =>
      fetch(`${s3.endpoint}/${bucket}/some/key`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' },
      });
    expect((await preflight('with-cors', 'http://app.test')).status).toBe(200);
    expect((await preflight('with-cors', 'http://evil.test')).status).toBe(403);
    expect((await preflight('without-cors', 'http://app.test')).status).toBe(403);
  });

  it('verifies signatures of bucket-level requests (ListObjectsV2, HeadBucket) like S3 does', async () => {
    const s3 = await start({ buckets: ['lab-a'] });
    await client(s3).send(new PutObjectCommand({ Bucket: 'lab-a', Key: 'listed.txt', Body: 'x' }));
    const listed = await client(s3).send(new ListObjectsV2Command({ Bucket: 'lab-a' }));
    expect(listed.Contents?.map((object) => object.Key)).toEqual(['listed.txt']);
    await client(s3).send(new HeadBucketCommand({ Bucket: 'lab-a' }));
    await expect(
      client(s3, { ...s3.credentials, secretAccessKey: 'w'.repeat(40) }).send(
        new ListObjectsV2Command({ Bucket: 'lab-a' }),
      ),
    ).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
  });

  it('creates buckets while running', async () => {
    const s3 = await start();
    await s3.createBucket('late-bucket');
    await client(s3).send(new PutObjectCommand({ Bucket: 'late-bucket', Key: 'k', Body: 'v' }));
  });

  it('closes its port and deletes its folder on stop, and a second stop is harmless', async () => {
    const s3 = await start({ buckets: ['lab-a'] });
    await s3.stop();
    await s3.stop();
    await expect(access(s3.directory)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(fetch(`${s3.endpoint}/lab-a/x`)).rejects.toThrow();
  });
});
