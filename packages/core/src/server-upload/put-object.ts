import type { Readable } from 'node:stream';
import { AbortMultipartUploadCommand } from '@aws-sdk/client-s3';
import { defaultClientCache, type S3ClientCache, type TenantConnection } from '../connection';
import { SosError } from '../errors';
import { assertKeyWithinPrefix, assertValidObjectKey } from '../keys';
import { checkContentType, metadataHeaders, type ObjectMetadata } from '../presign';
import { type RoleResolver, resolveConnection } from '../roles';
import { s3OperationError } from '../s3-errors';

/** How far a server-side upload is. */
export interface UploadProgress {
  /** Bytes sent so far. */
  loaded: number;
  /** The total, when known (not for a stream of unknown length until it ends). */
  total?: number;
}

/** What {@link putObject} can upload. */
export type ObjectBody = string | Uint8Array | Buffer | Blob | Readable | ReadableStream<Uint8Array>;

/** Input of {@link putObject}. */
export interface PutObjectInput {
  /** The tenant's bucket and credentials (keys or a role), from your own store. */
  connection: TenantConnection;
  /** The object key; it must lie inside `connection.prefix` when one is set. */
  key: string;
  /** The bytes: a buffer, a string, a Blob, or a Node or web stream of any length. */
  body: ObjectBody;
  contentType: string;
  /** The body size, when known and the body is a stream; lets progress report a total. */
  contentLength?: number;
  /** Stored with the object as `x-amz-meta-*`; printable ASCII, 2 KB in all. */
  metadata?: ObjectMetadata;
  /** Called as bytes go out. */
  onProgress?: (progress: UploadProgress) => void;
  /**
   * Bodies larger than this go up as multipart, in parts of this size (at least 5 MiB).
   * @default 8 MiB
   */
  partSize?: number;
  /**
   * Parts sent at the same time; memory use is about `partSize × queueSize`.
   * @default 4
   */
  queueSize?: number;
  /** Cancels the upload; the promise then rejects with the signal's `AbortError`. */
  signal?: AbortSignal;
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

/** The stored object. */
export interface PutObjectResult {
  bucket: string;
  key: string;
  etag: string | undefined;
  /** Set when the bucket has versioning on. */
  versionId: string | undefined;
}

let libStorage: Promise<typeof import('@aws-sdk/lib-storage')> | undefined;

/** `@aws-sdk/lib-storage`, imported on the first server-side upload: servers that only sign URLs never need it. */
function loadLibStorage(): Promise<typeof import('@aws-sdk/lib-storage')> {
  libStorage ??= import('@aws-sdk/lib-storage');
  return libStorage;
}

const MIN_PART_SIZE = 5 * 1024 ** 2;
const DEFAULT_PART_SIZE = 8 * 1024 ** 2;

/**
 * Uploads a file the SaaS itself produces (an order PDF, a report) into the
 * tenant's bucket, from a buffer or from a stream of unknown length, through
 * `@aws-sdk/lib-storage`: one PutObject for small bodies, multipart with
 * parallel parts for big ones. Needs only `s3:PutObject`.
 *
 * If a multipart upload fails, aborting it is attempted; with the seed's
 * PutObject-only policy that is refused, and the bucket's lifecycle rule
 * `AbortIncompleteMultipartUpload` removes the parts later.
 *
 * @example
 * await putObject({
 *   connection,
 *   key: buildObjectKey('{prefix}/orders/{orderId}/order.pdf', { prefix: connection.prefix, orderId: 'A-17' }),
 *   body: pdfBuffer,
 *   contentType: 'application/pdf',
 *   onProgress: ({ loaded, total }) => log.debug({ loaded, total }),
 * });
 */
export async function putObject(input: PutObjectInput): Promise<PutObjectResult> {
  const { key } = input;
  assertValidObjectKey(key);
  assertKeyWithinPrefix(key, input.connection.prefix);
  const contentType = checkContentType(input.contentType);
  const metadata = Object.fromEntries(
    Object.entries(metadataHeaders(input.metadata)).map(([name, value]) => [name.slice('x-amz-meta-'.length), value]),
  );
  const partSize = input.partSize ?? DEFAULT_PART_SIZE;
  const queueSize = input.queueSize ?? 4;
  if (!Number.isSafeInteger(partSize) || partSize < MIN_PART_SIZE) {
    throw new SosError('INVALID_INPUT', 'partSize must be a whole number of bytes, at least 5 MiB.', {
      hint: 'Leave it out for 8 MiB parts.',
    });
  }
  if (!Number.isInteger(queueSize) || queueSize < 1) {
    throw new SosError('INVALID_INPUT', 'queueSize must be a whole number of at least 1.', {
      hint: 'Leave it out for 4 parts at a time.',
    });
  }
  input.signal?.throwIfAborted();
  const [connection, { Upload }] = await Promise.all([
    resolveConnection(input.connection, input.roles),
    loadLibStorage(),
  ]);
  const client = (input.clients ?? defaultClientCache).get(connection);
  const abortController = new AbortController();
  const onAbort = () => abortController.abort();
  input.signal?.addEventListener('abort', onAbort, { once: true });
  const upload = new Upload({
    client,
    params: {
      Bucket: connection.bucket,
      Key: key,
      Body: input.body,
      ContentType: contentType,
      ...(input.contentLength === undefined ? {} : { ContentLength: input.contentLength }),
      ...(Object.keys(metadata).length === 0 ? {} : { Metadata: metadata }),
    },
    partSize,
    queueSize,
    // lib-storage would abort itself and throw the abort's AccessDenied instead of the real error.
    leavePartsOnError: true,
    abortController,
  });
  const { onProgress } = input;
  if (onProgress !== undefined) {
    upload.on('httpUploadProgress', (progress) => {
      onProgress(
        progress.total === undefined
          ? { loaded: progress.loaded ?? 0 }
          : { loaded: progress.loaded ?? 0, total: progress.total },
      );
    });
  }
  try {
    const result = await upload.done();
    return { bucket: connection.bucket, key, etag: result.ETag, versionId: result.VersionId };
  } catch (error) {
    if (upload.uploadId !== undefined) {
      await client
        .send(new AbortMultipartUploadCommand({ Bucket: connection.bucket, Key: key, UploadId: upload.uploadId }))
        .catch(() => undefined);
    }
    if (input.signal?.aborted) throw input.signal.reason ?? error;
    throw s3OperationError(error, 'PutObject', { endpoint: input.connection.endpoint });
  } finally {
    input.signal?.removeEventListener('abort', onAbort);
  }
}
