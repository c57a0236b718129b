import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createCredentialVault } from './credential-vault';
import { kmsDataKeys } from './kms-data-keys';

const kms = new KMSClient({ region: 'eu-central-1' });
const kmsMock = mockClient(kms);
const master = randomBytes(32);

/** Wraps like KMS: the encryption context is bound to the wrapped key. */
function wrap(plaintext: Uint8Array, context: Record<string, string> | undefined): Uint8Array {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', master, iv);
  cipher.setAAD(Buffer.from(JSON.stringify(context ?? {})));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function unwrap(blob: Uint8Array, context: Record<string, string> | undefined): Uint8Array {
  const bytes = Buffer.from(blob);
  const decipher = createDecipheriv('aes-256-gcm', master, bytes.subarray(0, 12));
  decipher.setAAD(Buffer.from(JSON.stringify(context ?? {})));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]);
}

beforeEach(() => {
  kmsMock.reset();
  kmsMock.on(GenerateDataKeyCommand).callsFake((input: { EncryptionContext?: Record<string, string> }) => {
    const plaintext = randomBytes(32);
    return { Plaintext: Buffer.from(plaintext), CiphertextBlob: wrap(plaintext, input.EncryptionContext), KeyId: 'k' };
  });
  kmsMock
    .on(DecryptCommand)
    .callsFake((input: { CiphertextBlob: Uint8Array; EncryptionContext?: Record<string, string> }) => {
      try {
        return { Plaintext: unwrap(input.CiphertextBlob, input.EncryptionContext) };
      } catch {
        throw Object.assign(new Error('InvalidCiphertextException'), { name: 'InvalidCiphertextException' });
      }
    });
});

const keys = { accessKeyId: 'AKIA2ZQXEXAMPLEBRT6W', secretAccessKey: 'cAnArY/SeCrEt+0123456789abcdefghijklmnop' };

describe('kmsDataKeys', () => {
  it('asks KMS for AES-256 data keys with the tenant in the encryption context, and decrypts with the same', async () => {
    const vault = createCredentialVault({ dataKeys: kmsDataKeys({ keyId: 'alias/sos-tenant-secrets', client: kms }) });
    const sealed = await vault.seal(keys, { tenantId: 'lab-42' });
    expect(kmsMock.commandCalls(GenerateDataKeyCommand)[0]?.args[0].input).toEqual({
      KeyId: 'alias/sos-tenant-secrets',
      KeySpec: 'AES_256',
      EncryptionContext: { purpose: 'sos-tenant-credentials', tenant: 'lab-42' },
    });
    expect((await vault.open(sealed, { tenantId: 'lab-42' })).reveal()).toEqual(keys);
    expect(kmsMock.commandCalls(DecryptCommand)[0]?.args[0].input).toMatchObject({
      KeyId: 'alias/sos-tenant-secrets',
      EncryptionContext: { purpose: 'sos-tenant-credentials', tenant: 'lab-42' },
    });
  });

  it("fails another tenant's string at KMS, as VAULT_INVALID", async () => {
    const vault = createCredentialVault({ dataKeys: kmsDataKeys({ keyId: 'alias/sos', client: kms }) });
    const sealed = await vault.seal(keys, { tenantId: 'lab-42' });
    await expect(vault.open(sealed, { tenantId: 'lab-43' })).rejects.toMatchObject({ code: 'VAULT_INVALID' });
  });

  it('maps KMS access problems to VAULT_KMS_FAILED with the KMS error name', async () => {
    kmsMock
      .on(GenerateDataKeyCommand)
      .rejects(Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' }));
    const vault = createCredentialVault({ dataKeys: kmsDataKeys({ keyId: 'alias/sos', client: kms }) });
    await expect(vault.seal(keys, { tenantId: 'lab-42' })).rejects.toMatchObject({
      code: 'VAULT_KMS_FAILED',
      details: { kmsError: 'AccessDeniedException' },
    });
  });

  it('needs a key ID', () => {
    expect(() => kmsDataKeys({ keyId: ' ' })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
