/** A value that JSON can hold: what a CloudFormation template is made of. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Strings a YAML 1.1 or 1.2 parser reads as null or a boolean (CloudFormation's parser is 1.1-ish). */
const RESERVED_WORDS = new Set(['', '~', 'null', 'true', 'false', 'yes', 'no', 'on', 'off', 'y', 'n', '<<', '=']);

/** Control characters, line breaks, lone surrogates, the BOM: written safely only as escapes. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is looked for
const NEEDS_ESCAPE = /[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\u{d800}-\u{dfff}]/u;

/**
 * Whether a string can be written without quotes and still read back as the
 * same string. Deliberately stricter than YAML needs: numbers, dates and times
 * in any YAML version, and anything starting with an indicator, get quotes.
 */
function isPlainSafe(text: string): boolean {
  return (
    !RESERVED_WORDS.has(text.toLowerCase()) &&
    !NEEDS_ESCAPE.test(text) &&
    // An indicator first, or a number, date, time or .inf/.nan (YAML 1.1 also reads 1:20 and 1_000 as numbers).
    !/^[-?:,[\]{}#&*!|>'"%@` ]|^[+.]|^\d/.test(text) &&
    // ': ' starts a mapping, ' #' a comment; a trailing space or colon does not survive.
    !/: |:$| #| $/.test(text)
  );
}

/**
 * A quoted YAML string. Single quotes when the text has double quotes but no
 * single ones and nothing to escape (as the `yaml` library chooses), double
 * quotes otherwise: JSON's escapes are all YAML escapes, and the characters
 * JSON leaves raw but YAML calls non-printable (DEL, C1 controls, U+FFFE/F)
 * or reads as line breaks in 1.1 (U+2028/9) are escaped too.
 */
function quoted(text: string): string {
  if (text.includes('"') && !text.includes("'") && !NEEDS_ESCAPE.test(text)) return `'${text}'`;
  return JSON.stringify(text).replace(
    /[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A string as a YAML scalar: plain when that is safe, otherwise quoted. */
function scalarString(text: string): string {
  return isPlainSafe(text) ? text : quoted(text);
}

/** JSON's numbers; a non-finite one is `null`, as in the JSON form of the template. */
function scalar(value: string | number | boolean | null): string {
  if (typeof value === 'string') return scalarString(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  return String(value);
}

const isEmpty = (value: JsonValue[] | { [key: string]: JsonValue }): boolean =>
  Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;

/** The lines of a non-empty collection, each starting with `indent` spaces. */
function blockLines(value: JsonValue[] | { [key: string]: JsonValue }, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      if (item === null || typeof item !== 'object' || isEmpty(item)) {
        lines.push(`${pad}- ${inline(item)}`);
        continue;
      }
      // The item's first line goes after the dash, the others stay indented under it.
      const [first = '', ...rest] = blockLines(item, indent + 2);
      lines.push(`${pad}- ${first.slice(indent + 2)}`, ...rest);
    }
    return lines;
  }
  for (const [key, item] of Object.entries(value)) {
    const name = scalarString(key);
    if (item === null || typeof item !== 'object' || isEmpty(item)) {
      lines.push(`${pad}${name}: ${inline(item)}`);
    } else {
      lines.push(`${pad}${name}:`, ...blockLines(item, indent + 2));
    }
  }
  return lines;
}

/** A scalar or an empty collection, on one line. */
function inline(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return scalar(value);
  return Array.isArray(value) ? '[]' : '{}';
}

/**
 * Writes a JSON value as block-style YAML, for CloudFormation: two-space
 * indents, no anchors, no line folding, and quotes around every string a
 * YAML 1.1 or 1.2 parser could read as something else (`"2012-10-17"`,
 * `"false"`, `"123456789012"`). Hand-written so that `@sos/core` does not
 * load a YAML library when it is imported: the templates are plain JSON data.
 *
 * @example
 * templateToYaml({ Version: '2012-10-17', Action: ['s3:PutObject'] });
 * // 'Version: "2012-10-17"\nAction:\n  - s3:PutObject\n'
 */
export function templateToYaml(value: JsonValue): string {
  const lines = value === null || typeof value !== 'object' || isEmpty(value) ? [inline(value)] : blockLines(value, 0);
  return `${lines.join('\n')}\n`;
}
