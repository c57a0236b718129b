import { randomUUID } from 'node:crypto';
import { SosError } from '../errors';
import { assertKeyWithinPrefix, assertValidObjectKey, MAX_KEY_BYTES, normalizePrefix } from './object-key-checks';
import {
  cleanText,
  type FilenameParts,
  type SanitizeFilenameOptions,
  sanitizeFilenameParts,
} from './sanitize-filename';
import { truncateUtf8, utf8Bytes } from './utf8';

/** The key layout used when none is given: one random folder per file, by UTC date. */
export const DEFAULT_KEY_TEMPLATE = '{prefix}/{yyyy}/{mm}/{dd}/{uuid}/{filename}';

/** Values for the tokens of a key template. */
export interface ObjectKeyValues {
  /** The browser's file name, cleaned by `sanitizeFilename`; needed for `{filename}`, `{basename}` and `{ext}`. */
  filename?: string;
  /** The tenant's folder, usually `connection.prefix`. The key is checked to stay inside it. */
  prefix?: string;
  /** For `{tenant}`. */
  tenant?: string;
  /** For `{orderId}`. */
  orderId?: string;
  /**
   * For `{uuid}`.
   * @default a random UUID
   */
  uuid?: string;
  /**
   * The date for `{yyyy}`, `{mm}` and `{dd}`, in UTC.
   * @default the current time
   */
  now?: Date;
  /** Values for tokens of your own: `{ patient: 'p-17' }` fills `{patient}`. */
  tokens?: Readonly<Record<string, string>>;
  /** How the file name is cleaned (fallback name, byte limit). */
  filenameOptions?: SanitizeFilenameOptions;
}

const TOKEN = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;
const FILENAME_TOKENS = new Set(['filename', 'basename', 'ext']);
const BUILT_IN_TOKENS = ['prefix', 'tenant', 'orderId', 'yyyy', 'mm', 'dd', 'uuid', 'filename', 'basename', 'ext'];
// Stands for the base name while the rest of the key is measured; it cannot occur in a cleaned value.
const BASENAME_MARK = '\u0000';

const invalid = (message: string, hint: string, details?: Record<string, unknown>): SosError =>
  new SosError('INVALID_INPUT', message, details === undefined ? { hint } : { hint, details });

/** One key segment from an untrusted value: cleaned, no slashes, never empty or all dots. */
function segmentValue(token: string, value: string | undefined): string {
  if (value === undefined) {
    throw invalid(`The key template uses {${token}} but no value was given for it.`, `Pass ${token} in the values.`, {
      token,
    });
  }
  const cleaned = truncateUtf8(cleanText(value).replace(/\//g, '_'), 255);
  if (cleaned === '' || /^\.+$/.test(cleaned)) {
    throw invalid(`The value for {${token}} is empty once cleaned.`, 'Pass a value with letters or digits.', {
      token,
    });
  }
  return cleaned;
}

const pad = (value: number): string => String(value).padStart(2, '0');

/**
 * Builds an object key from a template and values, safely: every value is
 * cleaned (the file name with {@link sanitizeFilename}), the key has no empty,
 * `.` or `..` segment, fits S3's 1,024 UTF-8 bytes (the file's base name is
 * shortened, never inside a character, and its extension kept), and stays
 * inside `values.prefix` ({@link assertKeyWithinPrefix}).
 *
 * Tokens: `{prefix}` (may be empty, must be a whole segment), `{tenant}`,
 * `{orderId}`, `{yyyy}` `{mm}` `{dd}` (UTC), `{uuid}`, `{filename}`
 * (`scan.stl`), `{basename}` (`scan`), `{ext}` (`.stl` with its dot, or `''`),
 * and any token given in `values.tokens`. An unknown or missing token throws
 * `INVALID_INPUT`.
 *
 * @example
 * buildObjectKey(DEFAULT_KEY_TEMPLATE, { prefix: 'acme', filename: 'Jaw Scan.STL' });
 * // 'acme/2026/03/01/2f1c…/Jaw Scan.stl'
 * buildObjectKey('{prefix}/orders/{orderId}/{uuid}{ext}', { prefix: 'acme', orderId: 'A-17', filename: 'x.dcm' });
 * // 'acme/orders/A-17/9b2e….dcm'
 */
export function buildObjectKey(template: string | undefined, values: ObjectKeyValues): string {
  const layout = template ?? DEFAULT_KEY_TEMPLATE;
  if (typeof layout !== 'string' || /[{}]|\p{Cc}/u.test(layout.replace(TOKEN, ''))) {
    throw invalid(
      'The key template has an unmatched `{` or `}` or a control character.',
      "Write tokens as {name}, e.g. '{prefix}/{uuid}'.",
    );
  }
  const prefix = normalizePrefix(values.prefix);
  const now = values.now ?? new Date();
  const usesFilename = [...layout.matchAll(TOKEN)].some(([, name]) => FILENAME_TOKENS.has(name ?? ''));
  let file: FilenameParts | undefined;
  if (usesFilename) {
    if (values.filename === undefined) {
      throw invalid('The key template uses the file name but no filename was given.', 'Pass filename in the values.');
    }
    file = sanitizeFilenameParts(values.filename, values.filenameOptions);
  }

  const fixed = new Map<string, string>();
  const tokenValue = (token: string): string => {
    const known = fixed.get(token);
    if (known !== undefined) return known;
    let value: string;
    switch (token) {
      case 'prefix':
        value = prefix;
        break;
      case 'yyyy':
        value = String(now.getUTCFullYear()).padStart(4, '0');
        break;
      case 'mm':
        value = pad(now.getUTCMonth() + 1);
        break;
      case 'dd':
        value = pad(now.getUTCDate());
        break;
      case 'uuid':
        value = segmentValue('uuid', values.uuid ?? randomUUID());
        break;
      case 'filename':
        value = `${BASENAME_MARK}${file?.extension ?? ''}`;
        break;
      case 'basename':
        value = BASENAME_MARK;
        break;
      case 'ext':
        value = file?.extension ?? '';
        break;
      case 'tenant':
        value = segmentValue(token, values.tenant);
        break;
      case 'orderId':
        value = segmentValue(token, values.orderId);
        break;
      default:
        if (values.tokens === undefined || !Object.hasOwn(values.tokens, token)) {
          throw invalid(
            `The key template uses an unknown token {${token}}.`,
            `Known tokens: ${BUILT_IN_TOKENS.map((name) => `{${name}}`).join(' ')}, or add it to values.tokens.`,
            { token },
          );
        }
        value = segmentValue(token, values.tokens[token]);
    }
    fixed.set(token, value);
    return value;
  };

  const segments: string[] = [];
  for (const part of layout.split('/')) {
    if (part.includes('{prefix}') && part !== '{prefix}') {
      throw invalid('{prefix} must be a whole segment of the key template.', "Write it as '{prefix}/…'.");
    }
    const rendered = part.replace(TOKEN, (_match, token: string) => tokenValue(token));
    if (rendered === '') continue;
    if (rendered === '.' || rendered === '..') {
      throw invalid('The key template makes a `.` or `..` segment.', 'Remove the dot segments from the template.');
    }
    segments.push(rendered);
  }
  let key = segments.join('/');

  const marks = key.split(BASENAME_MARK).length - 1;
  if (marks > 0) {
    const basename = file?.basename ?? '';
    const room = Math.floor((MAX_KEY_BYTES - utf8Bytes(key.replaceAll(BASENAME_MARK, ''))) / marks);
    const fitted = utf8Bytes(basename) <= room ? basename : truncateUtf8(basename, room).replace(/[. ]+$/, '');
    if (fitted === '') {
      throw invalid(
        'The key leaves no room for the file name within 1,024 bytes.',
        'Use a shorter prefix or template.',
      );
    }
    // A function, not a string: in a replacement string, `$&`, `` $` `` and `$'` in the file name would be patterns.
    key = key.replaceAll(BASENAME_MARK, () => fitted);
  }
  if (key === '') {
    throw invalid('The key template produced an empty key.', 'Include at least {uuid} or {filename} in the template.');
  }
  assertValidObjectKey(key);
  if (prefix !== '') assertKeyWithinPrefix(key, prefix);
  return key;
}
