export {
  type CredentialVault,
  type CredentialVaultOptions,
  createCredentialVault,
  SEALED_ENVELOPE_VERSION,
  SEALED_VERSION,
  type VaultContext,
} from './credential-vault';
export type { DataKeyProvider, GeneratedDataKey } from './data-keys';
export { type KmsDataKeysOptions, kmsDataKeys } from './kms-data-keys';
export { VAULT_KEY_ID, type VaultKeyMaterial } from './vault-keys';
