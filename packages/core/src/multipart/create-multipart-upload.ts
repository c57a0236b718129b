import { CreateMultipartUploadCommand } from '@aws-sdk/client-s3';
import { defaultClientCache, type S3ClientCache, type TenantConnection } from '../connection';
import { SosError } from '../errors';
import {
  type ContentDisposition,
  checkContentDisposition,
  checkContentType,
  metadataHeaders,
  type ObjectMetadata,
} from '../presign';
import { type RoleResolver, resolveConnection } from '../roles';
import { s3OperationError } from '../s3-errors';
import { assertTarget } from './target';

/** Input of {@link createMultipartUpload}. */
export interface CreateMultipartUploadInput {
  /** The tenant's bucket and credentials (keys or a role), from your own store. */
  connection: TenantConnection;
  /** The object key; it must lie inside `connection.prefix` when one is set. */
  key: string;
  /** The object's MIME type, stored when the upload completes. */
  contentType: string;
  /** Stored with the object as `x-amz-meta-*`; printable ASCII, 2 KB in all. */
  metadata?: ObjectMetadata;
  /**
   * Stored as the object's `Content-Disposition`: `attachment` makes a browser
   * that opens the object download it instead of rendering it.
   * @default none
   */
  contentDisposition?: ContentDisposition;
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

/** A started multipart upload. */
export interface MultipartUpload {
  bucket: string;
  key: string;
  /** Pass it to signParts, completeMultipartUpload, listParts and abortMultipartUpload. */
  uploadId: string;
}

/**
 * Starts a multipart upload in the tenant's bucket (allowed by `s3:PutObject`).
 * The Content-Type and metadata are fixed here, for the whole object.
 *
 * @example
 * const { uploadId } = await createMultipartUpload({ connection, key, contentType: 'application/dicom' });
 */
export async function createMultipartUpload(input: CreateMultipartUploadInput): Promise<MultipartUpload> {
  const { key } = input;
  assertTarget(input.connection, key);
  const contentType = checkContentType(input.contentType);
  const disposition = checkContentDisposition(input.contentDisposition);
  const metadata = Object.fromEntries(
    Object.entries(metadataHeaders(input.metadata)).map(([name, value]) => [name.slice('x-amz-meta-'.length), value]),
  );
  const connection = await resolveConnection(input.connection, input.roles);
  const client = (input.clients ?? defaultClientCache).get(connection);
  let uploadId: string | undefined;
  try {
    ({ UploadId: uploadId } = await client.send(
      new CreateMultipartUploadCommand({
        Bucket: connection.bucket,
        Key: key,
        ContentType: contentType,
        ...(disposition === undefined ? {} : { ContentDisposition: disposition }),
        ...(Object.keys(metadata).length === 0 ? {} : { Metadata: metadata }),
      }),
    ));
  } catch (error) {
    throw s3OperationError(error, 'CreateMultipartUpload', { endpoint: input.connection.endpoint });
  }
  if (!uploadId) {
    throw new SosError('S3_UNEXPECTED_RESPONSE', 'S3 started the multipart upload without returning an upload ID.', {
      hint: 'Try again; if it persists, the storage service is not S3-compatible enough for multipart.',
    });
  }
  return { bucket: connection.bucket, key, uploadId };
}
