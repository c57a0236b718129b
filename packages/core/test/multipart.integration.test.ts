import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { type LocalS3, startLocalS3 } from '@sos/local-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  abortMultipartUpload,
  type CompletedPart,
  type Connection,
  completeMultipartUpload,
  createMultipartUpload,
  createS3Client,
  listParts,
  planParts,
  S3ClientCache,
  signParts,
} from '../src';

let s3: LocalS3;
let connection: Connection;
const clients = new S3ClientCache();
const MiB = 1024 ** 2;

beforeAll(async () => {
  s3 = await startLocalS3({ buckets: ['lab-uploads'] });
  connection = {
    bucket: 'lab-uploads',
    region: s3.region,
    credentials: s3.credentials,
    endpoint: s3.endpoint,
    prefix: 'tenant-a',
  };
});
afterAll(async () => {
  clients.clear();
  await s3.stop();
});

const file = Buffer.from(Array.from({ length: 11 * MiB + 123 }, (_, i) => (i * 7 + (i >> 12)) % 256));

describe('multipart uploads against the embedded S3 server', () => {
  it('uploads 3 parts through presigned URLs exactly as a browser would, completes, and reads back equal', async () => {
    const key = 'tenant-a/scans/cbct.dcm';
    const plan = planParts(file.length, { partSize: 5 * MiB });
    expect(plan.partCount).toBe(3);
    const { uploadId } = await createMultipartUpload({
      connection,
      key,
      contentType: 'application/dicom',
      metadata: { orderId: 'A-17' },
      clients,
    });
    const signed = await signParts({
      connection,
      key,
      uploadId,
      partNumbers: plan.parts.map((part) => part.partNumber),
      plan,
      clients,
    });
    const completed: CompletedPart[] = await Promise.all(
      signed.parts.map(async (part) => {
        const planned = plan.parts[part.partNumber - 1];
        const response = await fetch(part.url, {
          method: part.method,
          headers: part.headers,
          body: file.subarray(planned?.start, planned?.end),
        });
        expect(response.status).toBe(200);
        return { partNumber: part.partNumber, etag: response.headers.get('etag') ?? '' };
      }),
    );
    const done = await completeMultipartUpload({ connection, key, uploadId, parts: completed.reverse(), clients });
    expect(done).toMatchObject({ bucket: 'lab-uploads', key, etag: expect.any(String) });

    const s3Client = createS3Client(connection);
    const object = await s3Client.send(new GetObjectCommand({ Bucket: connection.bucket, Key: key }));
    expect(Buffer.from((await object.Body?.transformToByteArray()) ?? []).equals(file)).toBe(true);
    const head = await s3Client.send(new HeadObjectCommand({ Bucket: connection.bucket, Key: key }));
    expect(head.ContentType).toBe('application/dicom');
    expect(head.Metadata).toEqual({ orderid: 'A-17' });
  });

  it('refuses a part of another size than planned, and a tampered part URL', async () => {
    const key = 'tenant-a/scans/other.dcm';
    const plan = planParts(file.length, { partSize: 5 * MiB });
    const { uploadId } = await createMultipartUpload({ connection, key, contentType: 'application/dicom', clients });
    const { parts } = await signParts({ connection, key, uploadId, partNumbers: [1, 2], plan, clients });
    const tooBig = await fetch(parts[0]?.url ?? '', { method: 'PUT', body: file.subarray(0, 5 * MiB + 1) });
    expect(tooBig.status).toBe(403);
    const otherPart = (parts[1]?.url ?? '').replace('partNumber=2', 'partNumber=3');
    const tampered = await fetch(otherPart, { method: 'PUT', body: file.subarray(5 * MiB, 10 * MiB) });
    expect(tampered.status).toBe(403);
  });

  it('lists the parts uploaded so far to resume, then aborts: the upload is gone', async () => {
    const key = 'tenant-a/scans/resume.dcm';
    const plan = planParts(file.length, { partSize: 5 * MiB });
    const { uploadId } = await createMultipartUpload({ connection, key, contentType: 'application/dicom', clients });
    const { parts } = await signParts({ connection, key, uploadId, partNumbers: [1, 3], plan, clients });
    const etags = await Promise.all(
      parts.map(async (part) => {
        const planned = plan.parts[part.partNumber - 1];
        const response = await fetch(part.url, {
          method: part.method,
          headers: part.headers,
          body: file.subarray(planned?.start, planned?.end),
        });
        expect(response.status).toBe(200);
        return { partNumber: part.partNumber, etag: response.headers.get('etag') ?? '', size: planned?.size };
      }),
    );
    expect(await listParts({ connection, key, uploadId, clients })).toEqual(etags);

    await abortMultipartUpload({ connection, key, uploadId, clients });
    await expect(listParts({ connection, key, uploadId, clients })).rejects.toMatchObject({ code: 'NO_SUCH_UPLOAD' });
    await expect(abortMultipartUpload({ connection, key, uploadId, clients })).rejects.toMatchObject({
      code: 'NO_SUCH_UPLOAD',
    });
  });
});
