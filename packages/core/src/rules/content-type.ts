import mime from 'mime-types';

/** The fallback type for bytes of unknown kind. */
export const OCTET_STREAM = 'application/octet-stream';

// Types that browsers or operating systems report for an extension although
// the MIME database does not list the pair: Windows with Excel installed says
// CSV files are Excel sheets, and older CAD tools label STL files `application/sla`.
const REPORTED_ALIASES: Readonly<Record<string, readonly string[]>> = {
  csv: ['application/vnd.ms-excel'],
  stl: ['application/sla'],
};

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
