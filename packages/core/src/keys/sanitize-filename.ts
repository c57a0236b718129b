import { SosError } from '../errors';
import { truncateUtf8, utf8Bytes } from './utf8';

/** Options of {@link sanitizeFilename}. */
export interface SanitizeFilenameOptions {
  /**
   * The name used when nothing usable is left, such as for `../..` or a name
   * made only of control characters.
   * @default 'file'
   */
  fallback?: string;
  /**
   * The longest name, in UTF-8 bytes. The base name is shortened and the
   * extension kept. 255 is what common file systems allow, so the name still
   * works when someone downloads the object.
   * @default 255
   */
  maxBytes?: number;
}

/** A clean file name split into its base name and its lower-case extension. */
export interface FilenameParts {
  /** The name without its extension, never empty. */
  basename: string;
  /** The extension with its dot, lower-cased (`.stl`), or `''` when there is none. */
  extension: string;
}

/** The smallest `maxBytes` accepted: room for a short name and the longest extension. */
const MIN_FILENAME_BYTES = 32;

// Characters removed outright: controls (C0, DEL, C1), lone surrogates, bidi
// embeddings, overrides and isolates (they make `exe.txt` display as `txt.exe`),
// zero-width space, byte order mark and the two noncharacters.
const REMOVED = /[\p{Cc}\p{Cs}\u061C\u200B\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF\uFFFE\uFFFF]/gu;
// Characters S3 says to avoid in keys, and the ones Windows forbids in file names.
const REPLACED = /[\\{}^%`[\]"<>~#|:*?]/g;
const WHITESPACE = /[\p{White_Space}]+/gu;
const EXTENSION = /^[a-z0-9]{1,16}$/i;
// Device names Windows refuses as file names, with or without an extension.
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

/** The clean text of one key segment: no controls, no reserved characters, single spaces. */
export function cleanText(text: string): string {
  return isCleanAscii(text) ? text : cleanAnyText(text);
}

/** What {@link cleanText} does to text that is not already clean; also the reference its fast path is tested against. */
export function cleanAnyText(text: string): string {
  return text.normalize('NFC').replace(REMOVED, '').replace(REPLACED, '_').replace(WHITESPACE, ' ').trim();
}

const SPACE = 0x20;
const DOT = 0x2e;
// The printable ASCII characters REPLACED matches, read from the pattern itself so the two cannot drift apart.
const REPLACED_ASCII = new Uint8Array(0x80);
for (let code = SPACE; code < 0x7f; code++) {
  if (new RegExp(REPLACED.source).test(String.fromCharCode(code))) REPLACED_ASCII[code] = 1;
}

/**
 * Whether {@link cleanAnyText} returns `text` unchanged, decided in one pass
 * for the common plain ASCII name: only printable ASCII (NFC keeps it as it
 * is and nothing in it is removed), none of the characters that become `_`,
 * and spaces only single and inside (the only white space in printable ASCII
 * is the space). Other text answers `false` and takes the full path.
 */
export function isCleanAscii(text: string): boolean {
  if (typeof text !== 'string') return false;
  const last = text.length - 1;
  for (let index = 0; index <= last; index++) {
    const code = text.charCodeAt(index);
    if (code < SPACE || code > 0x7e || REPLACED_ASCII[code] === 1) return false;
    if (code === SPACE && (index === 0 || index === last || text.charCodeAt(index - 1) === SPACE)) return false;
  }
  return true;
}

const trimEnds = (text: string): string => text.replace(/^[. ]+|[. ]+$/g, '');

interface CheckedOptions {
  fallback: string;
  maxBytes: number;
}

function checkOptions(options: SanitizeFilenameOptions): CheckedOptions {
  // Nearly every call leaves both out: the defaults are checked once, not per name.
  if (options.fallback === undefined && options.maxBytes === undefined) return DEFAULT_OPTIONS;
  return checkAnyOptions(options);
}

function checkAnyOptions(options: SanitizeFilenameOptions): CheckedOptions {
  const maxBytes = options.maxBytes ?? 255;
  if (!Number.isInteger(maxBytes) || maxBytes < MIN_FILENAME_BYTES) {
    throw new SosError('INVALID_INPUT', `maxBytes must be a whole number of at least ${MIN_FILENAME_BYTES}.`, {
      hint: 'Leave it out to keep names within 255 bytes, the limit of common file systems.',
      details: { maxBytes },
    });
  }
  const fallback = trimEnds(cleanText(options.fallback ?? 'file').replace(/\//g, '_'));
  if (fallback === '' || utf8Bytes(fallback) > MIN_FILENAME_BYTES / 2) {
    throw new SosError('INVALID_INPUT', 'The fallback file name must be 1 to 16 bytes of printable text.', {
      hint: "Use a short plain name such as 'file' or 'upload'.",
    });
  }
  return { fallback, maxBytes };
}

const DEFAULT_OPTIONS: CheckedOptions = checkAnyOptions({});

/**
 * The last path segment of a file name, cleaned, without leading dots or
 * trailing dots and spaces; `''` when nothing is left.
 */
export function cleanLastSegment(name: string): string {
  return isPlainName(name) ? name : cleanAnySegment(name);
}

/** What {@link cleanLastSegment} does to a name that is not plain; also the reference its fast path is tested against. */
export function cleanAnySegment(name: string): string {
  // Only the last path segment counts: browsers, old IE and curl may send
  // `C:\scans\jaw.stl` or `../../etc/passwd`.
  const lastSegment =
    String(name)
      .split(/[\\/]/)
      .filter((segment) => segment !== '' && segment !== '.' && segment !== '..')
      .pop() ?? '';
  // Leading dots would make a hidden file (or `..`); trailing dots and spaces are dropped by Windows.
  return trimEnds(cleanText(lastSegment));
}

/**
 * Whether {@link cleanAnySegment} returns `name` unchanged: it is kept by
 * cleanText ({@link isCleanAscii}), has no `/` (and no `\`, which cleanText
 * replaces), so it is its own last segment, is not empty, and has no dot at
 * either end (nor a space, ruled out by isCleanAscii), so it is not `.` or
 * `..` and trimEnds keeps it.
 */
export function isPlainName(name: string): boolean {
  return (
    isCleanAscii(name) &&
    name.length > 0 &&
    name.charCodeAt(0) !== DOT &&
    name.charCodeAt(name.length - 1) !== DOT &&
    !name.includes('/')
  );
}

/**
 * Cleans a file name and splits it into base name and extension, as
 * {@link sanitizeFilename} does; `buildObjectKey` uses the parts for its
 * `{basename}` and `{ext}` tokens.
 */
export function sanitizeFilenameParts(name: string, options: SanitizeFilenameOptions = {}): FilenameParts {
  const { fallback, maxBytes } = checkOptions(options);
  const cleaned = cleanLastSegment(name);

  let basename = cleaned;
  let extension = '';
  const dot = cleaned.lastIndexOf('.');
  if (dot > 0 && EXTENSION.test(cleaned.slice(dot + 1))) {
    basename = trimEnds(cleaned.slice(0, dot));
    extension = `.${cleaned.slice(dot + 1).toLowerCase()}`;
  }
  if (basename === '') basename = fallback;
  if (WINDOWS_RESERVED.test(basename)) basename = `${basename}_`;

  const room = maxBytes - utf8Bytes(extension);
  if (utf8Bytes(basename) > room) basename = trimEnds(truncateUtf8(basename, room)) || fallback;
  return { basename, extension };
}

/**
 * Turns a file name from a browser (hostile input) into one safe to use as
 * the last segment of an S3 key and as a downloaded file's name.
 *
 * - Unicode is normalised to NFC, so the same name always gives the same key.
 * - Only the last path segment is kept; `.` and `..` are dropped.
 * - Control characters, bidi overrides and isolates, zero-width spaces and
 *   byte order marks are removed.
 * - Characters S3 says to avoid (``\ { } ^ % ` [ ] " < > ~ # |``) and the ones
 *   Windows forbids (`: * ?`) become `_`; runs of white space become one space.
 * - Leading dots and trailing dots and spaces are removed; Windows device
 *   names (`CON`, `nul.txt`, `COM1`) get a `_` appended.
 * - The extension (up to 16 letters and digits) is kept and lower-cased; the
 *   base name is shortened to fit `maxBytes`, never inside a character.
 * - An empty result becomes `fallback`.
 *
 * @example
 * sanitizeFilename('C:\\Scans\\Jaw <upper>.STL'); // 'Jaw _upper_.stl'
 * sanitizeFilename('../../etc/passwd'); // 'passwd'
 * sanitizeFilename('invoice\u202Efdp.exe'); // 'invoicefdp.exe'
 * sanitizeFilename('..'); // 'file'
 */
export function sanitizeFilename(name: string, options: SanitizeFilenameOptions = {}): string {
  const { basename, extension } = sanitizeFilenameParts(name, options);
  return `${basename}${extension}`;
}
