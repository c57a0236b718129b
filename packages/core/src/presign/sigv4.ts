// The pieces of AWS Signature Version 4 query signing for S3, written to give
// byte for byte the URLs of `getSignedUrl` from `@aws-sdk/s3-request-presigner`
// (the differential test in presign-fast-path.test.ts holds them to that).
import * as crypto from 'node:crypto';

/** The algorithm name SigV4 puts in the URL and the string to sign. */
export const ALGORITHM = 'AWS4-HMAC-SHA256';
/** S3 presigned URLs never hash the body: the browser sends it later. */
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/**
 * SHA-256 as lower-case hex. Uses the one-shot `crypto.hash` where Node has it
 * (20.12+): it skips creating a Hash object, which is a third of the cost for
 * a few hundred bytes.
 */
export const sha256Hex: (data: string) => string =
  typeof crypto.hash === 'function'
    ? (data) => crypto.hash('sha256', data, 'hex')
    : (data) => crypto.createHash('sha256').update(data).digest('hex');

/** HMAC-SHA256 as hex, or as bytes for deriving the next key. */
export const hmacHex = (key: crypto.BinaryLike | crypto.KeyObject, data: string): string =>
  crypto.createHmac('sha256', key).update(data).digest('hex');
const hmacBytes = (key: crypto.BinaryLike, data: string): Buffer =>
  crypto.createHmac('sha256', key).update(data).digest();

/** The SigV4 signing key for a day, region and service: four chained HMACs of the secret. */
export function deriveSigningKey(secretAccessKey: string, shortDate: string, region: string, service: string): Buffer {
  const dateKey = hmacBytes(`AWS4${secretAccessKey}`, shortDate);
  return hmacBytes(hmacBytes(hmacBytes(dateKey, region), service), 'aws4_request');
}

const hexEncode = (char: string): string => `%${char.charCodeAt(0).toString(16).toUpperCase()}`;

/** RFC 3986 escaping as the SDK does it for query names and values. */
export const escapeUri = (value: string): string => encodeURIComponent(value).replace(/[!'()*]/g, hexEncode);

/**
 * The URL path of an object key: each `/`-separated segment escaped as the
 * SDK does for S3's greedy `{Key+}` label, slashes kept.
 */
export function encodeKeyPath(key: string): string {
  // encodeURI (native, one pass) escapes as escapeUri does, and keeps the
  // slashes, except for a few characters it keeps too: those are escaped after.
  const encoded = encodeURI(key);
  return KEPT_BY_ENCODE_URI.test(encoded) ? encoded.replace(KEPT_BY_ENCODE_URI_ALL, escapeUri) : encoded;
}

// What encodeURI keeps and escapeUri escapes: the reserved characters other than `/`, and `! ' ( ) *`.
const KEPT_BY_ENCODE_URI = /[;,?:@&=+$#!'()*]/;
const KEPT_BY_ENCODE_URI_ALL = new RegExp(KEPT_BY_ENCODE_URI.source, 'g');

/** What {@link encodeKeyPath} does to any key; also the reference its fast path is tested against. */
export const encodeAnyKeyPath = (key: string): string =>
  /^[\w.~/-]*$/.test(key)
    ? key
    : key
        .split('/')
        .map((segment) => (/^[\w.~-]*$/.test(segment) ? segment : escapeUri(segment)))
        .join('/');

/** A header value as SigV4 canonicalises it: line breaks and runs of blanks become one space, ends trimmed. */
export const canonicalHeaderValue = (value: string): string =>
  /[\r\n\t]| {2}|^ | $/.test(value)
    ? value
        .replace(/[\r\n]/g, ' ')
        .replace(/[ \t]+/g, ' ')
        .replace(/^ | $/g, '')
    : value;

let lastSecond = Number.NaN;
let lastLongDate = '';

/** `20260301T100000Z` for a date; the last result is reused within the same second. */
export function longDateOf(date: Date): string {
  const second = Math.floor(date.getTime() / 1000);
  if (second !== lastSecond) {
    lastLongDate = date
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z')
      .replace(/[-:]/g, '');
    lastSecond = second;
  }
  return lastLongDate;
}
