import type { S3ClientCache, TenantConnection } from '../connection';
import { assertKeyWithinPrefix, assertValidObjectKey } from '../keys';
import type { RoleResolver } from '../roles';
import { assertUploadId } from './part-numbers';

/** Which multipart upload an operation is about. */
export interface MultipartTarget {
  /** The tenant's bucket and credentials (keys or a role), from your own store. */
  connection: TenantConnection;
  /** The object key given to createMultipartUpload. */
  key: string;
  /** The upload ID createMultipartUpload returned. */
  uploadId: string;
  /**
   * Where clients are cached.
   * @default the process-wide cache
   */
  clients?: S3ClientCache;
  /**
   * Assumes the role when `connection` holds `{ roleArn, externalId }`.
   * @default the process-wide `defaultRoleResolver`
   */
  roles?: RoleResolver;
}

/** Checks the key (valid, inside the tenant's prefix) and, when given, the upload ID. */
export function assertTarget(connection: TenantConnection, key: string, uploadId?: string): void {
  assertValidObjectKey(key);
  assertKeyWithinPrefix(key, connection.prefix);
  if (uploadId !== undefined) assertUploadId(uploadId);
}
