import { createSecretKey, type KeyObject } from 'node:crypto';
import { SosError } from '../errors';

/** A 32-byte key: raw bytes, or base64 (standard or URL-safe, with or without padding). */
export type VaultKeyMaterial = Uint8Array | string;

/** What a key ID may look like: it is written into every sealed string. */
export const VAULT_KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;

const KEY_BYTES = 32;

function invalidKey(id: string, message: string, hint: string): SosError {
  return new SosError('VAULT_KEY_INVALID', `Vault key "${id}": ${message}`, { hint });
}

/** The bytes of base64 text, only if it is canonical base64 (or base64url) of exactly 32 bytes. */
function decodeBase64Key(id: string, text: string): Buffer {
  const urlSafe = /^[A-Za-z0-9_-]{43}$/.test(text);
  const standard = /^[A-Za-z0-9+/]{43}=?$/.test(text);
  if (!urlSafe && !standard) {
    const hint = /^[0-9a-fA-F]{64}$/.test(text)
      ? "This looks like hex: pass Buffer.from(hex, 'hex'), or the key in base64."
      : 'Generate one with `openssl rand -base64 32` or crypto.randomBytes(32).toString("base64").';
    throw invalidKey(id, 'not 32 bytes of base64.', hint);
  }
  const bytes = Buffer.from(text, urlSafe ? 'base64url' : 'base64');
  const canonical = urlSafe ? bytes.toString('base64url') : bytes.toString('base64').replace(/=$/, '');
  if (bytes.length !== KEY_BYTES || canonical !== text.replace(/=$/, '')) {
    throw invalidKey(id, 'not 32 bytes of base64.', 'Copy the whole key again; it is 44 characters of base64.');
  }
  return bytes;
}

/**
 * Checks and imports a vault's keys. Key material never appears in an error:
 * only the key's ID and what is wrong with its shape.
 */
export function importVaultKeys(keys: Readonly<Record<string, VaultKeyMaterial>>): Map<string, KeyObject> {
  const imported = new Map<string, KeyObject>();
  for (const [id, material] of Object.entries(keys)) {
    if (!VAULT_KEY_ID.test(id)) {
      throw new SosError('VAULT_KEY_INVALID', `The vault key ID "${id.slice(0, 80)}" is not allowed.`, {
        hint: 'Key IDs are 1 to 64 letters, digits, - and _, such as 2026-03.',
      });
    }
    let bytes: Buffer;
    if (typeof material === 'string') bytes = decodeBase64Key(id, material);
    else if (material instanceof Uint8Array) {
      if (material.length !== KEY_BYTES) {
        throw invalidKey(id, `${material.length} bytes instead of 32.`, 'Use crypto.randomBytes(32) for a new key.');
      }
      bytes = Buffer.from(material);
    } else {
      throw invalidKey(id, 'neither bytes nor base64 text.', 'Pass a Buffer of 32 bytes or its base64.');
    }
    imported.set(id, createSecretKey(bytes));
    bytes.fill(0);
  }
  return imported;
}
