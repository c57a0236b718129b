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

  it.each([
    ['an empty key', { key: '' }],
    ['a key over 1024 bytes', { key: 'é'.repeat(513) }],
    ['an empty content type', { contentType: ' ' }],
  ])('refuses %s with INVALID_INPUT', async (_name, override) => {
    await expect(
      presignPut({ connection, key: 'k', contentType: 'image/png', now, clients, ...override }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', hint: expect.any(String) });
  });
});
