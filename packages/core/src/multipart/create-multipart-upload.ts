import { CreateMultipartUploadCommand } from '@aws-sdk/client-s3';
import { type Connection, defaultClientCache, type S3ClientCache } from '../connection';
import { SosError } from '../errors';
import { checkContentType, metadataHeaders, type ObjectMetadata } from '../presign';
import { s3OperationError } from '../s3-errors';
import { assertTarget } from './target';

/** Input of {@link createMultipartUpload}. */
export interface CreateMultipartUploadInput {
  connection: Connection;
  /** The object key; it must lie inside `connection.prefix` when one is set. */
  key: string;
  /** The object's MIME type, stored when the upload completes. */
  contentType: string;
  /** Stored with the object as `x-amz-meta-*`; printable ASCII, 2 KB in all. */
  metadata?: ObjectMetadata;
  /**
   * Where clients are cached.
   * @default the process-wide cache
   */
  clients?: S3ClientCache;
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
  const { connection, key } = input;
  assertTarget(connection, key);
  const contentType = checkContentType(input.contentType);
  const metadata = Object.fromEntries(
    Object.entries(metadataHeaders(input.metadata)).map(([name, value]) => [name.slice('x-amz-meta-'.length), value]),
  );
  const client = (input.clients ?? defaultClientCache).get(connection);
  let uploadId: string | undefined;
  try {
    ({ UploadId: uploadId } = await client.send(
      new CreateMultipartUploadCommand({
        Bucket: connection.bucket,
        Key: key,
        ContentType: contentType,
        ...(Object.keys(metadata).length === 0 ? {} : { Metadata: metadata }),
      }),
    ));
  } catch (error) {
    throw s3OperationError(error, 'CreateMultipartUpload');
  }
  if (!uploadId) {
    throw new SosError('S3_UNEXPECTED_RESPONSE', 'S3 started the multipart upload without returning an upload ID.', {
      hint: 'Try again; if it persists, the storage service is not S3-compatible enough for multipart.',
    });
  }
  return { bucket: connection.bucket, key, uploadId };
}
