import { describe, expect, it } from 'vitest';
import { S3ClientCache } from '../connection';
import { presignPut } from './presign-put';

const credentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const connection = { bucket: 'lab-uploads', region: 'eu-central-1', credentials };
const now = new Date('2026-03-01T10:00:00.000Z');
const clients = new S3ClientCache();

describe('presignPut', () => {
  it('signs a virtual-hosted PUT with the content type as a signed header', async () => {
    const upload = await presignPut({ connection, key: 'a/scan.stl', contentType: 'model/stl', now, clients });
    const url = new URL(upload.url);
    expect(upload.method).toBe('PUT');
    expect(url.host).toBe('lab-uploads.s3.eu-central-1.amazonaws.com');
    expect(url.pathname).toBe('/a/scan.stl');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-type;host');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('X-Amz-Credential')).toBe('AKIAIOSFODNN7EXAMPLE/20260301/eu-central-1/s3/aws4_request');
    expect(upload.headers).toEqual({ 'content-type': 'model/stl' });
    expect(upload.expiresAt.toISOString()).toBe('2026-03-01T10:15:00.000Z');
    expect(upload).toMatchObject({ bucket: 'lab-uploads', key: 'a/scan.stl' });
  });

  it('does not bake an empty-body checksum into the URL (S3 would reject every upload)', async () => {
    const upload = await presignPut({ connection, key: 'k', contentType: 'image/png', now, clients });
    expect(upload.url).not.toMatch(/x-amz-checksum|x-amz-sdk-checksum-algorithm/i);
  });

  it('uses path-style URLs for custom endpoints and for bucket names with dots', async () => {
    const local = await presignPut({
      connection: { ...connection, endpoint: 'http://127.0.0.1:9000' },
      key: 'k',
      contentType: 'image/png',
      now,
      clients,
    });
    expect(local.url).toMatch(/^http:\/\/127\.0\.0\.1:9000\/lab-uploads\/k\?/);
    const dotted = await presignPut({
      connection: { ...connection, bucket: 'lab.uploads' },
      key: 'k',
      contentType: 'image/png',
      now,
      clients,
    });
    expect(new URL(dotted.url).pathname).toBe('/lab.uploads/k');
  });

  it('carries the session token of temporary credentials', async () => {
    const upload = await presignPut({
      connection: { ...connection, credentials: { ...credentials, sessionToken: 'the-token' } },
      key: 'k',
      contentType: 'image/png',
      now,
      clients,
    });
    expect(new URL(upload.url).searchParams.get('X-Amz-Security-Token')).toBe('the-token');
  });

  it('never puts the secret in the URL', async () => {
    const upload = await presignPut({ connection, key: 'k', contentType: 'image/png', now, clients });
    expect(JSON.stringify(upload)).not.toContain(credentials.secretAccessKey);
    expect(decodeURIComponent(upload.url)).not.toContain(credentials.secretAccessKey);
  });

  it('signs content-length when the size is known, without asking the browser to set it', async () => {
    const upload = await presignPut({
      connection,
      key: 'k',
      contentType: 'model/stl',
      contentLength: 48_213,
      now,
      clients,
    });
    expect(new URL(upload.url).searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
    expect(upload.headers).toEqual({ 'content-type': 'model/stl' });
  });

  it('signs a SHA-256 checksum as headers the browser must send, never hoisted into the URL', async () => {
    const checksumSha256 = Buffer.alloc(32, 9).toString('base64');
    const upload = await presignPut({ connection, key: 'k', contentType: 'model/stl', checksumSha256, now, clients });
    const url = new URL(upload.url);
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe(
      'content-type;host;x-amz-checksum-sha256;x-amz-sdk-checksum-algorithm',
    );
    expect(upload.url).not.toMatch(/x-amz-checksum-sha256=|x-amz-sdk-checksum-algorithm=/i);
    expect(upload.headers).toEqual({
      'content-type': 'model/stl',
      'x-amz-checksum-sha256': checksumSha256,
      'x-amz-sdk-checksum-algorithm': 'SHA256',
    });
  });

  it('signs metadata as x-amz-meta-* headers with lower-case names and trimmed values', async () => {
    const upload = await presignPut({
      connection,
      key: 'k',
      contentType: 'model/stl',
      metadata: { OrderId: ' A-17 ', 'x-amz-meta-lab': 'acme' },
      now,
      clients,
    });
    expect(upload.headers).toEqual({
      'content-type': 'model/stl',
      'x-amz-meta-orderid': 'A-17',
      'x-amz-meta-lab': 'acme',
    });
    expect(new URL(upload.url).searchParams.get('X-Amz-SignedHeaders')).toBe(
      'content-type;host;x-amz-meta-lab;x-amz-meta-orderid',
    );
  });

  it('refuses a key outside the connection prefix with KEY_OUTSIDE_PREFIX', async () => {
    await expect(
      presignPut({
        connection: { ...connection, prefix: 'tenant-a' },
        key: 'tenant-b/x',
        contentType: 'a/b',
        now,
        clients,
      }),
    ).rejects.toMatchObject({ code: 'KEY_OUTSIDE_PREFIX', status: 403 });
  });

  it.each([
    ['an empty key', { key: '' }],
    ['a key over 1024 bytes', { key: 'é'.repeat(513) }],
    ['a key with a .. segment', { key: 'a/../b' }],
    ['an empty content type', { contentType: ' ' }],
    ['a negative size', { contentLength: -1 }],
    ['a size over 5 GiB', { contentLength: 5 * 1024 ** 3 + 1 }],
    ['a checksum that is not base64 SHA-256', { checksumSha256: 'abc' }],
    ['a hex checksum', { checksumSha256: 'a'.repeat(64) }],
    ['non-ASCII metadata', { metadata: { name: 'Müller' } }],
    ['a metadata name with a space', { metadata: { 'order id': '1' } }],
    ['metadata names differing only in case', { metadata: { a: '1', A: '2' } }],
    ['metadata over 2 KB', { metadata: { a: 'x'.repeat(1500), b: 'y'.repeat(600) } }],
  ])('refuses %s with INVALID_INPUT', async (_name, override) => {
    await expect(
      presignPut({ connection, key: 'k', contentType: 'image/png', now, clients, ...override }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', hint: expect.any(String) });
  });

  it.each([
    ['a list of types, of which browsers take the last', 'image/png, text/html'],
    ['a parameter hiding a second type', 'application/pdf;a=,text/html'],
    ['a line break', 'text/plain\r\nx-evil: 1'],
    ['a parameter other than charset', 'text/plain; format=flowed'],
    ['a charset no browser knows', 'text/plain; charset=utf-7'],
  ])('refuses a content type with %s with INVALID_CONTENT_TYPE', async (_name, contentType) => {
    await expect(presignPut({ connection, key: 'k', contentType, now, clients })).rejects.toMatchObject({
      code: 'INVALID_CONTENT_TYPE',
      hint: expect.any(String),
    });
  });

  it('signs the normalised content type: lower case, a canonical charset', async () => {
    const upload = await presignPut({ connection, key: 'k', contentType: 'Text/Plain; Charset="UTF8"', now, clients });
    expect(upload.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(new URL(upload.url).searchParams.get('X-Amz-SignedHeaders')).toBe('content-type;host');
  });

  it('signs Content-Disposition when asked, so the browser must send exactly it', async () => {
    const upload = await presignPut({
      connection,
      key: 'k',
      contentType: 'image/png',
      contentDisposition: 'attachment',
      now,
      clients,
    });
    expect(upload.headers['content-disposition']).toBe('attachment');
    expect(new URL(upload.url).searchParams.get('X-Amz-SignedHeaders')).toBe('content-disposition;content-type;host');
    await expect(
      presignPut({
        connection,
        key: 'k',
        contentType: 'image/png',
        contentDisposition: 'attachment; filename=x.html' as 'attachment',
        now,
        clients,
      }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
