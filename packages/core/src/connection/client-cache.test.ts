import { inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { connectionFingerprint, S3ClientCache, usesPathStyle } from './client-cache';
import type { Connection } from './types';

const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const tenant = (n: number, secretAccessKey = secret): Connection => ({
  bucket: `lab-${n}`,
  region: 'us-east-1',
  credentials: { accessKeyId: `AKIAIOSFODNN7EXAMP${String(n).padStart(2, '0')}`, secretAccessKey },
});

describe('S3ClientCache', () => {
  it('returns the same client for the same tenant and another for a rotated secret', () => {
    const cache = new S3ClientCache();
    const first = cache.get(tenant(1));
    expect(cache.get(tenant(1))).toBe(first);
    expect(cache.get(tenant(1, `${secret.slice(0, -1)}X`))).not.toBe(first);
    expect(cache.size).toBe(2);
  });

  it('notices a rotated secret on a connection object it has seen before', () => {
    const cache = new S3ClientCache();
    const connection = tenant(1);
    const first = cache.get(connection);
    expect(cache.get(connection)).toBe(first);
    connection.credentials.secretAccessKey = `${secret.slice(0, -1)}Z`;
    expect(cache.get(connection)).not.toBe(first);
    connection.region = 'eu-west-1';
    expect(cache.size).toBe(2);
    expect(cache.get(connection)).not.toBe(first);
    expect(cache.size).toBe(3);
  });

  it('stays within its bound and destroys the least recently used client', () => {
    const cache = new S3ClientCache({ maxClients: 3 });
    const oldest = cache.get(tenant(1));
    const destroy = vi.spyOn(oldest, 'destroy');
    cache.get(tenant(2));
    cache.get(tenant(3));
    cache.get(tenant(4));
    expect(cache.size).toBe(3);
    expect(destroy).toHaveBeenCalledOnce();
    expect(cache.get(tenant(1))).not.toBe(oldest);
  });

  it('keeps a recently used client over an older one', () => {
    const cache = new S3ClientCache({ maxClients: 2 });
    const one = cache.get(tenant(1));
    cache.get(tenant(2));
    cache.get(tenant(1));
    cache.get(tenant(3));
    expect(cache.get(tenant(1))).toBe(one);
  });

  it('destroys every client on clear', () => {
    const cache = new S3ClientCache();
    const destroy = vi.spyOn(cache.get(tenant(1)), 'destroy');
    cache.clear();
    expect(destroy).toHaveBeenCalledOnce();
    expect(cache.size).toBe(0);
  });
});

describe('connectionFingerprint', () => {
  it('never contains the secret, and changes when the secret does', () => {
    const fingerprint = connectionFingerprint(tenant(1));
    expect(fingerprint).not.toContain(secret);
    expect(inspect(fingerprint)).not.toContain(secret.slice(0, 10));
    expect(connectionFingerprint(tenant(1, `${secret}2`))).not.toBe(fingerprint);
  });
});

describe('usesPathStyle', () => {
  it('is on for custom endpoints and dotted buckets, off otherwise, and can be forced', () => {
    expect(usesPathStyle(tenant(1))).toBe(false);
    expect(usesPathStyle({ ...tenant(1), endpoint: 'http://127.0.0.1:9000' })).toBe(true);
    expect(usesPathStyle({ ...tenant(1), bucket: 'my.lab' })).toBe(true);
    expect(usesPathStyle({ ...tenant(1), endpoint: 'https://s3.example.com', forcePathStyle: false })).toBe(false);
  });
});
