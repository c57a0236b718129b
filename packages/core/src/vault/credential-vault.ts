import { createCipheriv, createDecipheriv, createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import type { AccessKeyCredentials } from '../connection';
import { isSosError, SosError } from '../errors';
import { scrubError, TenantCredentials } from '../redaction';
import type { DataKeyProvider } from './data-keys';
import { importVaultKeys, VAULT_KEY_ID, type VaultKeyMaterial } from './vault-keys';

/** The version tag of strings sealed with a local key. */
export const SEALED_VERSION = 'sos1';
/** The version tag of strings sealed with a KMS-wrapped data key (envelope mode). */
export const SEALED_ENVELOPE_VERSION = 'sos1k';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const B64URL = /^[A-Za-z0-9_-]+$/;

/** Options of {@link createCredentialVault}. */
export interface CredentialVaultOptions {
  /**
   * Local keys by ID: 32 random bytes each, as bytes or base64. Keep a
   * retired key here until every string sealed with it has been resealed.
   */
  keys?: Readonly<Record<string, VaultKeyMaterial>>;
  /** The key that seals; required with `keys` unless `dataKeys` seals. */
  activeKeyId?: string;
  /**
   * Envelope mode: every seal gets a fresh data key from this provider
   * (`kmsDataKeys` for AWS KMS), stored wrapped inside the sealed string.
   * When given, it seals; `keys` then only open older strings.
   */
  dataKeys?: DataKeyProvider;
  /**
   * Unwrapped data keys kept in memory, so opening the same sealed string
   * again does not call KMS; `false` turns it off.
   * @default { maxEntries: 1000, ttlMs: 300000 }
   */
  dataKeyCache?: { maxEntries?: number; ttlMs?: number } | false;
  /**
   * Where initialisation vectors come from. For test vectors only: an IV must
   * never repeat under one key.
   * @default 12 random bytes per seal
   */
  randomIv?: () => Uint8Array;
}

/** Which tenant a sealed string belongs to; bound into it, so it opens for no other. */
export interface VaultContext {
  tenantId: string;
}

/** Seals tenants' credentials for storage, and opens them again. */
export interface CredentialVault {
  /** The key that seals (`undefined` in envelope mode). */
  readonly activeKeyId: string | undefined;
  /** Encrypts credentials for one tenant into a string to store. */
  seal(credentials: AccessKeyCredentials, context: VaultContext): Promise<string>;
  /** Decrypts a sealed string of this tenant into credentials whose secret never prints. */
  open(sealed: string, context: VaultContext): Promise<TenantCredentials>;
  /** Opens with whichever key sealed it and seals again with the active key (or KMS). */
  reseal(sealed: string, context: VaultContext): Promise<string>;
  /** Whether a sealed string was sealed otherwise than this vault seals now (an older key, or local vs. KMS). */
  needsReseal(sealed: string): boolean;
}

interface ParsedSealed {
  version: typeof SEALED_VERSION | typeof SEALED_ENVELOPE_VERSION;
  /** The key ID (local) or the wrapped data key (envelope), as written. */
  keyField: string;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

let payloadSchema: ReturnType<typeof buildPayloadSchema> | undefined;

/** Built on first use: building zod schemas when `@sos/core` is imported slowed the import down. */
function buildPayloadSchema() {
  return z.strictObject({
    accessKeyId: z.string().min(1),
    secretAccessKey: z.string().min(1),
    sessionToken: z.string().min(1).optional(),
    expiration: z.iso.datetime().optional(),
  });
}

let contextSchema: ReturnType<typeof buildContextSchema> | undefined;

/** Built on first use: building zod schemas when `@sos/core` is imported slowed the import down. */
function buildContextSchema() {
  return z.object({ tenantId: z.string().min(1).max(1024) });
}

function invalidSealed(): SosError {
  // One message for malformed, tampered and other-tenant strings: which one it was is not revealed.
  return new SosError('VAULT_INVALID', 'The sealed credentials cannot be opened: damaged, or not this tenant’s.', {
    hint: 'Check that the stored value belongs to this tenant and was not cut or edited; otherwise ask the customer to enter the credentials again.',
  });
}

function tenantOf(context: VaultContext): string {
  contextSchema ??= buildContextSchema();
  const parsed = contextSchema.safeParse(context);
  if (!parsed.success) {
    throw new SosError('INVALID_INPUT', 'The vault needs { tenantId } with a non-empty tenant ID.', {
      hint: 'Pass the same stable tenant ID when sealing and opening.',
    });
  }
  return parsed.data.tenantId;
}

function decodeField(text: string): Buffer {
  if (!B64URL.test(text)) throw invalidSealed();
  const bytes = Buffer.from(text, 'base64url');
  // Only the canonical encoding is accepted, so no character of a sealed string can change unnoticed.
  if (bytes.toString('base64url') !== text) throw invalidSealed();
  return bytes;
}

function parseSealed(sealed: string): ParsedSealed {
  if (typeof sealed !== 'string' || sealed.length > 64 * 1024) throw invalidSealed();
  const fields = sealed.split('.');
  const [version, keyField, iv, ciphertext, tag] = fields;
  if (fields.length !== 5 || version === undefined || keyField === undefined) throw invalidSealed();
  if (version !== SEALED_VERSION && version !== SEALED_ENVELOPE_VERSION) throw invalidSealed();
  if (version === SEALED_VERSION ? !VAULT_KEY_ID.test(keyField) : !B64URL.test(keyField)) throw invalidSealed();
  const parsed: ParsedSealed = {
    version,
    keyField,
    iv: decodeField(iv ?? ''),
    ciphertext: decodeField(ciphertext ?? ''),
    tag: decodeField(tag ?? ''),
  };
  if (parsed.iv.length !== IV_BYTES || parsed.tag.length !== TAG_BYTES || parsed.ciphertext.length === 0) {
    throw invalidSealed();
  }
  return parsed;
}

/** Binds the version, the key (or wrapped data key) and the tenant to the ciphertext. */
const additionalData = (version: string, keyField: string, tenantId: string): Buffer =>
  Buffer.from(JSON.stringify([version, keyField, tenantId]), 'utf8');

const kmsContext = (tenantId: string): Record<string, string> => ({
  purpose: 'sos-tenant-credentials',
  tenant: tenantId,
});

function serialise(credentials: AccessKeyCredentials): Buffer {
  const { accessKeyId, secretAccessKey, sessionToken, expiration } = credentials;
  if (
    typeof accessKeyId !== 'string' ||
    accessKeyId === '' ||
    typeof secretAccessKey !== 'string' ||
    secretAccessKey === ''
  ) {
    throw new SosError(
      'INVALID_INPUT',
      'Only credentials with an access key ID and a secret access key can be sealed.',
      {
        hint: 'Seal what parseCredentials returned for the customer’s keys.',
      },
    );
  }
  if (sessionToken !== undefined && typeof sessionToken !== 'string') {
    throw new SosError('INVALID_INPUT', 'The session token must be a string.', {
      hint: 'Leave it out for long-term keys.',
    });
  }
  const expiry = expiration === undefined ? undefined : new Date(expiration);
  if (expiry !== undefined && Number.isNaN(expiry.getTime())) {
    throw new SosError('INVALID_INPUT', 'The expiration is not a valid date.', {
      hint: 'Pass a Date, or leave it out.',
    });
  }
  return Buffer.from(
    JSON.stringify({
      accessKeyId,
      secretAccessKey,
      ...(sessionToken === undefined ? {} : { sessionToken }),
      ...(expiry === undefined ? {} : { expiration: expiry.toISOString() }),
    }),
    'utf8',
  );
}

function deserialise(plaintext: Buffer): TenantCredentials {
  let parsed: z.infer<ReturnType<typeof buildPayloadSchema>>;
  try {
    payloadSchema ??= buildPayloadSchema();
    parsed = payloadSchema.parse(JSON.parse(plaintext.toString('utf8')));
  } catch {
    throw invalidSealed();
  } finally {
    plaintext.fill(0);
  }
  return new TenantCredentials({
    accessKeyId: parsed.accessKeyId,
    secretAccessKey: parsed.secretAccessKey,
    ...(parsed.sessionToken === undefined ? {} : { sessionToken: parsed.sessionToken }),
    ...(parsed.expiration === undefined ? {} : { expiration: new Date(parsed.expiration) }),
  });
}

function encrypt(key: KeyObject, iv: Buffer, aad: Buffer, plaintext: Buffer): { ciphertext: Buffer; tag: Buffer } {
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  plaintext.fill(0);
  return { ciphertext, tag: cipher.getAuthTag() };
}

function decrypt(key: KeyObject, parsed: ParsedSealed, aad: Buffer): Buffer {
  try {
    // The tag length is pinned: a shortened tag must not be accepted.
    const decipher = createDecipheriv(ALGORITHM, key, parsed.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(parsed.tag);
    return Buffer.concat([decipher.update(parsed.ciphertext), decipher.final()]);
  } catch {
    throw invalidSealed();
  }
}

function kmsFailure(error: unknown, action: string, secrets: readonly string[] = []): SosError {
  if (isSosError(error)) return error;
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'InvalidCiphertextException') return invalidSealed();
  if (name === 'IncorrectKeyException') {
    return new SosError('VAULT_KEY_UNKNOWN', 'The sealed credentials were wrapped by another KMS key.', {
      hint: 'Open them with a vault whose kmsDataKeys names the key that sealed them.',
      cause: scrubError(error, secrets),
    });
  }
  return new SosError('VAULT_KMS_FAILED', `KMS could not ${action} the data key of the sealed credentials.`, {
    hint: 'Check that this server may call kms:GenerateDataKey and kms:Decrypt on the key, and that KMS is reachable; then try again.',
    cause: scrubError(error, secrets),
    details: { kmsError: typeof name === 'string' ? name.slice(0, 100) : 'Error' },
  });
}

/**
 * A vault for tenants' AWS credentials at rest: AES-256-GCM with a fresh
 * 96-bit IV per seal, the tenant ID bound in as additional authenticated
 * data (a string sealed for one tenant opens for no other), and the 16-byte
 * tag pinned on decrypt. A wrong key, a changed character or another
 * tenant's ID fails with `VAULT_INVALID`, never with garbage.
 *
 * Sealed strings are versioned and name their key:
 * `sos1.<keyId>.<iv>.<ciphertext>.<tag>` (base64url fields). Rotation: add a
 * new key, make it `activeKeyId`, keep the old one to open, and `reseal`
 * each stored string (`needsReseal` tells which). In envelope mode
 * (`dataKeys: kmsDataKeys(...)`) each seal uses a new data key from AWS KMS,
 * stored wrapped: `sos1k.<wrapped key>.<iv>.<ciphertext>.<tag>`.
 *
 * @example
 * const vault = createCredentialVault({ keys: { '2026-03': process.env.SOS_VAULT_KEY }, activeKeyId: '2026-03' });
 * const sealed = await vault.seal(parsed.credentials, { tenantId: lab.id }); // store this
 * const credentials = await vault.open(row.sealedCredentials, { tenantId: lab.id }); // prints as '****'
 */
export function createCredentialVault(options: CredentialVaultOptions): CredentialVault {
  const keys = importVaultKeys(options.keys ?? {});
  const { activeKeyId, dataKeys } = options;
  if (dataKeys === undefined && activeKeyId === undefined) {
    throw new SosError('VAULT_KEY_INVALID', 'The vault has no key to seal with.', {
      hint: 'Pass { keys: { id: key }, activeKeyId: id }, or { dataKeys: kmsDataKeys({ keyId }) }.',
    });
  }
  if (activeKeyId !== undefined && !keys.has(activeKeyId)) {
    throw new SosError(
      'VAULT_KEY_INVALID',
      `The active key "${String(activeKeyId).slice(0, 80)}" is not among the keys.`,
      {
        hint: 'Add the key under that ID to keys, or name one of the keys given.',
      },
    );
  }
  const nextIv = (): Buffer => {
    const iv = Buffer.from(options.randomIv?.() ?? randomBytes(IV_BYTES));
    if (iv.length !== IV_BYTES)
      throw new SosError('INVALID_INPUT', 'randomIv must return 12 bytes.', { hint: 'Leave it out.' });
    return iv;
  };
  const cacheOptions = options.dataKeyCache === false ? undefined : (options.dataKeyCache ?? {});
  const dataKeyCache =
    cacheOptions === undefined
      ? undefined
      : new LRUCache<string, KeyObject>({ max: cacheOptions.maxEntries ?? 1000, ttl: cacheOptions.ttlMs ?? 300_000 });

  async function sealWithDataKey(
    provider: DataKeyProvider,
    tenantId: string,
    plaintext: Buffer,
    secrets: readonly string[],
  ): Promise<string> {
    let generated: Awaited<ReturnType<DataKeyProvider['generateDataKey']>>;
    try {
      generated = await provider.generateDataKey(kmsContext(tenantId));
    } catch (error) {
      plaintext.fill(0);
      throw kmsFailure(error, 'generate', secrets);
    }
    if (generated.plaintext.length !== KEY_BYTES || generated.wrapped.length === 0) {
      plaintext.fill(0);
      throw new SosError('VAULT_KMS_FAILED', 'The data key provider returned a key that is not 32 bytes.', {
        hint: 'Ask KMS for AES_256 data keys.',
      });
    }
    const key = createSecretKey(Buffer.from(generated.plaintext));
    generated.plaintext.fill(0);
    const wrapped = Buffer.from(generated.wrapped).toString('base64url');
    const iv = nextIv();
    const { ciphertext, tag } = encrypt(key, iv, additionalData(SEALED_ENVELOPE_VERSION, wrapped, tenantId), plaintext);
    return [
      SEALED_ENVELOPE_VERSION,
      wrapped,
      iv.toString('base64url'),
      ciphertext.toString('base64url'),
      tag.toString('base64url'),
    ].join('.');
  }

  async function dataKeyFor(parsed: ParsedSealed, tenantId: string): Promise<KeyObject> {
    if (dataKeys === undefined) {
      throw new SosError(
        'VAULT_KEY_UNKNOWN',
        'These credentials were sealed with a KMS data key, and this vault has no KMS.',
        {
          hint: 'Create the vault with dataKeys: kmsDataKeys({ keyId }) to open them.',
        },
      );
    }
    const cacheKey = `${tenantId}\u0000${parsed.keyField}`;
    const cached = dataKeyCache?.get(cacheKey);
    if (cached !== undefined) return cached;
    let plaintext: Uint8Array;
    try {
      plaintext = await dataKeys.decryptDataKey(Buffer.from(parsed.keyField, 'base64url'), kmsContext(tenantId));
    } catch (error) {
      throw kmsFailure(error, 'decrypt');
    }
    if (plaintext.length !== KEY_BYTES) throw invalidSealed();
    const key = createSecretKey(Buffer.from(plaintext));
    plaintext.fill(0);
    dataKeyCache?.set(cacheKey, key);
    return key;
  }

  const vault: CredentialVault = {
    activeKeyId: dataKeys === undefined ? activeKeyId : undefined,

    async seal(credentials, context) {
      const tenantId = tenantOf(context);
      const plaintext = serialise(credentials);
      if (dataKeys !== undefined) {
        const secrets = [credentials.secretAccessKey, credentials.sessionToken ?? ''];
        return sealWithDataKey(dataKeys, tenantId, plaintext, secrets);
      }
      const keyId = activeKeyId as string;
      const iv = nextIv();
      const { ciphertext, tag } = encrypt(
        keys.get(keyId) as KeyObject,
        iv,
        additionalData(SEALED_VERSION, keyId, tenantId),
        plaintext,
      );
      return [
        SEALED_VERSION,
        keyId,
        iv.toString('base64url'),
        ciphertext.toString('base64url'),
        tag.toString('base64url'),
      ].join('.');
    },

    async open(sealed, context) {
      const tenantId = tenantOf(context);
      const parsed = parseSealed(sealed);
      let key: KeyObject;
      if (parsed.version === SEALED_VERSION) {
        const local = keys.get(parsed.keyField);
        if (local === undefined) {
          throw new SosError(
            'VAULT_KEY_UNKNOWN',
            `The sealed credentials name the key "${parsed.keyField}", which this vault does not have.`,
            {
              hint: 'Keep retired keys in `keys` until every string sealed with them has been resealed.',
              details: { keyId: parsed.keyField },
            },
          );
        }
        key = local;
      } else {
        key = await dataKeyFor(parsed, tenantId);
      }
      return deserialise(decrypt(key, parsed, additionalData(parsed.version, parsed.keyField, tenantId)));
    },

    async reseal(sealed, context) {
      return vault.seal(await vault.open(sealed, context), context);
    },

    needsReseal(sealed) {
      const parsed = parseSealed(sealed);
      if (dataKeys !== undefined) return parsed.version !== SEALED_ENVELOPE_VERSION;
      return parsed.version !== SEALED_VERSION || parsed.keyField !== activeKeyId;
    },
  };
  Object.defineProperty(vault, Symbol.for('nodejs.util.inspect.custom'), {
    value: () =>
      `CredentialVault { keys: [${[...keys.keys()].map((id) => `'${id}'`).join(', ')}], activeKeyId: ${
        vault.activeKeyId === undefined ? 'undefined' : `'${vault.activeKeyId}'`
      }, envelope: ${dataKeys !== undefined} }`,
  });
  return Object.freeze(vault);
}
