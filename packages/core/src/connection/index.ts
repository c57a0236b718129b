export {
  connectionFingerprint,
  createS3Client,
  defaultClientCache,
  S3ClientCache,
  type S3ClientCacheOptions,
  usesPathStyle,
} from './client-cache';
export { type S3Operation, s3OperationError } from './s3-operation-error';
export type { AccessKeyCredentials, Connection } from './types';
