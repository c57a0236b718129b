import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { MASKED_SECRET, redactedCredentials, TenantCredentials } from './tenant-credentials';

const SECRET = 'cAnArY/SeCrEt+0123456789abcdefghijklmnop';
const TOKEN = 'cAnArYtOkEn0123456789abcdefghijklmnopqrstuvwxyz==';
const plain = { accessKeyId: 'ASIA2ZQXK7PLMNB4RT6W', secretAccessKey: SECRET, sessionToken: TOKEN };

const printouts = (value: unknown): string[] => [
  JSON.stringify(value),
  JSON.stringify({ nested: { value } }),
  String(value),
  `${value}`,
  inspect(value),
  inspect({ deep: [{ value }] }, { depth: Number.POSITIVE_INFINITY }),
  inspect(value, { showHidden: true }),
];

describe('TenantCredentials', () => {
  const credentials = redactedCredentials({ ...plain, expiration: new Date('2026-03-01T12:00:00Z') });

  it('lets the signer read the secret and the session token', () => {
    expect(credentials.secretAccessKey).toBe(SECRET);
    expect(credentials.sessionToken).toBe(TOKEN);
    const { accessKeyId, secretAccessKey, sessionToken } = credentials;
    expect([accessKeyId, secretAccessKey, sessionToken]).toEqual([plain.accessKeyId, SECRET, TOKEN]);
  });

  it('shows the key ID and a masked secret in JSON, String() and util.inspect', () => {
    for (const printout of printouts(credentials)) {
      expect(printout).not.toContain(SECRET);
      expect(printout).not.toContain(TOKEN);
      expect(printout).not.toContain(SECRET.slice(0, 8));
    }
    expect(JSON.parse(JSON.stringify(credentials))).toEqual({
      accessKeyId: plain.accessKeyId,
      secretAccessKey: MASKED_SECRET,
      sessionToken: MASKED_SECRET,
      expiration: '2026-03-01T12:00:00.000Z',
    });
    expect(String(credentials)).toBe(`TenantCredentials(ASIA2ZQXK7PLMNB4RT6W, secret ${MASKED_SECRET})`);
    expect(inspect(credentials)).toContain("accessKeyId: 'ASIA2ZQXK7PLMNB4RT6W'");
    expect(inspect(credentials)).toContain(`secretAccessKey: '${MASKED_SECRET}'`);
  });

  it('does not copy the secret into a spread, Object.assign or structuredClone copy', () => {
    const copies = [{ ...credentials }, Object.assign({}, credentials), structuredClone(credentials)];
    for (const copy of copies) {
      expect(copy).not.toHaveProperty('secretAccessKey');
      expect(copy).not.toHaveProperty('sessionToken');
      for (const printout of printouts(copy)) expect(printout).not.toContain(SECRET);
    }
    expect(Object.keys(credentials)).toEqual(['accessKeyId', 'expiration']);
    expect(Object.entries(credentials).flat().join(' ')).not.toContain(SECRET);
  });

  it('has no session token property when there is none', () => {
    const longTerm = redactedCredentials({ accessKeyId: 'AKIA2ZQXEXAMPLEBRT6W', secretAccessKey: SECRET });
    expect('sessionToken' in longTerm).toBe(false);
    expect(longTerm.toJSON()).toEqual({ accessKeyId: 'AKIA2ZQXEXAMPLEBRT6W', secretAccessKey: MASKED_SECRET });
  });

  it('is frozen: the secret cannot be replaced or read through a setter', () => {
    expect(() => {
      (credentials as { secretAccessKey: string }).secretAccessKey = 'other';
    }).toThrow(TypeError);
    expect(credentials.secretAccessKey).toBe(SECRET);
    expect(Object.isFrozen(credentials)).toBe(true);
  });

  it('reveals a plain copy on purpose, and keeps its own expiry date', () => {
    const revealed = credentials.reveal();
    expect(revealed).toEqual({ ...plain, expiration: new Date('2026-03-01T12:00:00Z') });
    revealed.expiration?.setFullYear(2000);
    expect(credentials.expiration?.getUTCFullYear()).toBe(2026);
  });

  it('wraps once: wrapped credentials come back as they are', () => {
    expect(redactedCredentials(credentials)).toBe(credentials);
    expect(new TenantCredentials(credentials).secretAccessKey).toBe(SECRET);
  });

  it('names the role of assumed credentials', () => {
    const assumed = new TenantCredentials(plain, { assumedRole: 'arn:aws:iam::123456789012:role/sos-upload' });
    expect(assumed.assumedRole).toBe('arn:aws:iam::123456789012:role/sos-upload');
    expect(inspect(assumed)).toContain('assumedRole');
  });
});
