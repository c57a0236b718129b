import { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { type LocalS3, startLocalS3 } from '@sos/local-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Connection, createS3Client, presignPost, putObject, S3ClientCache, type UploadProgress } from '../src';

let s3: LocalS3;
let connection: Connection;
const clients = new S3ClientCache();

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

async function readBack(
  key: string,
): Promise<{ bytes: Buffer; contentType?: string; metadata?: Record<string, string> }> {
  const client = createS3Client(connection);
  const object = await client.send(new GetObjectCommand({ Bucket: connection.bucket, Key: key }));
  const head = await client.send(new HeadObjectCommand({ Bucket: connection.bucket, Key: key }));
  return {
    bytes: Buffer.from((await object.Body?.transformToByteArray()) ?? []),
    ...(head.ContentType === undefined ? {} : { contentType: head.ContentType }),
    ...(head.Metadata === undefined ? {} : { metadata: head.Metadata }),
  };
}

// The embedded server checks neither POST policies nor POST signatures: presign-post.test.ts checks the
// policy document and its signature instead.
describe('presignPost against the embedded S3 server', () => {
  it('uploads a file with the returned form fields, and it reads back with its type and metadata', async () => {
    const key = 'tenant-a/forms/xray.png';
    const post = await presignPost({
      connection,
      key,
      contentType: 'image/png',
      maxBytes: 1024,
      metadata: { orderId: 'A-17' },
      clients,
    });
    const form = new FormData();
    for (const [name, value] of Object.entries(post.fields)) form.append(name, value);
    form.append('file', new Blob([Buffer.from('png bytes')], { type: 'image/png' }), 'xray.png');
    const response = await fetch(post.url, { method: post.method, body: form });
    expect(response.status).toBeLessThan(300);
    const stored = await readBack(key);
    expect(stored.bytes.toString()).toBe('png bytes');
    expect(stored.contentType).toBe('image/png');
    expect(stored.metadata).toEqual({ orderid: 'A-17' });
  });
});

describe('putObject against the embedded S3 server', () => {
  it('uploads a buffer and reports progress up to its size', async () => {
    const progress: UploadProgress[] = [];
    const body = Buffer.from('%PDF-1.7 order A-17');
    const result = await putObject({
      connection,
      key: 'tenant-a/orders/A-17/order.pdf',
      body,
      contentType: 'application/pdf',
      metadata: { orderId: 'A-17' },
      onProgress: (event) => progress.push(event),
      clients,
    });
    expect(result.etag).toEqual(expect.any(String));
    expect(progress.at(-1)).toEqual({ loaded: body.length, total: body.length });
    const stored = await readBack('tenant-a/orders/A-17/order.pdf');
    expect(stored.bytes.equals(body)).toBe(true);
    expect(stored.contentType).toBe('application/pdf');
    expect(stored.metadata).toEqual({ orderid: 'A-17' });
  });

  it('uploads a stream of unknown length in parts and reads back equal', async () => {
    const chunk = Buffer.from(Array.from({ length: 1024 * 1024 }, (_, i) => i % 251));
    const chunks = Array.from({ length: 12 }, (_, n) => Buffer.concat([chunk, Buffer.from([n])]));
    const progress: UploadProgress[] = [];
    await putObject({
      connection,
      key: 'tenant-a/reports/big.bin',
      body: Readable.from(chunks),
      contentType: 'application/octet-stream',
      partSize: 5 * 1024 * 1024,
      onProgress: (event) => progress.push(event),
      clients,
    });
    const expected = Buffer.concat(chunks);
    expect((await readBack('tenant-a/reports/big.bin')).bytes.equals(expected)).toBe(true);
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...progress.map((event) => event.loaded))).toBe(expected.length);
  });
});
