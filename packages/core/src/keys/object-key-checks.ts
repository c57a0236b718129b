import { SosError } from '../errors';

/** The longest object key S3 accepts, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;

const LONE_SURROGATE = /\p{Cs}/u;
const CONTROL = /\p{Cc}/u;
const DOT_SEGMENT = /(^|\/)\.{1,2}(\/|$)/;
const EMPTY_OR_DOT_SEGMENT = /(^|\/)\.{0,2}(\/|$)/;
const SLASH = 0x2f;

/**
 * Checks that a string can be signed as an object key: 1 to 1,024 bytes of
 * well-formed UTF-8, no control characters, and no `.` or `..` segment
 * (browsers and HTTP libraries resolve those before sending, so the request
 * would no longer match its signature). Throws `INVALID_INPUT` otherwise.
 */
export function assertValidObjectKey(key: string): void {
  const problem =
    typeof key !== 'string' || key.length === 0 || Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES
      ? `The object key must be 1 to ${MAX_KEY_BYTES} bytes of UTF-8.`
      : LONE_SURROGATE.test(key)
        ? 'The object key contains a broken character (a lone UTF-16 surrogate).'
        : CONTROL.test(key)
          ? 'The object key contains a control character.'
          : DOT_SEGMENT.test(key)
            ? 'The object key contains a `.` or `..` segment.'
            : undefined;
  if (problem !== undefined) {
    throw new SosError('INVALID_INPUT', problem, {
      hint: 'Build keys with buildObjectKey, which keeps them within S3 limits.',
    });
  }
}

/**
 * A prefix in its canonical form: NFC, no leading, trailing or doubled
 * slashes (`/tenant-a//orders/` becomes `tenant-a/orders`); `''` for none.
 * Throws `INVALID_INPUT` for a `.` or `..` segment or a control character.
 */
export function normalizePrefix(prefix: string | undefined): string {
  if (prefix === undefined || prefix === '') return '';
  // A service has a handful of prefixes, one per tenant, checked on every URL.
  const known = normalizedPrefixes.get(prefix);
  if (known !== undefined) return known;
  const normalized = normalize(prefix);
  if (normalizedPrefixes.size >= MAX_CACHED_PREFIXES) normalizedPrefixes.clear();
  normalizedPrefixes.set(prefix, normalized);
  return normalized;
}

const normalizedPrefixes = new Map<string, string>();
const MAX_CACHED_PREFIXES = 1000;

function normalize(prefix: string): string {
  const segments = prefix
    .normalize('NFC')
    .split('/')
    .filter((segment) => segment !== '');
  if (segments.some((segment) => segment === '.' || segment === '..') || CONTROL.test(prefix)) {
    throw new SosError('INVALID_INPUT', 'The prefix may not contain `.` or `..` segments or control characters.', {
      hint: "Use a plain folder path such as 'tenants/acme'.",
    });
  }
  return segments.join('/');
}

/**
 * Throws `KEY_OUTSIDE_PREFIX` unless `key` lies strictly inside the folder
 * `prefix`: it starts with the prefix and a slash, and has no empty, `.` or
 * `..` segment that a client or proxy could resolve to somewhere else. With
 * no prefix (or an empty one) every key passes.
 *
 * @example
 * assertKeyWithinPrefix('tenant-a/2026/scan.stl', 'tenant-a'); // passes
 * assertKeyWithinPrefix('tenant-a/../tenant-b/x', 'tenant-a'); // throws KEY_OUTSIDE_PREFIX
 * assertKeyWithinPrefix('tenant-ab/x', 'tenant-a'); // throws KEY_OUTSIDE_PREFIX
 */
export function assertKeyWithinPrefix(key: string, prefix: string | undefined): void {
  const folder = normalizePrefix(prefix);
  if (folder === '') return;
  const inside =
    typeof key === 'string' &&
    key.length > folder.length + 1 &&
    key.startsWith(folder) &&
    key.charCodeAt(folder.length) === SLASH &&
    !EMPTY_OR_DOT_SEGMENT.test(key.slice(folder.length + 1));
  if (!inside) {
    throw new SosError('KEY_OUTSIDE_PREFIX', `The object key is outside the tenant's folder '${folder}/'.`, {
      hint: 'Build keys with buildObjectKey and the connection prefix; never take a key from the browser as is.',
      details: { prefix: folder },
    });
  }
}
