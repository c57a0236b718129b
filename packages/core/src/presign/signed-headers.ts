import { SosError } from '../errors';
import { normalizeContentType } from '../rules';

/** User-defined object metadata: names and values S3 stores with the object and returns as `x-amz-meta-*`. */
export type ObjectMetadata = Readonly<Record<string, string>>;

/** S3's limit for user-defined metadata: names and values together, in UTF-8 bytes. */
export const MAX_METADATA_BYTES = 2048;

/** The largest object a single PUT may create: 5 GiB. Bigger files need multipart. */
export const MAX_PUT_BYTES = 5 * 1024 ** 3;

const METADATA_NAME = /^[a-z0-9][a-z0-9._-]*$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const SHA256_BASE64 = /^[A-Za-z0-9+/]{43}=$/;

const invalid = (message: string, hint: string): SosError => new SosError('INVALID_INPUT', message, { hint });

/**
 * The `x-amz-meta-*` headers for metadata, validated: names are lower-cased
 * (S3 does so too), made of `a-z 0-9 . _ -`, unique; values are printable
 * ASCII (HTTP header values cannot carry other text reliably) and trimmed, as
 * fetch trims them; names and values together are at most 2 KB.
 *
 * @example
 * metadataHeaders({ orderId: 'A-17' }); // { 'x-amz-meta-orderid': 'A-17' }
 */
export function metadataHeaders(metadata: ObjectMetadata | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (metadata === undefined) return headers;
  let bytes = 0;
  for (const [rawName, rawValue] of Object.entries(metadata)) {
    const name = rawName.toLowerCase().replace(/^x-amz-meta-/, '');
    if (!METADATA_NAME.test(name)) {
      throw invalid(
        `The metadata name '${rawName.slice(0, 64)}' is not allowed.`,
        'Use names made of letters, digits, dots, dashes and underscores, starting with a letter or digit.',
      );
    }
    if (typeof rawValue !== 'string' || !PRINTABLE_ASCII.test(rawValue)) {
      throw invalid(
        `The metadata value of '${name}' must be printable ASCII text.`,
        'Encode other text first, for example with encodeURIComponent, and decode it when reading.',
      );
    }
    const header = `x-amz-meta-${name}`;
    if (header in headers) {
      throw invalid(`The metadata name '${name}' appears twice.`, 'Metadata names are case-insensitive: keep one.');
    }
    const value = rawValue.trim();
    headers[header] = value;
    bytes += name.length + value.length;
  }
  if (bytes > MAX_METADATA_BYTES) {
    throw invalid(
      `The metadata is ${bytes} bytes; S3 allows ${MAX_METADATA_BYTES} bytes of names and values together.`,
      'Keep only identifiers in metadata and store the rest in your database.',
    );
  }
  return headers;
}

/**
 * The headers that make S3 verify a SHA-256 checksum of the body. They are
 * signed, so the client must send them, and S3 rejects bytes that do not
 * match (`BadDigest`).
 */
export function checksumHeaders(checksumSha256: string | undefined): Record<string, string> {
  if (checksumSha256 === undefined) return {};
  if (!SHA256_BASE64.test(checksumSha256)) {
    throw invalid(
      'checksumSha256 must be the base64 of a 32-byte SHA-256 digest (44 characters ending in =).',
      "In the browser: btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)))).",
    );
  }
  return { 'x-amz-checksum-sha256': checksumSha256, 'x-amz-sdk-checksum-algorithm': 'SHA256' };
}

const MD5_BASE64 = /^[A-Za-z0-9+/]{22}==$/;

/**
 * The header that makes S3 verify the MD5 of the body (`Content-MD5`). It is
 * signed, so the client must send it, and S3 (and S3-compatible stores such as
 * Ceph RGW, which do not check SHA-256 checksums) rejects bytes that do not
 * match with `BadDigest`.
 */
export function contentMd5Headers(contentMd5: string | undefined): Record<string, string> {
  if (contentMd5 === undefined) return {};
  if (!MD5_BASE64.test(contentMd5)) {
    throw invalid(
      'contentMd5 must be the base64 of a 16-byte MD5 digest (24 characters ending in ==).',
      "In Node: createHash('md5').update(bytes).digest('base64'); browsers need a small MD5 library (Web Crypto has none).",
    );
  }
  return { 'content-md5': contentMd5 };
}

/** Checks an exact body size to sign; `undefined` passes. */
export function checkContentLength(contentLength: number | undefined, max: number, what: string): void {
  if (contentLength === undefined) return;
  if (!Number.isSafeInteger(contentLength) || contentLength < 0) {
    throw invalid(`${what} must be a whole number of bytes.`, 'Pass the file size as File.size reports it.');
  }
  if (contentLength > max) {
    throw invalid(
      `${what} is ${contentLength} bytes; a single PUT takes at most ${max} bytes (5 GiB).`,
      'Upload files this large with multipart: createMultipartUpload, signParts, completeMultipartUpload.',
    );
  }
}

/**
 * Checks a Content-Type to sign and returns it normalised (`normalizeContentType`):
 * one lower-case `type/subtype` with at most a known `charset`. A list of
 * types, another parameter or stray characters throw `INVALID_CONTENT_TYPE`,
 * since browsers would read such a string as another type than the one checked.
 */
export function checkContentType(contentType: string): string {
  const normalized = typeof contentType === 'string' ? normalizeContentType(contentType) : undefined;
  if (normalized === undefined) {
    throw invalid(
      'The content type must be one MIME type, such as application/pdf.',
      'Send the file type the browser reports, or application/octet-stream.',
    );
  }
  return normalized.value;
}

/**
 * How a browser that opens the object shows it, signed as `Content-Disposition`:
 * `attachment` downloads it (nothing the file holds runs on the bucket's
 * origin), `inline` lets the browser display it.
 */
export type ContentDisposition = 'attachment' | 'inline';

/** Checks a Content-Disposition to sign: `attachment` or `inline`; `undefined` passes. */
export function checkContentDisposition(disposition: ContentDisposition | undefined): ContentDisposition | undefined {
  if (disposition === undefined || disposition === 'attachment' || disposition === 'inline') return disposition;
  throw invalid(
    `The content disposition must be 'attachment' or 'inline', not '${String(disposition).slice(0, 40)}'.`,
    "Use 'attachment' so that browsers download the object instead of rendering it.",
  );
}
