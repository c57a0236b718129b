import { GetObjectCommand } from '@aws-sdk/client-s3';
import { type LocalS3, startLocalS3 } from '@sos/local-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Connection, createS3Client, presignPut, S3ClientCache } from '../src';

let s3: LocalS3;
let connection: Connection;
const clients = new S3ClientCache();

beforeAll(async () => {
  s3 = await startLocalS3({ buckets: ['lab-uploads'] });
  connection = { bucket: 'lab-uploads', region: s3.region, credentials: s3.credentials, endpoint: s3.endpoint };
});
afterAll(async () => {
  clients.clear();
  await s3.stop();
});

async function readBack(key: string): Promise<{ bytes: Buffer; contentType: string | undefined }> {
  const object = await createS3Client(connection).send(new GetObjectCommand({ Bucket: connection.bucket, Key: key }));
  return { bytes: Buffer.from((await object.Body?.transformToByteArray()) ?? []), contentType: object.ContentType };
}

const s3ErrorCode = async (response: Response): Promise<string | undefined> =>
  /<Code>([^<]+)<\/Code>/.exec(await response.text())?.[1];

describe('presignPut against the embedded S3 server', () => {
  it('uploads bytes with exactly the returned method, URL and headers, and they read back equal', async () => {
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256));
    const upload = await presignPut({ connection, key: 'orders/1/scan.stl', contentType: 'model/stl', clients });
    const response = await fetch(upload.url, { method: upload.method, headers: upload.headers, body: bytes });
    expect(response.status).toBe(200);
    const stored = await readBack('orders/1/scan.stl');
    expect(stored.bytes.equals(bytes)).toBe(true);
    expect(stored.contentType).toBe('model/stl');
  });

  it('rejects a tampered signature with 403 SignatureDoesNotMatch', async () => {
    const upload = await presignPut({ connection, key: 'tampered.txt', contentType: 'text/plain', clients });
    const url = new URL(upload.url);
    const signature = url.searchParams.get('X-Amz-Signature') ?? '';
    url.searchParams.set('X-Amz-Signature', `${signature[0] === 'a' ? 'b' : 'a'}${signature.slice(1)}`);
    const response = await fetch(url, { method: 'PUT', headers: upload.headers, body: 'x' });
    expect(response.status).toBe(403);
    expect(await s3ErrorCode(response)).toBe('SignatureDoesNotMatch');
  });

  it('rejects an upload whose key was changed after signing', async () => {
    const upload = await presignPut({ connection, key: 'allowed.txt', contentType: 'text/plain', clients });
    const response = await fetch(upload.url.replace('allowed.txt', 'other.txt'), {
      method: 'PUT',
      headers: upload.headers,
      body: 'x',
    });
    expect(response.status).toBe(403);
  });

  it('rejects a different Content-Type with 403', async () => {
    const upload = await presignPut({ connection, key: 'typed.png', contentType: 'image/png', clients });
    const response = await fetch(upload.url, {
      method: 'PUT',
      headers: { 'content-type': 'text/html' },
      body: '<script>',
    });
    expect(response.status).toBe(403);
    expect(await s3ErrorCode(response)).toBe('SignatureDoesNotMatch');
  });

  it('rejects an expired URL with 403', async () => {
    const upload = await presignPut({
      connection,
      key: 'late.txt',
      contentType: 'text/plain',
      expiresIn: 60,
      now: new Date(Date.now() - 120_000),
      clients,
    });
    expect(upload.expiresAt.getTime()).toBeLessThan(Date.now());
    const response = await fetch(upload.url, { method: upload.method, headers: upload.headers, body: 'x' });
    expect(response.status).toBe(403);
    expect(await s3ErrorCode(response)).toBe('AccessDenied');
  });

  it('rejects a URL signed with another secret with 403', async () => {
    const upload = await presignPut({
      connection: { ...connection, credentials: { ...connection.credentials, secretAccessKey: 'z'.repeat(40) } },
      key: 'wrong-secret.txt',
      contentType: 'text/plain',
      clients,
    });
    const response = await fetch(upload.url, { method: upload.method, headers: upload.headers, body: 'x' });
    expect(response.status).toBe(403);
  });
});
