import type { KMSClient } from '@aws-sdk/client-kms';
import { describe, expect, it, vi } from 'vitest';

const loaded = vi.hoisted(() => ({ kms: false }));
vi.mock('@aws-sdk/client-kms', async (importOriginal) => {
  loaded.kms = true;
  return importOriginal();
});

describe('@aws-sdk/client-kms in the vault', () => {
  it('is loaded on the first seal, not when the vault is imported or kmsDataKeys is called', async () => {
    const { kmsDataKeys } = await import('./index');
    const send = vi.fn(async (_command: unknown) => ({
      Plaintext: new Uint8Array(32),
      CiphertextBlob: new Uint8Array(64),
    }));
    const dataKeys = kmsDataKeys({ keyId: 'alias/sos-tenant-secrets', client: { send } as unknown as KMSClient });
    expect(loaded.kms).toBe(false);

    await dataKeys.generateDataKey({ purpose: 'test', tenant: 'lab-42' });
    expect(loaded.kms).toBe(true);
    const { GenerateDataKeyCommand } = await import('@aws-sdk/client-kms');
    expect(send.mock.calls[0]?.[0]).toBeInstanceOf(GenerateDataKeyCommand);
  });
});
