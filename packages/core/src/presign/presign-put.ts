import { defaultClientCache, isRoleConnection, type S3ClientCache, type TenantConnection } from '../connection';
import { assertKeyWithinPrefix, assertValidObjectKey } from '../keys';
import { type RoleResolver, resolveConnection } from '../roles';
import { resolveExpiresIn } from './expiry';
import {
  type ContentDisposition,
  checkContentDisposition,
  checkContentLength,
  checkContentType,
  checksumHeaders,
  contentMd5Headers,
  MAX_PUT_BYTES,
  metadataHeaders,
  type ObjectMetadata,
} from './signed-headers';
import { expiresAtOf, type PresignRequest, urlSignerFor } from './url-signer';

/** Input of {@link presignPut}. */
export interface PresignPutInput {
  /** The tenant's bucket and credentials (keys or a role), from your own store. */
  connection: TenantConnection;
  /** The object key to write. It must lie inside `connection.prefix` when one is set. */
  key: string;
  /** The file's MIME type. It is signed: the upload must send exactly this. */
  contentType: string;
  /**
   * The exact size of the body in bytes, at most 5 GiB. When given it is
   * signed, and S3 refuses a body of any other length.
   */
  contentLength?: number;
  /**
   * The base64 SHA-256 of the body. When given it is signed as the
   * `x-amz-checksum-sha256` header, and S3 refuses bytes that do not match.
   */
  checksumSha256?: string;
  /**
   * The base64 MD5 of the body. When given it is signed as the `Content-MD5`
   * header, and S3 refuses bytes that do not match (`BadDigest`). Unlike the
   * SHA-256 checksum, S3-compatible stores such as Ceph RGW verify it too.
   */
  contentMd5?: string;
  /** Stored with the object as `x-amz-meta-*`; printable ASCII, 2 KB in all. Signed as headers. */
  metadata?: ObjectMetadata;
  /**
   * Signed as `Content-Disposition`: `attachment` makes a browser that opens
   * the object download it instead of rendering it.
   * @default none (not signed)
   */
  contentDisposition?: ContentDisposition;
  /**
   * How long the URL works, in seconds (1 to 604800).
   * @default 900
   */
  expiresIn?: number;
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
  /**
   * The signing time.
   * @default the current time
   */
  now?: Date;
}

/** Exactly what a browser must send to upload one file. */
export interface PresignedUpload {
  method: 'PUT';
  url: string;
  /**
   * The headers to set on the request, no more and no less: `content-type`,
   * and when asked for, `content-disposition`, `x-amz-meta-*`, `x-amz-checksum-sha256` and
   * `x-amz-sdk-checksum-algorithm`. `host` and a signed `content-length` are
   * not listed: fetch and XMLHttpRequest send them from the URL and the body
   * (browsers do not let scripts set them), so the body must be exactly
   * `contentLength` bytes.
   */
  headers: Record<string, string>;
  /** When the URL stops working. */
  expiresAt: Date;
  bucket: string;
  key: string;
}

/**
 * Signs a URL that lets a browser PUT one object into the tenant's bucket.
 * S3 enforces the Content-Type, the exact size when `contentLength` is given,
 * the SHA-256 of the bytes when `checksumSha256` is given, and the metadata.
 *
 * It signs without the SDK's per-request middleware (see `UrlSigner`), with
 * output byte-identical to `getSignedUrl`, at a few microseconds per URL.
 *
 * @example
 * const upload = await presignPut({
 *   connection,
 *   key: buildObjectKey(DEFAULT_KEY_TEMPLATE, { prefix: connection.prefix, filename: file.name }),
 *   contentType: 'model/stl',
 *   contentLength: file.size,
 *   metadata: { orderId: 'A-17' },
 * });
 * // In the browser; fetch sends content-length from the body itself:
 * await fetch(upload.url, { method: upload.method, headers: upload.headers, body: file });
 */
export async function presignPut(input: PresignPutInput): Promise<PresignedUpload> {
  const { key } = input;
  assertValidObjectKey(key);
  assertKeyWithinPrefix(key, input.connection.prefix);
  const contentType = checkContentType(input.contentType);
  checkContentLength(input.contentLength, MAX_PUT_BYTES, 'contentLength');
  const headers: Record<string, string> = { 'content-type': contentType };
  const disposition = checkContentDisposition(input.contentDisposition);
  if (disposition !== undefined) headers['content-disposition'] = disposition;
  if (input.metadata !== undefined) Object.assign(headers, metadataHeaders(input.metadata));
  if (input.checksumSha256 !== undefined) Object.assign(headers, checksumHeaders(input.checksumSha256));
  if (input.contentMd5 !== undefined) Object.assign(headers, contentMd5Headers(input.contentMd5));

  // Only a role connection waits here: signing with keys stays free of extra promises.
  const connection = isRoleConnection(input.connection)
    ? await resolveConnection(input.connection, input.roles)
    : input.connection;
  const now = input.now ?? new Date();
  const expiresIn = resolveExpiresIn(input.expiresIn, connection.credentials, now);
  const signer = urlSignerFor((input.clients ?? defaultClientCache).get(connection), connection.credentials);
  const request: PresignRequest = { bucket: connection.bucket, key, headers, expiresIn, signingDate: now };
  if (input.contentLength !== undefined) request.contentLength = input.contentLength;
  // Once the bucket's endpoint is known, signing is synchronous: no promise per URL.
  const endpoint = signer.knownEndpoint(connection.bucket) ?? (await signer.endpoint(connection.bucket));
  const url = endpoint.kind === 'fast' ? signer.sign(endpoint, request) : await signer.presignWithSdk(request);
  return { method: 'PUT', url, headers, expiresAt: expiresAtOf(now, expiresIn), bucket: connection.bucket, key };
}
