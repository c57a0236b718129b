import { access } from 'node:fs/promises';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
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

describe('multipart uploads', () => {
  const MiB = 1024 * 1024;
  const sizes = [5 * MiB + 1, 6 * MiB, 1234];

  async function startUpload(s3: LocalS3, key = 'big.bin') {
    const s3Client = client(s3);
    const { UploadId } = await s3Client.send(new CreateMultipartUploadCommand({ Bucket: 'lab-a', Key: key }));
    if (UploadId === undefined) throw new Error('no upload ID');
    return { s3Client, uploadId: UploadId, key };
  }

  async function uploadParts(s3Client: S3Client, key: string, uploadId: string) {
    const etags: string[] = [];
    // Out of order on purpose: the listing is sorted by part number, not by arrival.
    for (const partNumber of [2, 1, 3]) {
      const size = sizes[partNumber - 1] ?? 0;
      const { ETag } = await s3Client.send(
        new UploadPartCommand({
          Bucket: 'lab-a',
          Key: key,
          UploadId: uploadId,
          PartNumber: partNumber,
          Body: Buffer.alloc(size, partNumber),
        }),
      );
      etags[partNumber - 1] = ETag ?? '';
    }
    return etags;
  }

  it('lists uploaded parts in part-number order with their sizes and ETags', async () => {
    const s3 = await start({ buckets: ['lab-a'] });
    const { s3Client, uploadId, key } = await startUpload(s3);
    const etags = await uploadParts(s3Client, key, uploadId);
    expect(etags.every((etag) => /^"[0-9a-f]{32}"$/.test(etag))).toBe(true);

    const listed = await s3Client.send(new ListPartsCommand({ Bucket: 'lab-a', Key: key, UploadId: uploadId }));
    expect(listed).toMatchObject({ Bucket: 'lab-a', Key: key, UploadId: uploadId, IsTruncated: false });
    expect(listed.Parts?.map(({ PartNumber, ETag, Size }) => ({ PartNumber, ETag, Size }))).toEqual([
      { PartNumber: 1, ETag: etags[0], Size: sizes[0] },
      { PartNumber: 2, ETag: etags[1], Size: sizes[1] },
      { PartNumber: 3, ETag: etags[2], Size: sizes[2] },
    ]);
    expect(listed.Parts?.every((part) => part.LastModified instanceof Date)).toBe(true);

    // The listed ETags are all that completing the upload needs.
    await s3Client.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'lab-a',
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: listed.Parts?.map(({ PartNumber, ETag }) => ({ PartNumber, ETag })) },
      }),
    );
    const object = await s3Client.send(new GetObjectCommand({ Bucket: 'lab-a', Key: key }));
    expect(object.ContentLength).toBe(sizes.reduce((sum, size) => sum + size, 0));
  });

  it('pages the part listing with max-parts and part-number-marker', async () => {
    const s3 = await start({ buckets: ['lab-a'] });
    const { s3Client, uploadId, key } = await startUpload(s3);
    await uploadParts(s3Client, key, uploadId);

    const first = await s3Client.send(
      new ListPartsCommand({ Bucket: 'lab-a', Key: key, UploadId: uploadId, MaxParts: 2 }),
    );
    expect(first).toMatchObject({ MaxParts: 2, IsTruncated: true, NextPartNumberMarker: '2' });
    expect(first.Parts?.map((part) => part.PartNumber)).toEqual([1, 2]);

    const second = await s3Client.send(
      new ListPartsCommand({
        Bucket: 'lab-a',
        Key: key,
        UploadId: uploadId,
        MaxParts: 2,
        PartNumberMarker: first.NextPartNumberMarker,
      }),
    );
    expect(second).toMatchObject({ PartNumberMarker: '2', IsTruncated: false, NextPartNumberMarker: '3' });
    expect(second.Parts?.map((part) => part.PartNumber)).toEqual([3]);
  });

  it('aborts an upload: its parts are gone and it can be neither listed, added to nor completed', async () => {
    const s3 = await start({ buckets: ['lab-a'] });
    const { s3Client, uploadId, key } = await startUpload(s3);
    const etags = await uploadParts(s3Client, key, uploadId);

    const aborted = await s3Client.send(
      new AbortMultipartUploadCommand({ Bucket: 'lab-a', Key: key, UploadId: uploadId }),
    );
    expect(aborted.$metadata.httpStatusCode).toBe(204);

    const noSuchUpload = { name: 'NoSuchUpload', $metadata: { httpStatusCode: 404 } };
    await expect(
      s3Client.send(new ListPartsCommand({ Bucket: 'lab-a', Key: key, UploadId: uploadId })),
    ).rejects.toMatchObject(noSuchUpload);
    await expect(
      s3Client.send(
        new UploadPartCommand({ Bucket: 'lab-a', Key: key, UploadId: uploadId, PartNumber: 4, Body: 'late' }),
      ),
    ).rejects.toMatchObject(noSuchUpload);
    await expect(
      s3Client.send(
        new CompleteMultipartUploadCommand({
          Bucket: 'lab-a',
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: etags.map((ETag, index) => ({ PartNumber: index + 1, ETag })) },
        }),
      ),
    ).rejects.toMatchObject(noSuchUpload);
    await expect(
      s3Client.send(new AbortMultipartUploadCommand({ Bucket: 'lab-a', Key: key, UploadId: uploadId })),
    ).rejects.toMatchObject(noSuchUpload);
    await expect(s3Client.send(new GetObjectCommand({ Bucket: 'lab-a', Key: key }))).rejects.toMatchObject({
      name: 'NoSuchKey',
    });
  });

  it('answers NoSuchUpload for an unknown upload ID, or one made for another key', async () => {
    const s3 = await start({ buckets: ['lab-a'] });
    const { s3Client, uploadId } = await startUpload(s3, 'mine.bin');
    const noSuchUpload = { name: 'NoSuchUpload', $metadata: { httpStatusCode: 404 } };
    for (const [key, id] of [
      ['mine.bin', 'f'.repeat(32)],
      ['mine.bin', '../../etc'],
      ['other.bin', uploadId],
    ] as const) {
      await expect(
        s3Client.send(new ListPartsCommand({ Bucket: 'lab-a', Key: key, UploadId: id })),
      ).rejects.toMatchObject(noSuchUpload);
      await expect(
        s3Client.send(new AbortMultipartUploadCommand({ Bucket: 'lab-a', Key: key, UploadId: id })),
      ).rejects.toMatchObject(noSuchUpload);
      await expect(
        s3Client.send(new UploadPartCommand({ Bucket: 'lab-a', Key: key, UploadId: id, PartNumber: 1, Body: 'x' })),
      ).rejects.toMatchObject(noSuchUpload);
    }
  });

  it('verifies the signature of ListParts and AbortMultipartUpload', async () => {
    const s3 = await start({ buckets: ['lab-a'] });
    const { s3Client, uploadId, key } = await startUpload(s3);
    await s3Client.send(
      new UploadPartCommand({ Bucket: 'lab-a', Key: key, UploadId: uploadId, PartNumber: 1, Body: 'part' }),
    );
    const intruder = client(s3, { ...s3.credentials, secretAccessKey: 'z'.repeat(40) });
    const refused = { name: 'SignatureDoesNotMatch', $metadata: { httpStatusCode: 403 } };
    await expect(
      intruder.send(new ListPartsCommand({ Bucket: 'lab-a', Key: key, UploadId: uploadId })),
    ).rejects.toMatchObject(refused);
    await expect(
      intruder.send(new AbortMultipartUploadCommand({ Bucket: 'lab-a', Key: key, UploadId: uploadId })),
    ).rejects.toMatchObject(refused);

    const listed = await s3Client.send(new ListPartsCommand({ Bucket: 'lab-a', Key: key, UploadId: uploadId }));
    expect(listed.Parts?.map((part) => part.Size)).toEqual([4]);
  });
});
