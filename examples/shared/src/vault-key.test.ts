import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LabService } from './labs/lab-service';
import { LabStore, openDatabase } from './store';
import { openDemoVault, VAULT_KEY_FILE } from './vault-key';

const keys = { accessKeyId: 'AKIAQ7ZKEXAMPLEBT6WX', secretAccessKey: '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' };
let dir: string;

afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('openDemoVault', () => {
  it('generates a key on the first run, readable by this user only, and uses it again on the next', async () => {
    dir = await mkdtemp(join(tmpdir(), 'sos-vault-'));
    const first = await openDemoVault(undefined, dir);
    expect(first.source).toBe('generated');
    expect(statSync(join(dir, VAULT_KEY_FILE)).mode & 0o777).toBe(0o600);
    const sealed = await first.vault.seal(keys, { tenantId: 'lab-a' });
    expect(sealed).not.toContain(keys.secretAccessKey);
    const second = await openDemoVault(undefined, dir);
    expect(second.source).toBe('file');
    expect((await second.vault.open(sealed, { tenantId: 'lab-a' })).secretAccessKey).toBe(keys.secretAccessKey);
    await expect(second.vault.open(sealed, { tenantId: 'lab-b' })).rejects.toMatchObject({ code: 'VAULT_INVALID' });
  });

  it('takes SOS_DEMO_VAULT_KEY instead, and writes no file', async () => {
    dir = await mkdtemp(join(tmpdir(), 'sos-vault-'));
    const opened = await openDemoVault(randomBytes(32).toString('base64'), dir);
    expect(opened.source).toBe('env');
    expect(existsSync(join(dir, VAULT_KEY_FILE))).toBe(false);
    await expect(openDemoVault('not a key', dir)).rejects.toMatchObject({ code: 'VAULT_KEY_INVALID' });
  });

  it('shows a secret sealed under another key as unreadable rather than failing the page', async () => {
    dir = await mkdtemp(join(tmpdir(), 'sos-vault-'));
    const store = new LabStore(openDatabase(':memory:'));
    const options = { store, endpoint: undefined, prefix: 'orders', origins: () => ['http://localhost:3000'] };
    const before = new LabService({
      ...options,
      vault: (await openDemoVault(randomBytes(32).toString('base64'), dir)).vault,
    });
    await before.save({ name: 'Acme Lab', bucket: 'sos-acme', region: 'eu-central-1', ...keys });
    const after = new LabService({
      ...options,
      vault: (await openDemoVault(randomBytes(32).toString('base64'), dir)).vault,
    });
    expect((await after.list()).map((lab) => lab.secret)).toEqual(['unreadable']);
  });
});
