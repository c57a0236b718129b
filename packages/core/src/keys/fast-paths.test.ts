// The fast paths of the key functions (plain ASCII names, default options,
// compiled templates, the last key checked) must give exactly what the
// general code gives. These properties compare them with the general paths
// and with the implementation they replaced, copied here as the reference.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { isSosError, SosError } from '../errors';
import { buildObjectKey, DEFAULT_KEY_TEMPLATE, type ObjectKeyValues } from './object-key';
import { assertKeyWithinPrefix, assertValidObjectKey, MAX_KEY_BYTES, normalizePrefix } from './object-key-checks';
import {
  cleanAnySegment,
  cleanAnyText,
  cleanLastSegment,
  cleanText,
  type FilenameParts,
  isCleanAscii,
  isPlainName,
  type SanitizeFilenameOptions,
  sanitizeFilenameParts,
} from './sanitize-filename';
import { truncateUtf8, utf8Bytes } from './utf8';

// Both implementations must see the same UUID when the values bring none.
const { FIXED_UUID } = vi.hoisted(() => ({ FIXED_UUID: '0b7e7f0e-7d43-4c1c-9f55-3f4a1f3c2b11' }));
vi.mock('node:crypto', async (importOriginal) => ({
  ...(await importOriginal<typeof import('node:crypto')>()),
  randomUUID: () => FIXED_UUID,
}));

// ---------------------------------------------------------------------------
// The reference: sanitizeFilenameParts, the key checks and buildObjectKey as
// they were before the fast paths, with cleanAnyText as cleanText.

const REF_EXTENSION = /^[a-z0-9]{1,16}$/i;
const REF_WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;
const refTrimEnds = (text: string): string => text.replace(/^[. ]+|[. ]+$/g, '');

function refCheckOptions(options: SanitizeFilenameOptions): { fallback: string; maxBytes: number } {
  const maxBytes = options.maxBytes ?? 255;
  if (!Number.isInteger(maxBytes) || maxBytes < 32) {
    throw new SosError('INVALID_INPUT', 'maxBytes must be a whole number of at least 32.', {
      hint: 'Leave it out to keep names within 255 bytes, the limit of common file systems.',
      details: { maxBytes },
    });
  }
  const fallback = refTrimEnds(cleanAnyText(options.fallback ?? 'file').replace(/\//g, '_'));
  if (fallback === '' || utf8Bytes(fallback) > 16) {
    throw new SosError('INVALID_INPUT', 'The fallback file name must be 1 to 16 bytes of printable text.', {
      hint: "Use a short plain name such as 'file' or 'upload'.",
    });
  }
  return { fallback, maxBytes };
}

function refSanitizeFilenameParts(name: string, options: SanitizeFilenameOptions = {}): FilenameParts {
  const { fallback, maxBytes } = refCheckOptions(options);
  const lastSegment =
    String(name)
      .split(/[\\/]/)
      .filter((segment) => segment !== '' && segment !== '.' && segment !== '..')
      .pop() ?? '';
  const cleaned = refTrimEnds(cleanAnyText(lastSegment));
  let basename = cleaned;
  let extension = '';
  const dot = cleaned.lastIndexOf('.');
  if (dot > 0 && REF_EXTENSION.test(cleaned.slice(dot + 1))) {
    basename = refTrimEnds(cleaned.slice(0, dot));
    extension = `.${cleaned.slice(dot + 1).toLowerCase()}`;
  }
  if (basename === '') basename = fallback;
  if (REF_WINDOWS_RESERVED.test(basename)) basename = `${basename}_`;
  const room = maxBytes - utf8Bytes(extension);
  if (utf8Bytes(basename) > room) basename = refTrimEnds(truncateUtf8(basename, room)) || fallback;
  return { basename, extension };
}

function refAssertValidObjectKey(key: string): void {
  const problem =
    typeof key !== 'string' || key.length === 0 || Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES
      ? `The object key must be 1 to ${MAX_KEY_BYTES} bytes of UTF-8.`
      : /\p{Cs}/u.test(key)
        ? 'The object key contains a broken character (a lone UTF-16 surrogate).'
        : /\p{Cc}/u.test(key)
          ? 'The object key contains a control character.'
          : /(^|\/)\.{1,2}(\/|$)/.test(key)
            ? 'The object key contains a `.` or `..` segment.'
            : undefined;
  if (problem !== undefined) {
    throw new SosError('INVALID_INPUT', problem, {
      hint: 'Build keys with buildObjectKey, which keeps them within S3 limits.',
    });
  }
}

function refAssertKeyWithinPrefix(key: string, prefix: string | undefined): void {
  const folder = normalizePrefix(prefix);
  if (folder === '') return;
  const inside =
    typeof key === 'string' &&
    key.length > folder.length + 1 &&
    key.startsWith(folder) &&
    key.charCodeAt(folder.length) === 0x2f &&
    !/(^|\/)\.{0,2}(\/|$)/.test(key.slice(folder.length + 1));
  if (!inside) {
    throw new SosError('KEY_OUTSIDE_PREFIX', `The object key is outside the tenant's folder '${folder}/'.`, {
      hint: 'Build keys with buildObjectKey and the connection prefix; never take a key from the browser as is.',
      details: { prefix: folder },
    });
  }
}

const REF_TOKEN = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;
const REF_BUILT_IN_TOKENS = ['prefix', 'tenant', 'orderId', 'yyyy', 'mm', 'dd', 'uuid', 'filename', 'basename', 'ext'];
const REF_MARK = '\u0000';
const refInvalid = (message: string, hint: string, details?: Record<string, unknown>): SosError =>
  new SosError('INVALID_INPUT', message, details === undefined ? { hint } : { hint, details });

function refSegmentValue(token: string, value: string | undefined): string {
  if (value === undefined) {
    throw refInvalid(
      `The key template uses {${token}} but no value was given for it.`,
      `Pass ${token} in the values.`,
      {
        token,
      },
    );
  }
  const cleaned = truncateUtf8(cleanAnyText(value).replace(/\//g, '_'), 255);
  if (cleaned === '' || /^\.+$/.test(cleaned)) {
    throw refInvalid(`The value for {${token}} is empty once cleaned.`, 'Pass a value with letters or digits.', {
      token,
    });
  }
  return cleaned;
}

function refBuildObjectKey(template: string | undefined, values: ObjectKeyValues): string {
  const layout = template ?? DEFAULT_KEY_TEMPLATE;
  if (typeof layout !== 'string' || /[{}]|\p{Cc}/u.test(layout.replace(REF_TOKEN, ''))) {
    throw refInvalid(
      'The key template has an unmatched `{` or `}` or a control character.',
      "Write tokens as {name}, e.g. '{prefix}/{uuid}'.",
    );
  }
  const prefix = normalizePrefix(values.prefix);
  const now = values.now ?? new Date();
  const usesFilename = [...layout.matchAll(REF_TOKEN)].some(([, name]) =>
    ['filename', 'basename', 'ext'].includes(name ?? ''),
  );
  let file: FilenameParts | undefined;
  if (usesFilename) {
    if (values.filename === undefined) {
      throw refInvalid(
        'The key template uses the file name but no filename was given.',
        'Pass filename in the values.',
      );
    }
    file = refSanitizeFilenameParts(values.filename, values.filenameOptions);
  }
  const pad = (value: number): string => String(value).padStart(2, '0');
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
        value = refSegmentValue('uuid', values.uuid ?? randomUUID());
        break;
      case 'filename':
        value = `${REF_MARK}${file?.extension ?? ''}`;
        break;
      case 'basename':
        value = REF_MARK;
        break;
      case 'ext':
        value = file?.extension ?? '';
        break;
      case 'tenant':
        value = refSegmentValue(token, values.tenant);
        break;
      case 'orderId':
        value = refSegmentValue(token, values.orderId);
        break;
      default:
        if (values.tokens === undefined || !Object.hasOwn(values.tokens, token)) {
          throw refInvalid(
            `The key template uses an unknown token {${token}}.`,
            `Known tokens: ${REF_BUILT_IN_TOKENS.map((name) => `{${name}}`).join(' ')}, or add it to values.tokens.`,
            { token },
          );
        }
        value = refSegmentValue(token, values.tokens[token]);
    }
    fixed.set(token, value);
    return value;
  };
  const segments: string[] = [];
  for (const part of layout.split('/')) {
    if (part.includes('{prefix}') && part !== '{prefix}') {
      throw refInvalid('{prefix} must be a whole segment of the key template.', "Write it as '{prefix}/…'.");
    }
    const rendered = part.replace(REF_TOKEN, (_match, token: string) => tokenValue(token));
    if (rendered === '') continue;
    if (rendered === '.' || rendered === '..') {
      throw refInvalid('The key template makes a `.` or `..` segment.', 'Remove the dot segments from the template.');
    }
    segments.push(rendered);
  }
  let key = segments.join('/');
  const marks = key.split(REF_MARK).length - 1;
  if (marks > 0) {
    const basename = file?.basename ?? '';
    const room = Math.floor((MAX_KEY_BYTES - utf8Bytes(key.replaceAll(REF_MARK, ''))) / marks);
    const fitted = utf8Bytes(basename) <= room ? basename : truncateUtf8(basename, room).replace(/[. ]+$/, '');
    if (fitted === '') {
      throw refInvalid(
        'The key leaves no room for the file name within 1,024 bytes.',
        'Use a shorter prefix or template.',
      );
    }
    key = key.replaceAll(REF_MARK, () => fitted);
  }
  if (key === '') {
    throw refInvalid(
      'The key template produced an empty key.',
      'Include at least {uuid} or {filename} in the template.',
    );
  }
  refAssertValidObjectKey(key);
  if (prefix !== '') refAssertKeyWithinPrefix(key, prefix);
  return key;
}

// ---------------------------------------------------------------------------

/** What a call did: its result, or everything a caller can see of its error. */
function outcome<T>(run: () => T): unknown {
  try {
    return { result: run() };
  } catch (error) {
    if (isSosError(error)) {
      return { code: error.code, message: error.message, hint: error.hint, details: error.details };
    }
    return { thrown: String(error) };
  }
}

const printableChar = fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code));
// Mostly plain ASCII, so the fast paths are taken often, with the characters
// that must push a name off them: spaces, dots, slashes, replaced and removed
// characters, other white space, accents, bidi controls and lone surrogates.
const asciiish = (maxLength: number) =>
  fc.string({
    unit: fc.oneof(
      { arbitrary: printableChar, weight: 12 },
      { arbitrary: fc.constantFrom(' ', '.', '/', '\\'), weight: 4 },
      {
        arbitrary: fc.constantFrom('\t', '\n', '\u0000', '\u007f', '\u0085', '\u00a0', '\u2003', '\u3000'),
        weight: 1,
      },
      { arbitrary: fc.constantFrom('é', 'e\u0301', '\u212b', '\u202e', '\u200b', '\ufeff', '\ud800', '🦷'), weight: 1 },
    ),
    maxLength,
  });
const plainFirst = (maxLength: number) =>
  fc.oneof(asciiish(maxLength), fc.string({ unit: printableChar, maxLength }), fc.string({ maxLength }));
const filenameOptions = fc.option(
  fc.record(
    {
      fallback: fc.oneof(fc.constantFrom('file', 'upload', ' x ', '', '..', 'a/b'), asciiish(20)),
      maxBytes: fc.oneof(fc.constantFrom(32, 40, 255, 31, 1.5, Number.NaN), fc.integer({ min: 0, max: 300 })),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);

describe('cleanText, on the plain ASCII fast path (property)', () => {
  it('gives what the full cleaning gives, for any text', () => {
    let fast = 0;
    fc.assert(
      fc.property(plainFirst(40), (text) => {
        if (isCleanAscii(text)) fast++;
        expect(cleanText(text)).toBe(cleanAnyText(text));
      }),
      { numRuns: 5000 },
    );
    // The property says little unless the fast path was taken often.
    expect(fast).toBeGreaterThan(1000);
  });

  it('only takes text the full cleaning leaves as it is', () => {
    fc.assert(
      fc.property(plainFirst(40), (text) => {
        if (isCleanAscii(text)) expect(cleanAnyText(text)).toBe(text);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('sanitizeFilenameParts, on its fast paths (property)', () => {
  it('takes as plain only names whose clean last segment is the name itself', () => {
    let plain = 0;
    fc.assert(
      fc.property(plainFirst(40), (name) => {
        if (isPlainName(name)) {
          plain++;
          expect(cleanAnySegment(name)).toBe(name);
        }
        expect(cleanLastSegment(name)).toBe(cleanAnySegment(name));
      }),
      { numRuns: 5000 },
    );
    expect(plain).toBeGreaterThan(1000);
  });

  it('gives what the implementation before the fast paths gave, options included', () => {
    fc.assert(
      fc.property(
        fc.oneof(plainFirst(40), fc.string({ unit: printableChar, minLength: 250, maxLength: 300 })),
        filenameOptions,
        (name, options) => {
          expect(outcome(() => sanitizeFilenameParts(name, options))).toEqual(
            outcome(() => refSanitizeFilenameParts(name, options)),
          );
        },
      ),
      { numRuns: 5000 },
    );
  });
});

const tokenNames = [
  'prefix',
  'tenant',
  'orderId',
  'yyyy',
  'mm',
  'dd',
  'uuid',
  'filename',
  'basename',
  'ext',
  'patient',
  'nope',
  '__proto__',
];
const templatePiece = fc.oneof(
  { arbitrary: fc.constantFrom(...tokenNames.map((name) => `{${name}}`)), weight: 4 },
  {
    arbitrary: fc.constantFrom('/', '//', '.', '..', '-', '{', '}', '{}', '{1x}', '\u0007', 'orders', '$&'),
    weight: 2,
  },
  { arbitrary: asciiish(6), weight: 1 },
);
const template = fc.oneof(
  fc.constant(undefined),
  fc.constant(DEFAULT_KEY_TEMPLATE),
  fc.array(templatePiece, { maxLength: 10 }).map((pieces) => pieces.join('')),
  // Long literal text, so the base name has to be shortened to fit 1,024 bytes.
  fc
    .tuple(
      fc.integer({ min: 900, max: 1030 }),
      fc.constantFrom('{filename}', '{basename}-{uuid}{ext}', '{basename}/{basename}'),
    )
    .map(([length, tail]) => `{prefix}/${'a'.repeat(length)}/${tail}`),
);
const keyValues = fc.record(
  {
    filename: fc.oneof(plainFirst(30), fc.string({ unit: printableChar, minLength: 100, maxLength: 300 })),
    prefix: fc.oneof(fc.constantFrom('tenant-a', '/tenants//acme/', 'lab/2', '', 'a/../b'), asciiish(12)),
    tenant: asciiish(20),
    orderId: asciiish(20),
    uuid: fc.oneof(fc.constant(FIXED_UUID), asciiish(40)),
    now: fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }),
    tokens: fc.dictionary(fc.constantFrom(...tokenNames), asciiish(12), { maxKeys: 3 }),
    filenameOptions,
  },
  { requiredKeys: [] },
);

describe('buildObjectKey, with its compiled templates (property)', () => {
  it('gives the key or the error the implementation before it gave', () => {
    let built = 0;
    fc.assert(
      fc.property(template, keyValues, (layout, values) => {
        const expected = outcome(() => refBuildObjectKey(layout, values));
        // Twice: the second call uses the template compiled by the first.
        expect(outcome(() => buildObjectKey(layout, values))).toEqual(expected);
        expect(outcome(() => buildObjectKey(layout, values))).toEqual(expected);
        if ((expected as { result?: string }).result !== undefined) built++;
      }),
      { numRuns: 4000 },
    );
    expect(built).toBeGreaterThan(500);
  });

  it('gives the same key for the common upload as before', () => {
    fc.assert(
      fc.property(plainFirst(30), fc.constantFrom('tenant-a', 'acme/lab', ''), (filename, prefix) => {
        const values = { prefix, filename, now: new Date('2026-03-01T12:00:00Z') };
        expect(outcome(() => buildObjectKey(DEFAULT_KEY_TEMPLATE, values))).toEqual(
          outcome(() => refBuildObjectKey(DEFAULT_KEY_TEMPLATE, values)),
        );
      }),
      { numRuns: 3000 },
    );
  });

  it('skips cleaning only for UUIDs that cleaning leaves as they are', async () => {
    const actual = await vi.importActual<typeof import('node:crypto')>('node:crypto');
    for (let index = 0; index < 1000; index++) {
      const uuid = actual.randomUUID();
      expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(refSegmentValue('uuid', uuid)).toBe(uuid);
    }
  });
});

describe('the key checks, remembering the last key that passed (property)', () => {
  const keys = fc.oneof(
    fc.constantFrom(
      'tenant-a/x.stl',
      'tenant-a/./x',
      'tenant-a//x',
      'tenant-ab/x',
      'other/x',
      'tenant-a',
      '',
      '..',
      'a\u0000b',
    ),
    fc.constantFrom('lab/2/k', 'lab/2', 'lab/22/k', '\ud800/x'),
    asciiish(20),
  );
  const prefixes = fc.constantFrom(undefined, '', 'tenant-a', '/tenant-a/', 'lab/2', 'lab//2', 'other');

  it('answer every call as a fresh check would, in any order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(keys, prefixes), { minLength: 1, maxLength: 20 }), (calls) => {
        for (const [key, prefix] of calls) {
          expect(outcome(() => assertValidObjectKey(key))).toEqual(outcome(() => refAssertValidObjectKey(key)));
          expect(outcome(() => assertKeyWithinPrefix(key, prefix))).toEqual(
            outcome(() => refAssertKeyWithinPrefix(key, prefix)),
          );
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('never let a value through that did not pass, such as undefined before any key passed', () => {
    expect(() => assertValidObjectKey(undefined as unknown as string)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    expect(() => assertKeyWithinPrefix(undefined as unknown as string, 'tenant-a')).toThrow(
      expect.objectContaining({ code: 'KEY_OUTSIDE_PREFIX' }),
    );
  });
});
