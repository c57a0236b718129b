import { createDecipheriv, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { isSosError } from '../errors';
import { TenantCredentials } from '../redaction';
import { createCredentialVault } from './credential-vault';
import type { DataKeyProvider } from './data-keys';

const SECRET = 'cAnArY/SeCrEt+0123456789abcdefghijklmnop';
const TOKEN = 'cAnArYtOkEn0123456789abcdefghijklmnopqrstuvwxyz==';
const KEYS = { accessKeyId: 'AKIA2ZQXEXAMPLEBRT6W', secretAccessKey: SECRET };
const TEMPORARY = {
  accessKeyId: 'ASIA2ZQXK7PLMNB4RT6W',
  secretAccessKey: SECRET,
  sessionToken: TOKEN,
  expiration: new Date('2026-03-01T12:00:00Z'),
};
const lab = { tenantId: 'lab-42' };
const key1 = randomBytes(32);
const key2 = randomBytes(32);

async function codeOf(work: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (error) {
    if (isSosError(error)) {
      const printed = `${error.message} ${error.hint} ${error.stack} ${inspect(error, { depth: 10 })}`;
      expect(printed).not.toContain(SECRET);
      expect(printed).not.toContain(key1.toString('base64'));
      return error.code;
    }
    throw error;
  }
  return 'OPENED';
}

describe('createCredentialVault with local keys', () => {
  const vault = createCredentialVault({ keys: { k1: key1 }, activeKeyId: 'k1' });

  it('round-trips long-term and temporary credentials into TenantCredentials', async () => {
    for (const credentials of [KEYS, TEMPORARY]) {
      const sealed = await vault.seal(credentials, lab);
      expect(sealed).toMatch(/^sos1\.k1\.[\w-]{16}\.[\w-]+\.[\w-]{22}$/);
      expect(sealed).not.toContain(SECRET);
      const opened = await vault.open(sealed, lab);
      expect(opened).toBeInstanceOf(TenantCredentials);
      expect(opened.reveal()).toEqual(credentials);
      expect(inspect(opened)).not.toContain(SECRET);
      expect(JSON.stringify(opened)).not.toContain(TOKEN);
    }
  });

  it('seals redacted credentials too', async () => {
    const opened = await vault.open(await vault.seal(new TenantCredentials(TEMPORARY), lab), lab);
    expect(opened.secretAccessKey).toBe(SECRET);
    expect(opened.sessionToken).toBe(TOKEN);
  });

  it('matches the fixed test vector', async () => {
    const fixed = createCredentialVault({
      keys: { 'test-2026': 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=' },
      activeKeyId: 'test-2026',
      randomIv: () => Buffer.from([0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab]),
    });
    const credentials = {
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    };
    const vector =
      'sos1.test-2026.oKGio6Slpqeoqaqr.nTodTiauccwpAP6aY1j6_DHnEFHb-BEq00poyEjuLUCfJgu6jQ5xTjr_dq19O-CaImg1AwepOERjKUE_yALd5cDSwyp97Murw6-7XcGJ49idc_nCrILAP7Y0c8r93wbR1qZW.7jfKb43SwP_Gbu6JmIgHsg';
    expect(await fixed.seal(credentials, lab)).toBe(vector);
    expect((await fixed.open(vector, lab)).reveal()).toEqual(credentials);

    // The format, decrypted with nothing but node:crypto: AAD = JSON [version, key ID, tenant].
    const [, , iv, ciphertext, tag] = vector.split('.');
    const decipher = createDecipheriv(
      'aes-256-gcm',
      Buffer.from(Array.from({ length: 32 }, (_, i) => i)),
      Buffer.from(iv ?? '', 'base64url'),
      { authTagLength: 16 },
    );
    decipher.setAAD(Buffer.from('["sos1","test-2026","lab-42"]'));
    decipher.setAuthTag(Buffer.from(tag ?? '', 'base64url'));
    const plaintext = Buffer.concat([decipher.update(Buffer.from(ciphertext ?? '', 'base64url')), decipher.final()]);
    expect(JSON.parse(plaintext.toString('utf8'))).toEqual(credentials);
  });

  it('detects a change to any character of any field', async () => {
    const sealed = await vault.seal(TEMPORARY, lab);
    const fields = sealed.split('.');
    let tried = 0;
    for (const [index, field] of fields.entries()) {
      for (let position = 0; position < field.length; position++) {
        const original = field[position] ?? '';
        const replacement = original === 'A' ? 'B' : original === 's' ? 't' : 'A';
        const changed = [...fields];
        changed[index] = `${field.slice(0, position)}${replacement}${field.slice(position + 1)}`;
        const code = await codeOf(vault.open(changed.join('.'), lab));
        expect(index === 1 ? ['VAULT_KEY_UNKNOWN'] : ['VAULT_INVALID']).toContain(code);
        tried++;
      }
    }
    expect(tried).toBe(sealed.length - 4);
  });

  it.each([
    ['a missing field', (s: string) => s.split('.').slice(0, 4).join('.')],
    ['an extra field', (s: string) => `${s}.AAAA`],
    ['a cut tag', (s: string) => s.slice(0, -4)],
    ['a 12-byte tag', (s: string) => `${s.slice(0, s.lastIndexOf('.'))}.${Buffer.alloc(12).toString('base64url')}`],
    ['an empty string', () => ''],
    ['another version', (s: string) => s.replace(/^sos1\./, 'sos2.')],
    ['padding added', (s: string) => `${s}=`],
    [
      'a swapped IV and tag',
      (s: string) => {
        const [v, k, iv, c, t] = s.split('.');
        return [v, k, t, c, iv].join('.');
      },
    ],
  ])('refuses %s with VAULT_INVALID', async (_name, change) => {
    const sealed = await vault.seal(KEYS, lab);
    expect(await codeOf(vault.open(change(sealed), lab))).toBe('VAULT_INVALID');
  });

  it("refuses another tenant's string with the same code and message as a damaged one", async () => {
    const sealed = await vault.seal(KEYS, lab);
    const wrongTenant = vault.open(sealed, { tenantId: 'lab-43' }).catch((error: unknown) => error);
    const damaged = vault.open(`${sealed.slice(0, -2)}AA`, lab).catch((error: unknown) => error);
    const [a, b] = (await Promise.all([wrongTenant, damaged])) as { code: string; message: string }[];
    expect(a?.code).toBe('VAULT_INVALID');
    expect(a?.message).toBe(b?.message);
    expect(await codeOf(vault.open(sealed, { tenantId: 'lab-4' }))).toBe('VAULT_INVALID');
    expect(await codeOf(vault.open(sealed, { tenantId: 'lab-42 ' }))).toBe('VAULT_INVALID');
  });

  it('refuses a string sealed with another key under the same ID', async () => {
    const impostor = createCredentialVault({ keys: { k1: key2 }, activeKeyId: 'k1' });
    expect(await codeOf(impostor.open(await vault.seal(KEYS, lab), lab))).toBe('VAULT_INVALID');
  });

  it('names an unknown key ID', async () => {
    const other = createCredentialVault({ keys: { k2: key2 }, activeKeyId: 'k2' });
    const error = await other.open(await vault.seal(KEYS, lab), lab).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'VAULT_KEY_UNKNOWN', details: { keyId: 'k1' } });
  });

  it('uses a fresh IV for every seal', async () => {
    const ivs = new Set<string>();
    const ciphertexts = new Set<string>();
    const count = 5000;
    for (let i = 0; i < count; i++) {
      const [, , iv, ciphertext] = (await vault.seal(KEYS, lab)).split('.');
      ivs.add(iv ?? '');
      ciphertexts.add(ciphertext ?? '');
    }
    expect(ivs.size).toBe(count);
    expect(ciphertexts.size).toBe(count);
  });

  it('refuses bad input without quoting it', async () => {
    expect(await codeOf(vault.seal({ accessKeyId: 'AKIA2ZQXEXAMPLEBRT6W', secretAccessKey: '' }, lab))).toBe(
      'INVALID_INPUT',
    );
    expect(await codeOf(vault.seal(KEYS, { tenantId: '' }))).toBe('INVALID_INPUT');
    expect(await codeOf(vault.open(await vault.seal(KEYS, lab), {} as { tenantId: string }))).toBe('INVALID_INPUT');
  });

  it('prints its key IDs but never its keys', () => {
    expect(inspect(vault)).toBe("CredentialVault { keys: ['k1'], activeKeyId: 'k1', envelope: false }");
    expect(JSON.stringify(vault)).not.toContain(key1.toString('base64'));
  });
});

describe('key rotation', () => {
  it('opens with any known key and reseals with the active one', async () => {
    const before = createCredentialVault({ keys: { k1: key1 }, activeKeyId: 'k1' });
    const during = createCredentialVault({ keys: { k1: key1, k2: key2.toString('base64') }, activeKeyId: 'k2' });
    const after = createCredentialVault({ keys: { k2: key2.toString('base64url') }, activeKeyId: 'k2' });

    const old = await before.seal(TEMPORARY, lab);
    expect(during.needsReseal(old)).toBe(true);
    expect((await during.open(old, lab)).reveal()).toEqual(TEMPORARY);
    const resealed = await during.reseal(old, lab);
    expect(resealed.startsWith('sos1.k2.')).toBe(true);
    expect(during.needsReseal(resealed)).toBe(false);
    expect((await after.open(resealed, lab)).reveal()).toEqual(TEMPORARY);
    expect(await codeOf(after.open(old, lab))).toBe('VAULT_KEY_UNKNOWN');
    expect(await codeOf(during.reseal(old, { tenantId: 'lab-43' }))).toBe('VAULT_INVALID');
  });
});

describe('vault keys', () => {
  it.each([
    ['31 bytes', { k: randomBytes(31) }, 'k'],
    ['hex text', { k: randomBytes(32).toString('hex') }, 'k'],
    ['short base64', { k: randomBytes(24).toString('base64') }, 'k'],
    ['base64 with junk', { k: `${randomBytes(32).toString('base64').slice(0, -2)}!=` }, 'k'],
    ['a key ID with a dot', { 'k.1': randomBytes(32) }, 'k.1'],
    ['an active key that is missing', { k: randomBytes(32) }, 'other'],
  ])('refuses %s with VAULT_KEY_INVALID', async (_name, keys, activeKeyId) => {
    const material = Object.values(keys)[0];
    const text = typeof material === 'string' ? material : (material?.toString('base64') ?? '');
    const error = (() => {
      try {
        createCredentialVault({ keys, activeKeyId });
      } catch (caught) {
        return caught as { code: string; message: string; hint: string };
      }
      return undefined;
    })();
    expect(error?.code).toBe('VAULT_KEY_INVALID');
    expect(`${error?.message} ${error?.hint}`).not.toContain(text.slice(0, 12));
  });

  it('needs a key to seal with', () => {
    expect(() => createCredentialVault({})).toThrow(expect.objectContaining({ code: 'VAULT_KEY_INVALID' }));
  });

  it('refuses an IV hook that does not give 12 bytes', async () => {
    const vault = createCredentialVault({ keys: { k: key1 }, activeKeyId: 'k', randomIv: () => Buffer.alloc(16) });
    expect(await codeOf(vault.seal(KEYS, lab))).toBe('INVALID_INPUT');
  });
});

/** A stand-in for KMS: wraps data keys with a master key, the context as AAD, as KMS does. */
function fakeKms(): DataKeyProvider & { decrypts: number; down: boolean } {
  const master = createCredentialVault({ keys: { master: randomBytes(32) }, activeKeyId: 'master' });
  const fake = {
    decrypts: 0,
    down: false,
    async generateDataKey(context: Readonly<Record<string, string>>) {
      if (fake.down) throw Object.assign(new Error(`KMS unreachable ${SECRET}`), { name: 'KMSInternalException' });
      const plaintext = randomBytes(32);
      const sealed = await master.seal(
        { accessKeyId: 'data-key', secretAccessKey: plaintext.toString('base64') },
        { tenantId: JSON.stringify(context) },
      );
      return { plaintext: Buffer.from(plaintext), wrapped: Buffer.from(sealed) };
    },
    async decryptDataKey(wrapped: Uint8Array, context: Readonly<Record<string, string>>) {
      fake.decrypts++;
      if (fake.down) throw Object.assign(new Error('KMS unreachable'), { name: 'KMSInternalException' });
      try {
        const opened = await master.open(Buffer.from(wrapped).toString(), { tenantId: JSON.stringify(context) });
        return Buffer.from(opened.secretAccessKey, 'base64');
      } catch {
        throw Object.assign(new Error('bad ciphertext'), { name: 'InvalidCiphertextException' });
      }
    },
  };
  return fake;
}

describe('envelope mode', () => {
  it('seals with a fresh data key per seal and opens through the provider, once per string', async () => {
    const kms = fakeKms();
    const generate = vi.spyOn(kms, 'generateDataKey');
    const vault = createCredentialVault({ dataKeys: kms });
    const sealed = await vault.seal(TEMPORARY, lab);
    expect(sealed).toMatch(/^sos1k\.[\w-]+\.[\w-]{16}\.[\w-]+\.[\w-]{22}$/);
    expect(generate).toHaveBeenCalledWith({ purpose: 'sos-tenant-credentials', tenant: 'lab-42' });
    expect((await vault.open(sealed, lab)).reveal()).toEqual(TEMPORARY);
    expect((await vault.open(sealed, lab)).reveal()).toEqual(TEMPORARY);
    expect(kms.decrypts).toBe(1);
    const second = await vault.seal(TEMPORARY, lab);
    expect(second.split('.')[1]).not.toBe(sealed.split('.')[1]);
    expect(vault.activeKeyId).toBeUndefined();
    expect(vault.needsReseal(sealed)).toBe(false);
  });

  it('refuses another tenant, and tampering, with VAULT_INVALID', async () => {
    const vault = createCredentialVault({ dataKeys: fakeKms(), dataKeyCache: false });
    const sealed = await vault.seal(KEYS, lab);
    expect(await codeOf(vault.open(sealed, { tenantId: 'lab-43' }))).toBe('VAULT_INVALID');
    const fields = sealed.split('.');
    for (const index of [1, 2, 3, 4]) {
      const changed = [...fields];
      const field = changed[index] ?? '';
      changed[index] = `${field[0] === 'A' ? 'B' : 'A'}${field.slice(1)}`;
      expect(await codeOf(vault.open(changed.join('.'), lab))).toBe('VAULT_INVALID');
    }
  });

  it('reports a KMS outage as VAULT_KMS_FAILED, without the provider’s message in what a client sees', async () => {
    const kms = fakeKms();
    const vault = createCredentialVault({ dataKeys: kms, dataKeyCache: false });
    const sealed = await vault.seal(KEYS, lab);
    kms.down = true;
    expect(await codeOf(vault.open(sealed, lab))).toBe('VAULT_KMS_FAILED');
    expect(await codeOf(vault.seal(KEYS, lab))).toBe('VAULT_KMS_FAILED');
  });

  it('migrates strings sealed with a local key to KMS', async () => {
    const local = createCredentialVault({ keys: { k1: key1 }, activeKeyId: 'k1' });
    const envelope = createCredentialVault({ keys: { k1: key1 }, dataKeys: fakeKms() });
    const old = await local.seal(KEYS, lab);
    expect(envelope.needsReseal(old)).toBe(true);
    const migrated = await envelope.reseal(old, lab);
    expect(migrated.startsWith('sos1k.')).toBe(true);
    expect((await envelope.open(migrated, lab)).reveal()).toEqual(KEYS);
    expect(await codeOf(local.open(migrated, lab))).toBe('VAULT_KEY_UNKNOWN');
  });
});
