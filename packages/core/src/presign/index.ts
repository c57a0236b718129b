export { DEFAULT_EXPIRES_IN, MAX_EXPIRES_IN, resolveExpiresIn } from './expiry';
export { type PresignedUpload, type PresignPutInput, presignPut } from './presign-put';
