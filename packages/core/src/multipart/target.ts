import type { Connection, S3ClientCache } from '../connection';
import { assertKeyWithinPrefix, assertValidObjectKey } from '../keys';
import { assertUploadId } from './part-numbers';

/** Which multipart upload an operation is about. */
export interface MultipartTarget {
  /** The tenant's bucket and credentials, from your own store. */
  connection: Connection;
  /** The object key given to createMultipartUpload. */
  key: string;
  /** The upload ID createMultipartUpload returned. */
  uploadId: string;
  /**
   * Where clients are cached.
   * @default the process-wide cache
   */
  clients?: S3ClientCache;
}

/** Checks the key (valid, inside the tenant's prefix) and, when given, the upload ID. */
export function assertTarget(connection: Connection, key: string, uploadId?: string): void {
  assertValidObjectKey(key);
  assertKeyWithinPrefix(key, connection.prefix);
  if (uploadId !== undefined) assertUploadId(uploadId);
}
