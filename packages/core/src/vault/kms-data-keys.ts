import type { KMSClient } from '@aws-sdk/client-kms';
import { SosError } from '../errors';
import type { DataKeyProvider } from './data-keys';

let kmsModule: Promise<typeof import('@aws-sdk/client-kms')> | undefined;

/** `@aws-sdk/client-kms`, imported on the first seal or open: loading it takes tens of milliseconds. */
function loadKmsModule(): Promise<typeof import('@aws-sdk/client-kms')> {
  kmsModule ??= import('@aws-sdk/client-kms');
  return kmsModule;
}

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
  let kmsClient = options.client;
  /** The client and the SDK's command classes, loaded on the first seal or open. */
  const kms = async (): Promise<{ client: KMSClient; sdk: typeof import('@aws-sdk/client-kms') }> => {
    const sdk = await loadKmsModule();
    kmsClient ??= new sdk.KMSClient(options.region === undefined ? {} : { region: options.region });
    return { client: kmsClient, sdk };
  };
  return {
    async generateDataKey(context) {
      const { client, sdk } = await kms();
      const answer = await client.send(
        new sdk.GenerateDataKeyCommand({ KeyId: options.keyId, KeySpec: 'AES_256', EncryptionContext: { ...context } }),
      );
      if (answer.Plaintext === undefined || answer.CiphertextBlob === undefined) {
        throw new Error('KMS returned no data key.');
      }
      return { plaintext: answer.Plaintext, wrapped: answer.CiphertextBlob };
    },
    async decryptDataKey(wrapped, context) {
      const { client, sdk } = await kms();
      const answer = await client.send(
        new sdk.DecryptCommand({ CiphertextBlob: wrapped, KeyId: options.keyId, EncryptionContext: { ...context } }),
      );
      if (answer.Plaintext === undefined) throw new Error('KMS returned no plaintext.');
      return answer.Plaintext;
    },
  };
}
