import { describe, expect, it } from 'vitest';
import { TenantCredentials } from '../redaction';
import { DEFAULT_EXPIRES_IN, MAX_EXPIRES_IN, resolveExpiresIn } from './expiry';

const keys = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const now = new Date('2026-01-01T00:00:00Z');

describe('resolveExpiresIn', () => {
  it('defaults to 15 minutes and accepts up to 7 days', () => {
    expect(resolveExpiresIn(undefined, keys, now)).toBe(DEFAULT_EXPIRES_IN);
    expect(DEFAULT_EXPIRES_IN).toBe(900);
    expect(resolveExpiresIn(MAX_EXPIRES_IN, keys, now)).toBe(604_800);
    expect(resolveExpiresIn(1, keys, now)).toBe(1);
  });

  it.each([0, -5, 1.5, MAX_EXPIRES_IN + 1, Number.NaN])('refuses %s seconds with INVALID_EXPIRY', (seconds) => {
    expect(() => resolveExpiresIn(seconds, keys, now)).toThrow(expect.objectContaining({ code: 'INVALID_EXPIRY' }));
  });

  it('never lets a URL outlive temporary credentials', () => {
    const temporary = { ...keys, sessionToken: 'token', expiration: new Date(now.getTime() + 600_000) };
    expect(resolveExpiresIn(600, temporary, now)).toBe(600);
    expect(() => resolveExpiresIn(601, temporary, now)).toThrow(
      expect.objectContaining({ code: 'INVALID_EXPIRY', hint: expect.stringContaining('600') }),
    );
  });

  it('refuses expired credentials with CREDENTIALS_EXPIRED', () => {
    const expired = { ...keys, expiration: new Date(now.getTime() - 1) };
    expect(() => resolveExpiresIn(60, expired, now)).toThrow(expect.objectContaining({ code: 'CREDENTIALS_EXPIRED' }));
  });
});

describe('resolveExpiresIn with credentials assumed from a role', () => {
  it('caps the lifetime at their expiry instead of refusing it', () => {
    const assumed = new TenantCredentials(
      { ...keys, sessionToken: 'token', expiration: new Date(now.getTime() + 600_000) },
      { assumedRole: 'arn:aws:iam::111122223333:role/sos-upload' },
    );
    expect(resolveExpiresIn(3600, assumed, now)).toBe(600);
    expect(resolveExpiresIn(60, assumed, now)).toBe(60);
    const expired = new TenantCredentials({ ...keys, expiration: new Date(now.getTime() - 1) }, { assumedRole: 'x' });
    expect(() => resolveExpiresIn(60, expired, now)).toThrow(expect.objectContaining({ code: 'CREDENTIALS_EXPIRED' }));
  });
});
