export { DEFAULT_EXPIRES_IN, MAX_EXPIRES_IN, resolveExpiresIn } from './expiry';
export { objectUrl } from './object-url';
export { type PresignedPost, type PresignPostInput, presignPost } from './presign-post';
export { type PresignedUpload, type PresignPutInput, presignPut } from './presign-put';
export {
  type ContentDisposition,
  checkContentDisposition,
  checkContentType,
  checksumHeaders,
  contentMd5Headers,
  MAX_METADATA_BYTES,
  MAX_PUT_BYTES,
  metadataHeaders,
  type ObjectMetadata,
} from './signed-headers';
export {
  expiresAtOf,
  type PartBatch,
  type PartToSign,
  type PresignRequest,
  UrlSigner,
  urlSignerFor,
} from './url-signer';
