import { defaultClientCache, type S3ClientCache, type TenantConnection } from '../connection';
import { SosError } from '../errors';
import { assertKeyWithinPrefix, assertValidObjectKey } from '../keys';
import { type RoleResolver, resolveConnection } from '../roles';
import { resolveExpiresIn } from './expiry';
import {
  type ContentDisposition,
  checkContentDisposition,
  checkContentType,
  MAX_PUT_BYTES,
  metadataHeaders,
  type ObjectMetadata,
} from './signed-headers';
import { signingError } from './signing-error';

/** Input of {@link presignPost}. */
export interface PresignPostInput {
  /** The tenant's bucket and credentials (keys or a role), from your own store. */
  connection: TenantConnection;
  /** The exact object key; it must lie inside `connection.prefix` when one is set. */
  key: string;
  /** The file's MIME type; S3 refuses a form with any other Content-Type field. */
  contentType: string;
  /** The largest body S3 accepts, in bytes (at most 5 GiB). */
  maxBytes: number;
  /**
   * The smallest body S3 accepts, in bytes.
   * @default 0
   */
  minBytes?: number;
  /** Stored with the object as `x-amz-meta-*`; enforced as exact fields. */
  metadata?: ObjectMetadata;
  /**
   * Enforced as the exact `Content-Disposition` field: `attachment` makes a browser that opens
   * the object download it instead of rendering it.
   * @default none (not signed)
   */
  contentDisposition?: ContentDisposition;
  /**
   * How long the form works, in seconds (1 to 604800).
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
}

/** A signed HTML form upload. */
export interface PresignedPost {
  method: 'POST';
  /** Where to POST the `multipart/form-data` body. */
  url: string;
  /**
   * Form fields to send first, exactly as given; then the file, as the last
   * field, named `file`.
   */
  fields: Record<string, string>;
  /** When S3 stops accepting the form (the policy's expiration). */
  expiresAt: Date;
  bucket: string;
  key: string;
}

let presignedPostModule: Promise<typeof import('@aws-sdk/s3-presigned-post')> | undefined;

/**
 * `@aws-sdk/s3-presigned-post`, imported on the first form upload: it brings
 * its own copy of parts of the SDK, and PUT uploads never need it.
 */
function loadPresignedPost(): Promise<typeof import('@aws-sdk/s3-presigned-post')> {
  presignedPostModule ??= import('@aws-sdk/s3-presigned-post');
  return presignedPostModule;
}

// biome-ignore lint/suspicious/noTemplateCurlyInString: S3's form variable, spelled literally.
const FILENAME_VARIABLE = '${filename}';

function checkByteRange(minBytes: number, maxBytes: number): void {
  const valid =
    Number.isSafeInteger(minBytes) &&
    Number.isSafeInteger(maxBytes) &&
    minBytes >= 0 &&
    minBytes <= maxBytes &&
    maxBytes <= MAX_PUT_BYTES;
  if (!valid) {
    throw new SosError(
      'INVALID_INPUT',
      'minBytes and maxBytes must be whole numbers with 0 ≤ minBytes ≤ maxBytes ≤ 5 GiB.',
      {
        hint: 'Use the file rules’ sizes; files over 5 GiB need multipart.',
        details: { minBytes, maxBytes },
      },
    );
  }
}

/**
 * Signs a browser form upload (`POST` with `multipart/form-data`) into the
 * tenant's bucket, with `@aws-sdk/s3-presigned-post`. Unlike a presigned PUT,
 * the policy makes S3 itself enforce a size range (`content-length-range`)
 * when the size is not known exactly, besides the exact key, Content-Type and
 * metadata.
 *
 * @example
 * const post = await presignPost({ connection, key, contentType: 'image/png', maxBytes: 20 * 1024 ** 2 });
 * // browser:
 * const form = new FormData();
 * for (const [name, value] of Object.entries(post.fields)) form.append(name, value);
 * form.append('file', file); // last
 * await fetch(post.url, { method: 'POST', body: form });
 */
export async function presignPost(input: PresignPostInput): Promise<PresignedPost> {
  const { key } = input;
  assertValidObjectKey(key);
  assertKeyWithinPrefix(key, input.connection.prefix);
  if (key.includes(FILENAME_VARIABLE)) {
    // The presigned-post library turns a trailing ${filename} into a starts-with condition: the browser would choose the key.
    throw new SosError('INVALID_INPUT', `The key may not contain ${FILENAME_VARIABLE}.`, {
      hint: 'Build the complete key on the server with buildObjectKey.',
    });
  }
  const contentType = checkContentType(input.contentType);
  const disposition = checkContentDisposition(input.contentDisposition);
  const minBytes = input.minBytes ?? 0;
  checkByteRange(minBytes, input.maxBytes);
  const [connection, { createPresignedPost }] = await Promise.all([
    resolveConnection(input.connection, input.roles),
    loadPresignedPost(),
  ]);
  const expiresIn = resolveExpiresIn(input.expiresIn, connection.credentials, new Date());
  const client = (input.clients ?? defaultClientCache).get(connection);
  const { url, fields } = await createPresignedPost(client, {
    Bucket: connection.bucket,
    Key: key,
    Conditions: [['content-length-range', minBytes, input.maxBytes]],
    Fields: {
      'Content-Type': contentType,
      ...(disposition === undefined ? {} : { 'Content-Disposition': disposition }),
      ...metadataHeaders(input.metadata),
    },
    Expires: expiresIn,
  }).catch((error: unknown) => {
    throw signingError(error, connection.credentials);
  });
  const policy = JSON.parse(Buffer.from(fields.Policy ?? '', 'base64').toString('utf8')) as { expiration: string };
  return { method: 'POST', url, fields, expiresAt: new Date(policy.expiration), bucket: connection.bucket, key };
}
