export {
  connectionFingerprint,
  createS3Client,
  defaultClientCache,
  S3ClientCache,
  type S3ClientCacheOptions,
  usesPathStyle,
} from './client-cache';
export type { AccessKeyCredentials, Connection } from './types';
