import { z } from 'zod';
import { SosError } from '../errors';
import { sanitizeFilenameParts } from '../keys';
import {
  isActiveContentType,
  normalizeContentType,
  OCTET_STREAM,
  typeAgreesWithExtension,
  typeForExtension,
} from './content-type';

/**
 * What a tenant accepts. Every field is optional; an absent one allows
 * anything, except that an empty file is refused unless `minFileSize` is `0`.
 *
 * @example
 * const rules: FileRules = {
 *   maxFileSize: 5 * 1024 ** 3, // a 5 GiB CBCT scan
 *   allowedTypes: ['image/*', 'application/pdf', '.stl', '.dcm'],
 *   maxFiles: 20,
 * };
 */
export interface FileRules {
  /** The largest file, in bytes. */
  maxFileSize?: number;
  /**
   * The smallest file, in bytes. Empty files are refused unless this is `0`:
   * a 0-byte file is almost always a mistake (a file still being written, a
   * broken download), not something to store.
   * @default 1
   */
  minFileSize?: number;
  /**
   * Accepted kinds of file, mixing MIME types (`application/pdf`), wildcards
   * (`image/*`) and extensions (`.stl`, `.dcm`, `.tar.gz`). A file passes
   * when any entry matches its type or its name. Active content (HTML, SVG,
   * XML, scripts) passes only an entry that names its type (`image/svg+xml`)
   * or extension (`.svg`); wildcards never admit it, and without
   * `allowedTypes` it is refused.
   */
  allowedTypes?: readonly string[];
  /** The most files in one request. */
  maxFiles?: number;
  /**
   * Refuse a file whose declared type contradicts its extension in the MIME
   * database (`photo.png` declared as `text/html`), with `FILE_TYPE_MISMATCH`.
   * @default true
   */
  requireTypeMatch?: boolean;
}

/** A file as the browser describes it before uploading. */
export interface FileDescription {
  name: string;
  /** The browser's `File.type`; may be empty. */
  type?: string;
  /** The size in bytes. */
  size: number;
}

/** A file that passed the rules, with the Content-Type to sign for it. */
export interface CheckedFile {
  /** The file name, cleaned by `sanitizeFilename`. */
  name: string;
  size: number;
  /**
   * The type to sign and store: the declared type normalised (lower-case
   * `type/subtype`, and a known `charset` if one was declared), or the MIME
   * database's type for the extension when the browser sent none (or
   * `application/octet-stream`).
   */
  contentType: string;
}

const byteCount = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const typeEntry = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(\.[a-z0-9][a-z0-9.+_-]*|\*(\/\*)?|[a-z0-9][\w.+-]*\/(\*|[a-z0-9][\w.+-]*))$/, {
    message: "expected a MIME type ('application/pdf'), a wildcard ('image/*') or an extension ('.stl')",
  });

/** The zod schema of {@link FileRules}, for rules read from a database or a config file. */
export const fileRulesSchema = z
  .object({
    maxFileSize: byteCount.optional(),
    minFileSize: byteCount.optional(),
    allowedTypes: z.array(typeEntry).min(1).optional(),
    maxFiles: z.number().int().positive().optional(),
    requireTypeMatch: z.boolean().optional(),
  })
  .strict()
  .refine((rules) => (rules.minFileSize ?? 0) <= (rules.maxFileSize ?? Number.POSITIVE_INFINITY), {
    message: 'minFileSize must not be larger than maxFileSize',
  });

/** The `minFileSize` that applies when the rules set none: empty files are refused. */
export const DEFAULT_MIN_FILE_SIZE = 1;

const MAX_NAME_LENGTH = 4096;
const MAX_TYPE_LENGTH = 255;
const fileSchema = z.object({
  name: z.string().max(MAX_NAME_LENGTH),
  type: z.string().max(MAX_TYPE_LENGTH).optional(),
  size: byteCount,
});

/**
 * A file description checked against `fileSchema`. One that plainly fits it
 * (what zod would accept as it is) skips zod; anything else is parsed by
 * zod, so a bad one gets zod's message.
 */
function validFile(file: FileDescription): FileDescription {
  const shape = file as Partial<Record<keyof FileDescription, unknown>> | null;
  if (typeof shape === 'object' && shape !== null && !Array.isArray(shape)) {
    const { name, type, size } = shape;
    if (
      typeof name === 'string' &&
      name.length <= MAX_NAME_LENGTH &&
      (type === undefined || (typeof type === 'string' && type.length <= MAX_TYPE_LENGTH)) &&
      typeof size === 'number' &&
      Number.isSafeInteger(size) &&
      size >= 0
    ) {
      return { name, type, size };
    }
  }
  const parsed = fileSchema.safeParse(file);
  if (!parsed.success) throw firstIssue(parsed.error, 'file description');
  return parsed.data;
}

function firstIssue(error: z.ZodError, what: string): SosError {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  return new SosError('INVALID_INPUT', `Invalid ${what}${where}: ${issue?.message ?? 'unexpected shape'}.`, {
    hint:
      what === 'file rules'
        ? 'Sizes are whole numbers of bytes; allowedTypes holds MIME types, wildcards or extensions.'
        : 'Describe each file as { name, type, size } with size in bytes.',
  });
}

/**
 * Checks file rules once, for instance when loading them from a database,
 * and returns them normalised (trimmed, lower-case types). Throws
 * `INVALID_INPUT` for a rule that makes no sense.
 *
 * @example
 * const rules = parseFileRules(JSON.parse(tenant.rulesJson));
 */
export function parseFileRules(rules: unknown): FileRules {
  const result = fileRulesSchema.safeParse(rules);
  if (!result.success) throw firstIssue(result.error, 'file rules');
  return result.data;
}

const UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];

/** A size for people: `5 GiB`, `1.5 MiB`, `900 bytes`. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const rounded = unit === 0 ? String(value) : String(Math.round(value * 10) / 10);
  return `${rounded} ${UNITS[unit]}`;
}

/**
 * Whether a rule entry admits a file. A wildcard (`*`, `*\/*`, `image/*`)
 * never admits active content; an exact type does, and so does an extension
 * whose own type in the MIME database is the file's (`.svg` for `image/svg+xml`).
 */
function approves(entry: string, essence: string, name: string, active: boolean): boolean {
  if (entry.startsWith('.')) {
    if (!name.toLowerCase().endsWith(entry)) return false;
    return !active || typeForExtension(entry.slice(1)) === essence;
  }
  if (entry === '*' || entry === '*/*') return !active;
  if (entry.endsWith('/*')) return !active && essence.startsWith(entry.slice(0, -1));
  return essence === entry;
}

function activeContentRefused(name: string, essence: string, details: { name: string; size: number }): SosError {
  return new SosError(
    'FILE_TYPE_NOT_ALLOWED',
    `${name} (${essence}) is a type that browsers run or render as a page, and this upload does not name it.`,
    {
      hint: `HTML, SVG, XML and script files are accepted only where the accepted types name them exactly (such as '${essence}').`,
      details: { ...details, type: essence, activeContent: true },
    },
  );
}

/**
 * Checks one file against a tenant's rules before anything is signed, and
 * returns the Content-Type to sign: the declared type normalised by
 * `normalizeContentType` (or the MIME database's type for the extension when
 * none, or `application/octet-stream`, was declared), never the string as
 * sent. Throws, in this order: `FILE_TOO_LARGE` (413), `FILE_TOO_SMALL` (an
 * empty file too, unless `minFileSize` is `0`),
 * `INVALID_CONTENT_TYPE` (a list, a parameter other than `charset`, stray
 * characters), `FILE_TYPE_MISMATCH` (the declared type contradicts the
 * extension in the MIME database) and `FILE_TYPE_NOT_ALLOWED` (415). Active
 * content (HTML, SVG, XML, scripts: `isActiveContentType`) passes only a rule
 * that names its type, or its extension, exactly: never a wildcard, nor the
 * absence of `allowedTypes`.
 *
 * @example
 * const { contentType } = checkFile({ name: 'jaw.stl', type: '', size: 48_213 }, rules);
 * // contentType: 'model/stl', found in the MIME database from the extension
 */
export function checkFile(file: FileDescription, rules: FileRules = {}): CheckedFile {
  const { name: rawName, type, size } = validFile(file);
  // The cleaned name and its extension, from one run of the sanitiser.
  const parts = sanitizeFilenameParts(rawName);
  const name = `${parts.basename}${parts.extension}`;
  const extension = parts.extension.slice(1);
  const details = { name, size };

  if (rules.maxFileSize !== undefined && size > rules.maxFileSize) {
    throw new SosError(
      'FILE_TOO_LARGE',
      `${name} is ${formatBytes(size)}; files may be at most ${formatBytes(rules.maxFileSize)}.`,
      {
        hint: 'Choose a smaller file, or compress it before uploading.',
        details: { ...details, maxFileSize: rules.maxFileSize },
      },
    );
  }
  const minFileSize = rules.minFileSize ?? DEFAULT_MIN_FILE_SIZE;
  if (size < minFileSize) {
    throw new SosError(
      'FILE_TOO_SMALL',
      size === 0
        ? `${name} is empty (0 bytes): there is nothing in it to upload.`
        : `${name} is ${formatBytes(size)}; files must be at least ${formatBytes(minFileSize)}.`,
      {
        hint:
          size === 0
            ? 'Choose the file again; if it is still empty, open it to check that it was saved or downloaded completely.'
            : 'Check that the right file was chosen.',
        details: { ...details, minFileSize },
      },
    );
  }

  // What is signed is the normalised type, never the string as sent.
  const declared = normalizeContentType(type ?? '');
  const declaredEssence = declared?.essence ?? '';
  const inferred = declaredEssence === '' || declaredEssence === OCTET_STREAM;
  const contentType = inferred ? (typeForExtension(extension) ?? OCTET_STREAM) : (declared?.value ?? OCTET_STREAM);
  const essence = inferred ? contentType : declaredEssence;
  if ((rules.requireTypeMatch ?? true) && !inferred && typeAgreesWithExtension(declaredEssence, extension) === false) {
    throw new SosError(
      'FILE_TYPE_MISMATCH',
      `${name} is declared as ${declaredEssence}, which does not match its .${extension} extension.`,
      {
        hint: `Rename the file to the extension of its real format, or upload it as ${typeForExtension(extension) ?? 'its real type'}.`,
        details: { ...details, type: declaredEssence },
      },
    );
  }

  const { allowedTypes } = rules;
  const active = isActiveContentType(essence);
  if (allowedTypes === undefined) {
    if (active) throw activeContentRefused(name, essence, details);
    return { name, size, contentType };
  }
  const entries = allowedTypes.map((entry) => entry.trim().toLowerCase());
  if (!entries.some((entry) => approves(entry, essence, name, active))) {
    if (active && entries.some((entry) => approves(entry, essence, name, false))) {
      throw activeContentRefused(name, essence, details);
    }
    throw new SosError('FILE_TYPE_NOT_ALLOWED', `${name} (${essence}) is not a type this upload accepts.`, {
      hint: `Accepted: ${entries.join(', ')}.`,
      details: { ...details, type: essence, allowedTypes: entries },
    });
  }
  return { name, size, contentType };
}

/**
 * Checks a batch of files: first their number against `maxFiles`
 * (`TOO_MANY_FILES`), then each file with {@link checkFile}.
 *
 * @example
 * const files = checkFiles(body.files, rules); // throws before any URL is signed
 */
export function checkFiles(files: readonly FileDescription[], rules: FileRules = {}): CheckedFile[] {
  if (rules.maxFiles !== undefined) assertFileCount(files.length, rules.maxFiles);
  return files.map((file) => checkFile(file, rules));
}

/**
 * Throws `TOO_MANY_FILES` when `count` files are more than `maxFiles`.
 *
 * @example
 * assertFileCount(body.files.length, rules.maxFiles ?? 100);
 */
export function assertFileCount(count: number, maxFiles: number): void {
  if (count <= maxFiles) return;
  throw new SosError('TOO_MANY_FILES', `${count} files were sent; at most ${maxFiles} are allowed at once.`, {
    hint: `Upload at most ${maxFiles} files per request.`,
    details: { count, maxFiles },
  });
}
