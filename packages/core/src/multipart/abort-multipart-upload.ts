import { AbortMultipartUploadCommand } from '@aws-sdk/client-s3';
import { defaultClientCache } from '../connection';
import { resolveConnection } from '../roles';
import { s3OperationError } from '../s3-errors';
import { assertTarget, type MultipartTarget } from './target';

/** Input of {@link abortMultipartUpload}. */
export type AbortMultipartUploadInput = MultipartTarget;

/**
 * Abandons a multipart upload and deletes its parts, so they stop costing
 * money.
 *
 * Needs `s3:AbortMultipartUpload`, which the seed's PutObject-only policy
 * lacks: then it throws `MULTIPART_PERMISSION_MISSING`, whose hint names the
 * `multipart` policy tier. Without that right, a lifecycle rule
 * `AbortIncompleteMultipartUpload` removes abandoned parts after some days.
 *
 * @example
 * await abortMultipartUpload({ connection, key, uploadId });
 */
export async function abortMultipartUpload(input: AbortMultipartUploadInput): Promise<void> {
  const { key, uploadId } = input;
  assertTarget(input.connection, key, uploadId);
  const connection = await resolveConnection(input.connection, input.roles);
  const client = (input.clients ?? defaultClientCache).get(connection);
  try {
    await client.send(new AbortMultipartUploadCommand({ Bucket: connection.bucket, Key: key, UploadId: uploadId }));
  } catch (error) {
    throw s3OperationError(error, 'AbortMultipartUpload', { endpoint: input.connection.endpoint });
  }
}
