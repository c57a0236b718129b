import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CredentialVault, createCredentialVault } from '@sos/core';

/** The file in the data folder that holds the generated key. */
export const VAULT_KEY_FILE = 'vault-key';

/** The demo's vault and where its key came from. */
export interface DemoVault {
  vault: CredentialVault;
  /** `env` (SOS_DEMO_VAULT_KEY), `file` (generated earlier) or `generated` (just now). */
  source: 'env' | 'file' | 'generated';
  /** The key file, when the key lives in one. */
  file: string | undefined;
}

/**
 * The key ID written into every sealed secret: a short fingerprint of the
 * key, so a secret sealed under another key says so (`VAULT_KEY_UNKNOWN`)
 * instead of failing as damaged.
 */
function keyIdOf(key: string): string {
  return `demo-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
}

/**
 * Opens the credential vault that seals the labs' secrets (AES-256-GCM, from
 * `@sos/core`). The key is `SOS_DEMO_VAULT_KEY` when set; otherwise the one
 * in `DATA_DIR/vault-key`, generated (32 random bytes, readable by this user
 * only) on the first run.
 */
export async function openDemoVault(envKey: string | undefined, dataDir: string): Promise<DemoVault> {
  let key = envKey;
  let source: DemoVault['source'] = 'env';
  let file: string | undefined;
  if (key === undefined) {
    file = join(dataDir, VAULT_KEY_FILE);
    if (existsSync(file)) {
      key = (await readFile(file, 'utf8')).trim();
      source = 'file';
    } else {
      key = randomBytes(32).toString('base64');
      await mkdir(dataDir, { recursive: true });
      await writeFile(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
      source = 'generated';
    }
  }
  const keyId = keyIdOf(key);
  return { vault: createCredentialVault({ keys: { [keyId]: key }, activeKeyId: keyId }), source, file };
}
