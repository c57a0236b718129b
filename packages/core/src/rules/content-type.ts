import mime from 'mime-types';
import { SosError } from '../errors';

/** The fallback type for bytes of unknown kind. */
export const OCTET_STREAM = 'application/octet-stream';

// Types that browsers or operating systems report for an extension although
// the MIME database does not list the pair: Windows with Excel installed says
// CSV files are Excel sheets, and older CAD tools label STL files `application/sla`.
const REPORTED_ALIASES: Readonly<Record<string, readonly string[]>> = {
  csv: ['application/vnd.ms-excel'],
  stl: ['application/sla'],
};

/** A media type name as RFC 6838 allows it (`restricted-name`), in lower case. */
const NAME = '[a-z0-9][a-z0-9!#$&^_.+-]{0,126}';
/** A plain `type/subtype`, already lower-case: most declared types, taken as they are. */
const PLAIN_TYPE = new RegExp(`^${NAME}/${NAME}$`);
/** `type/subtype`, optionally followed by one `charset` parameter, in any case. */
const TYPE_WITH_CHARSET = new RegExp(`^(${NAME}/${NAME})(?:[ \\t]*;[ \\t]*charset=("?)([a-z0-9._:-]{1,40})\\2)?$`, 'i');

/**
 * Types that a browser runs or renders as a document when it opens the
 * object: HTML, SVG, XML (which can carry XHTML and scripts) and scripts.
 * A wildcard rule never admits them; only a rule that names them does.
 */
const ACTIVE_TYPES: ReadonlySet<string> = new Set([
  'text/html',
  'application/xhtml+xml',
  'image/svg+xml',
  'text/xml',
  'application/xml',
  'text/xsl',
  'application/x-shockwave-flash',
  'multipart/x-mixed-replace',
]);
const SCRIPT_SUBTYPE = /(?:^|[.-])(?:java|ecma|j|live|vb)script$/;

/**
 * Whether a browser would run or render an object of this type (an essence,
 * lower-case) as active content: HTML, XHTML, SVG, any XML (`+xml`
 * included), and scripts (`text/javascript`, `application/ecmascript`, …).
 *
 * @example
 * isActiveContentType('image/svg+xml'); // true
 * isActiveContentType('image/png'); // false
 */
export function isActiveContentType(essence: string): boolean {
  if (ACTIVE_TYPES.has(essence) || essence.endsWith('+xml')) return true;
  const slash = essence.indexOf('/');
  return SCRIPT_SUBTYPE.test(essence.slice(slash + 1));
}

/** A declared type once parsed: its essence, and the charset if one was named. */
export interface NormalizedContentType {
  /** `type/subtype`, lower-case. */
  essence: string;
  /** The canonical name of the declared charset (`utf-8`), if any. */
  charset?: string;
  /** What to sign and store: the essence, then `; charset=…` when one was declared. */
  value: string;
}

const invalidContentType = (declared: string): SosError =>
  new SosError('INVALID_CONTENT_TYPE', `"${declared.slice(0, 80)}" is not a single MIME type.`, {
    hint: "Send one type as type/subtype (e.g. 'application/pdf'), with at most a charset parameter; or send none, and the type is taken from the file's extension.",
    details: { type: declared.slice(0, 255) },
  });

/**
 * Parses a declared Content-Type strictly, so that what is signed and stored
 * is one type that browsers read the way the rules did: `type/subtype`,
 * lower-case, with at most a `charset` that the WHATWG Encoding standard
 * knows (normalised to its canonical name). A list (`image/png, text/html`),
 * any other parameter, or stray characters throw `INVALID_CONTENT_TYPE`;
 * browsers would read such a string differently from a check of its first
 * part. An empty string gives `undefined`.
 *
 * @example
 * normalizeContentType('Text/Plain; charset=UTF8'); // { essence: 'text/plain', charset: 'utf-8', value: 'text/plain; charset=utf-8' }
 * normalizeContentType('image/png, text/html'); // throws INVALID_CONTENT_TYPE
 */
export function normalizeContentType(declared: string): NormalizedContentType | undefined {
  if (PLAIN_TYPE.test(declared)) return { essence: declared, value: declared };
  const trimmed = declared.trim();
  if (trimmed === '') return undefined;
  const match = TYPE_WITH_CHARSET.exec(trimmed);
  if (match === null) throw invalidContentType(declared);
  const essence = (match[1] as string).toLowerCase();
  const label = match[3];
  if (label === undefined) return { essence, value: essence };
  let charset: string;
  try {
    charset = new TextDecoder(label).encoding;
  } catch {
    throw invalidContentType(declared);
  }
  return { essence, charset, value: `${essence}; charset=${charset}` };
}

/** The part of a MIME type before its parameters, lower-cased: `Text/Plain; charset=x` gives `text/plain`. */
export function mimeEssence(type: string): string {
  const end = type.indexOf(';');
  return (end === -1 ? type : type.slice(0, end)).trim().toLowerCase();
}

/** The type the MIME database gives an extension (`stl`, no dot), or `undefined` when it does not know it. */
export function typeForExtension(extension: string): string | undefined {
  if (extension === '') return undefined;
  return mime.lookup(extension) || undefined;
}

/**
 * Whether a declared MIME type agrees with an extension (no dot, lower-case),
 * according to the MIME database. `undefined` means it cannot tell: the
 * extension is missing or unknown to the database.
 */
export function typeAgreesWithExtension(type: string, extension: string): boolean | undefined {
  const expected = typeForExtension(extension);
  if (expected === undefined) return undefined;
  const essence = mimeEssence(type);
  if (essence === expected) return true;
  const extensions = mime.extensions[essence];
  if (extensions !== undefined)
    return extensions.includes(extension) || REPORTED_ALIASES[extension]?.includes(essence) === true;
  // A type the database does not know (`image/jpg`): judge it by its top-level type.
  return REPORTED_ALIASES[extension]?.includes(essence) === true || essence.split('/')[0] === expected.split('/')[0];
}
