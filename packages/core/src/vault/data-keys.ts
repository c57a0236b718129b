/** A fresh data key: the plaintext to encrypt with once, and the same key wrapped by the key service. */
export interface GeneratedDataKey {
  /** 32 bytes; sos wipes this buffer after use. */
  plaintext: Uint8Array;
  /** The data key encrypted by the key service, stored inside the sealed string. */
  wrapped: Uint8Array;
}

/**
 * Where envelope-mode data keys come from: AWS KMS in production
 * (`kmsDataKeys`), a fake in tests. The `context` is bound to the wrapped
 * key (KMS's encryption context): unwrapping with another context must fail.
 *
 * To let the vault tell a bad sealed string from an outage, throw an error
 * named `InvalidCiphertextException` when the wrapped key or the context do
 * not match, and `IncorrectKeyException` when the key was wrapped by another
 * master key (these are KMS's own names).
 */
export interface DataKeyProvider {
  /** A new 256-bit data key for one seal. */
  generateDataKey(context: Readonly<Record<string, string>>): Promise<GeneratedDataKey>;
  /** The plaintext of a wrapped data key. */
  decryptDataKey(wrapped: Uint8Array, context: Readonly<Record<string, string>>): Promise<Uint8Array>;
}
