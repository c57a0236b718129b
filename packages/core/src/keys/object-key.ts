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
  const layout = compileTemplate(template ?? DEFAULT_KEY_TEMPLATE);
  const prefix = normalizePrefix(values.prefix);
  const now = layout.usesDate ? (values.now ?? new Date()) : undefined;
  let file: FilenameParts | undefined;
  if (layout.usesFilename) {
    if (values.filename === undefined) {
      throw invalid('The key template uses the file name but no filename was given.', 'Pass filename in the values.');
    }
    file = sanitizeFilenameParts(values.filename, values.filenameOptions);
  }

  // Each token is worked out once per key, so `{uuid}` twice is the same UUID.
  const filled: (string | undefined)[] = new Array(layout.tokens.length);
  let key = '';
  for (const part of layout.parts) {
    if (part === PREFIX_NOT_WHOLE) {
      throw invalid('{prefix} must be a whole segment of the key template.', "Write it as '{prefix}/…'.");
    }
    let rendered = part[0] as string;
    for (let index = 1; index < part.length; index += 2) {
      const token = part[index] as number;
      let value = filled[token];
      if (value === undefined) {
        value = tokenValue(layout.tokens[token] as string, values, prefix, now, file);
        filled[token] = value;
      }
      rendered += value + (part[index + 1] as string);
    }
    if (rendered === '') continue;
    if (rendered === '.' || rendered === '..') {
      throw invalid('The key template makes a `.` or `..` segment.', 'Remove the dot segments from the template.');
    }
    key = key === '' ? rendered : `${key}/${rendered}`;
  }

  if (layout.usesBasename) {
    // The text around the base name marks: S3's byte limit is shared between it and the base names.
    const around = key.split(BASENAME_MARK);
    const marks = around.length - 1;
    const basename = file?.basename ?? '';
    const room = Math.floor((MAX_KEY_BYTES - utf8Bytes(around.join(''))) / marks);
    const fitted = utf8Bytes(basename) <= room ? basename : truncateUtf8(basename, room).replace(/[. ]+$/, '');
    if (fitted === '') {
      throw invalid(
        'The key leaves no room for the file name within 1,024 bytes.',
        'Use a shorter prefix or template.',
      );
    }
    // Joined, not replaced: in a replacement string, `$&`, `` $` `` and `$'` in the file name would be patterns.
    key = around.join(fitted);
  }
  if (key === '') {
    throw invalid('The key template produced an empty key.', 'Include at least {uuid} or {filename} in the template.');
  }
  assertValidObjectKey(key);
  if (prefix !== '') assertKeyWithinPrefix(key, prefix);
  return key;
}

/** The value of one token in a key. */
function tokenValue(
  token: string,
  values: ObjectKeyValues,
  prefix: string,
  now: Date | undefined,
  file: FilenameParts | undefined,
): string {
  switch (token) {
    case 'prefix':
      return prefix;
    case 'yyyy':
      return String((now as Date).getUTCFullYear()).padStart(4, '0');
    case 'mm':
      return pad((now as Date).getUTCMonth() + 1);
    case 'dd':
      return pad((now as Date).getUTCDate());
    case 'uuid': {
      const { uuid } = values;
      // A generated UUID is hex digits and dashes, which cleaning leaves as they are.
      return uuid === undefined ? randomUUID() : segmentValue('uuid', uuid);
    }
    case 'filename':
      return `${BASENAME_MARK}${file?.extension ?? ''}`;
    case 'basename':
      return BASENAME_MARK;
    case 'ext':
      return file?.extension ?? '';
    case 'tenant':
      return segmentValue(token, values.tenant);
    case 'orderId':
      return segmentValue(token, values.orderId);
    default:
      if (values.tokens === undefined || !Object.hasOwn(values.tokens, token)) {
        throw invalid(
          `The key template uses an unknown token {${token}}.`,
          `Known tokens: ${BUILT_IN_TOKENS.map((name) => `{${name}}`).join(' ')}, or add it to values.tokens.`,
          { token },
        );
      }
      return segmentValue(token, values.tokens[token]);
  }
}

/**
 * A key template parsed once: each `/`-separated part as its literal text at
 * even indexes and, between them, the index of a token in `tokens`, or
 * {@link PREFIX_NOT_WHOLE} for a part that misuses `{prefix}`.
 */
interface CompiledTemplate {
  parts: readonly (readonly (string | number)[] | typeof PREFIX_NOT_WHOLE)[];
  /** Every distinct token, in order of first use. */
  tokens: readonly string[];
  usesFilename: boolean;
  /** Whether `{filename}` or `{basename}` is used, which puts a base name mark in the key. */
  usesBasename: boolean;
  usesDate: boolean;
}

// A part that fails when the key is built, in its place among the parts, so
// errors come in the same order as when the template was read per key.
const PREFIX_NOT_WHOLE = 0;
const DATE_TOKENS = new Set(['yyyy', 'mm', 'dd']);

// A service uses one template, or one per tenant: they are parsed once each.
const compiledTemplates = new Map<string, CompiledTemplate>();
const MAX_CACHED_TEMPLATES = 64;
const MAX_CACHED_TEMPLATE_LENGTH = 2048;

function compileTemplate(layout: string): CompiledTemplate {
  const known = compiledTemplates.get(layout);
  if (known !== undefined) return known;
  if (typeof layout !== 'string' || /[{}]|\p{Cc}/u.test(layout.replace(TOKEN, ''))) {
    throw invalid(
      'The key template has an unmatched `{` or `}` or a control character.',
      "Write tokens as {name}, e.g. '{prefix}/{uuid}'.",
    );
  }
  const tokens: string[] = [];
  const parts = layout.split('/').map((part) => {
    if (part.includes('{prefix}') && part !== '{prefix}') return PREFIX_NOT_WHOLE;
    // With its capturing group, TOKEN splits a part into text, token name, text, …
    return part.split(TOKEN).map((piece, index) => {
      if (index % 2 === 0) return piece;
      if (!tokens.includes(piece)) tokens.push(piece);
      return tokens.indexOf(piece);
    });
  });
  const usedTokens = [...layout.matchAll(TOKEN)].map(([, name]) => name ?? '');
  const compiled: CompiledTemplate = {
    parts,
    tokens,
    usesFilename: usedTokens.some((name) => FILENAME_TOKENS.has(name)),
    usesBasename: tokens.some((name) => name === 'filename' || name === 'basename'),
    usesDate: usedTokens.some((name) => DATE_TOKENS.has(name)),
  };
  if (layout.length <= MAX_CACHED_TEMPLATE_LENGTH) {
    if (compiledTemplates.size >= MAX_CACHED_TEMPLATES) compiledTemplates.clear();
    compiledTemplates.set(layout, compiled);
  }
  return compiled;
}
