import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { S3ClientCache } from '../connection';
import { presignPost } from './presign-post';
import { deriveSigningKey } from './sigv4';

const credentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const connection = { bucket: 'lab-uploads', region: 'eu-central-1', credentials, prefix: 'acme' };
const clients = new S3ClientCache();
const now = new Date('2026-03-01T10:00:00.000Z');

interface Policy {
  expiration: string;
  conditions: unknown[];
}
const policyOf = (fields: Record<string, string>): Policy =>
  JSON.parse(Buffer.from(fields.Policy ?? '', 'base64').toString('utf8')) as Policy;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(now);
});
afterEach(() => vi.useRealTimers());

describe('presignPost', () => {
  it('puts the size range, exact key, Content-Type and metadata in the signed policy', async () => {
    const post = await presignPost({
      connection,
      key: 'acme/2026/x.png',
      contentType: 'image/png',
      minBytes: 1,
      maxBytes: 20 * 1024 ** 2,
      metadata: { orderId: 'A-17' },
      clients,
    });
    expect(post.method).toBe('POST');
    expect(post.url).toBe('https://lab-uploads.s3.eu-central-1.amazonaws.com/');
    expect(post.fields).toMatchObject({
      key: 'acme/2026/x.png',
      'Content-Type': 'image/png',
      'x-amz-meta-orderid': 'A-17',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': 'AKIAIOSFODNN7EXAMPLE/20260301/eu-central-1/s3/aws4_request',
      'X-Amz-Date': '20260301T100000Z',
    });
    const policy = policyOf(post.fields);
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ['content-length-range', 1, 20 * 1024 ** 2],
        { 'Content-Type': 'image/png' },
        { 'x-amz-meta-orderid': 'A-17' },
        { bucket: 'lab-uploads' },
        { key: 'acme/2026/x.png' },
      ]),
    );
    expect(JSON.stringify(policy.conditions)).not.toContain('starts-with');
  });

  it('expires the policy after expiresIn, 15 minutes by default', async () => {
    const post = await presignPost({ connection, key: 'acme/a', contentType: 'image/png', maxBytes: 10, clients });
    expect(policyOf(post.fields).expiration).toBe('2026-03-01T10:15:00Z');
    expect(post.expiresAt.toISOString()).toBe('2026-03-01T10:15:00.000Z');
    const short = await presignPost({
      connection,
      key: 'acme/a',
      contentType: 'image/png',
      maxBytes: 10,
      expiresIn: 60,
      clients,
    });
    expect(policyOf(short.fields).expiration).toBe('2026-03-01T10:01:00Z');
  });

  it('signs the policy with the SigV4 key of the day and region', async () => {
    const post = await presignPost({ connection, key: 'acme/a', contentType: 'image/png', maxBytes: 10, clients });
    const key = deriveSigningKey(credentials.secretAccessKey, '20260301', 'eu-central-1', 's3');
    expect(post.fields['X-Amz-Signature']).toBe(
      createHmac('sha256', key)
        .update(post.fields.Policy ?? '')
        .digest('hex'),
    );
  });

  it('adds the session token of temporary credentials as a field and a condition', async () => {
    const temporary = { ...connection, credentials: { ...credentials, sessionToken: 'the-token' } };
    const post = await presignPost({ connection: temporary, key: 'acme/a', contentType: 'a/b', maxBytes: 1, clients });
    expect(post.fields['X-Amz-Security-Token']).toBe('the-token');
    expect(policyOf(post.fields).conditions).toContainEqual({ 'X-Amz-Security-Token': 'the-token' });
  });

  it('uses a path-style URL for a custom endpoint', async () => {
    const local = { ...connection, endpoint: 'http://127.0.0.1:9000' };
    const post = await presignPost({ connection: local, key: 'acme/a', contentType: 'a/b', maxBytes: 1, clients });
    expect(post.url).toBe('http://127.0.0.1:9000/lab-uploads');
  });

  it.each([
    ['a key outside the prefix', { key: 'other/a' }, 'KEY_OUTSIDE_PREFIX'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: S3's form variable, spelled literally.
    ['a key the browser could complete', { key: 'acme/${filename}' }, 'INVALID_INPUT'],
    ['min above max', { minBytes: 10, maxBytes: 5 }, 'INVALID_INPUT'],
    ['more than 5 GiB', { maxBytes: 5 * 1024 ** 3 + 1 }, 'INVALID_INPUT'],
    ['a negative size', { maxBytes: -1 }, 'INVALID_INPUT'],
    ['an expiry over 7 days', { expiresIn: 604_801 }, 'INVALID_EXPIRY'],
  ])('refuses %s', async (_case, override, code) => {
    await expect(
      presignPost({ connection, key: 'acme/a', contentType: 'image/png', maxBytes: 10, clients, ...override }),
    ).rejects.toMatchObject({ code });
  });
});
