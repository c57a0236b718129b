import { createHash } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { type LocalS3, startLocalS3 } from '@sos/local-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildObjectKey,
  type Connection,
  createS3Client,
  DEFAULT_KEY_TEMPLATE,
  presignPut,
  S3ClientCache,
} from '../src';

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

  it('enforces a signed size: the exact body is stored, a body of another length is refused', async () => {
    const bytes = Buffer.alloc(1234, 7);
    const upload = await presignPut({
      connection,
      key: 'sized.bin',
      contentType: 'application/octet-stream',
      contentLength: bytes.length,
      clients,
    });
    // fetch sends content-length from the body itself; the returned headers do not (and cannot) carry it.
    expect(upload.headers).toEqual({ 'content-type': 'application/octet-stream' });
    const longer = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: Buffer.alloc(1235, 7) });
    expect(longer.status).toBe(403);
    expect(await s3ErrorCode(longer)).toBe('SignatureDoesNotMatch');
    const shorter = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: bytes.subarray(1) });
    expect(shorter.status).toBe(403);
    const exact = await fetch(upload.url, { method: upload.method, headers: upload.headers, body: bytes });
    expect(exact.status).toBe(200);
    expect((await readBack('sized.bin')).bytes.equals(bytes)).toBe(true);
  });

  it('stores the metadata on the object, and refuses an upload that leaves a signed metadata header out', async () => {
    const upload = await presignPut({
      connection,
      key: 'orders/2/with-metadata.stl',
      contentType: 'model/stl',
      metadata: { orderId: 'A-17', lab: 'Acme Dental' },
      clients,
    });
    const without = await fetch(upload.url, {
      method: 'PUT',
      headers: { 'content-type': 'model/stl' },
      body: 'solid',
    });
    expect(without.status).toBe(403);
    const response = await fetch(upload.url, { method: upload.method, headers: upload.headers, body: 'solid' });
    expect(response.status).toBe(200);
    const head = await createS3Client(connection).send(
      new HeadObjectCommand({ Bucket: connection.bucket, Key: 'orders/2/with-metadata.stl' }),
    );
    expect(head.Metadata).toEqual({ orderid: 'A-17', lab: 'Acme Dental' });
    expect(head.ContentType).toBe('model/stl');
  });

  it('refuses an upload that changes a signed checksum header (the server does not verify the bytes themselves)', async () => {
    const bytes = Buffer.from('checked bytes');
    const checksumSha256 = createHash('sha256').update(bytes).digest('base64');
    const upload = await presignPut({
      connection,
      key: 'checked.txt',
      contentType: 'text/plain',
      checksumSha256,
      clients,
    });
    const tampered = await fetch(upload.url, {
      method: 'PUT',
      headers: { ...upload.headers, 'x-amz-checksum-sha256': createHash('sha256').update('other').digest('base64') },
      body: bytes,
    });
    expect(tampered.status).toBe(403);
    const response = await fetch(upload.url, { method: upload.method, headers: upload.headers, body: bytes });
    expect(response.status).toBe(200);
    expect((await readBack('checked.txt')).bytes.equals(bytes)).toBe(true);
  });

  it('signs Content-MD5: another digest header is refused (the bytes are checked by real engines: see the RGW suite)', async () => {
    const bytes = Buffer.from('scan bytes');
    const contentMd5 = createHash('md5').update(bytes).digest('base64');
    const upload = await presignPut({ connection, key: 'md5.txt', contentType: 'text/plain', contentMd5, clients });
    expect(upload.headers['content-md5']).toBe(contentMd5);
    const otherDigest = createHash('md5').update('scan bytez').digest('base64');
    const wrong = await fetch(upload.url, {
      method: 'PUT',
      headers: { ...upload.headers, 'content-md5': otherDigest },
      body: 'scan bytez',
    });
    expect(wrong.status).toBe(403);
    expect(await s3ErrorCode(wrong)).toBe('SignatureDoesNotMatch');
    const right = await fetch(upload.url, { method: upload.method, headers: upload.headers, body: bytes });
    expect(right.status).toBe(200);
  });

  it('uploads to a key built from a hostile file name and reads it back', async () => {
    const key = buildObjectKey(DEFAULT_KEY_TEMPLATE, {
      prefix: 'tenant-a',
      filename: '..\\..\\Zahnärztin Müller <Befund> #1 \u202Egpj.exe 🦷.STL',
    });
    const tenant = { ...connection, prefix: 'tenant-a' };
    const upload = await presignPut({ connection: tenant, key, contentType: 'model/stl', contentLength: 5, clients });
    const response = await fetch(upload.url, { method: upload.method, headers: upload.headers, body: 'solid' });
    expect(response.status).toBe(200);
    expect((await readBack(key)).bytes.toString()).toBe('solid');
    expect(key).toMatch(
      /^tenant-a\/\d{4}\/\d{2}\/\d{2}\/[0-9a-f-]{36}\/Zahnärztin Müller _Befund_ _1 gpj\.exe 🦷\.stl$/,
    );
  });
});
