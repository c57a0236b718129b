import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { SosError } from '../errors';
import type { DataKeyProvider } from './data-keys';

/** Options of {@link kmsDataKeys}. */
export interface KmsDataKeysOptions {
  /** The KMS key that wraps data keys: its ID, ARN, alias (`alias/sos-tenant-secrets`) or alias ARN. */
  keyId: string;
  /**
   * The KMS client (tests inject a mocked one).
   * @default a client for `region`, with the SDK's default credentials
   */
  client?: KMSClient;
  /** The KMS key's region, when no client is given. */
  region?: string;
}

/**
 * Envelope-mode data keys from AWS KMS: `GenerateDataKey` (AES-256) per seal,
 * `Decrypt` per open, both with the vault's encryption context (purpose and
 * tenant), which KMS binds to the wrapped key and records in CloudTrail. The
 * caller needs `kms:GenerateDataKey` and `kms:Decrypt` on the key.
 *
 * @example
 * const vault = createCredentialVault({ dataKeys: kmsDataKeys({ keyId: 'alias/sos-tenant-secrets', region: 'eu-central-1' }) });
 */
export function kmsDataKeys(options: KmsDataKeysOptions): DataKeyProvider {
  if (typeof options.keyId !== 'string' || options.keyId.trim() === '') {
    throw new SosError('INVALID_INPUT', 'kmsDataKeys needs the KMS key ID, ARN or alias.', {
      hint: "Pass { keyId: 'alias/sos-tenant-secrets' }.",
    });
  }
  let client = options.client;
  const kms = (): KMSClient => {
    client ??= new KMSClient(options.region === undefined ? {} : { region: options.region });
    return client;
  };
  return {
    async generateDataKey(context) {
      const answer = await kms().send(
        new GenerateDataKeyCommand({ KeyId: options.keyId, KeySpec: 'AES_256', EncryptionContext: { ...context } }),
      );
      if (answer.Plaintext === undefined || answer.CiphertextBlob === undefined) {
        throw new Error('KMS returned no data key.');
      }
      return { plaintext: answer.Plaintext, wrapped: answer.CiphertextBlob };
    },
    async decryptDataKey(wrapped, context) {
      const answer = await kms().send(
        new DecryptCommand({ CiphertextBlob: wrapped, KeyId: options.keyId, EncryptionContext: { ...context } }),
      );
      if (answer.Plaintext === undefined) throw new Error('KMS returned no plaintext.');
      return answer.Plaintext;
    },
  };
}
