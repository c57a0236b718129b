// checkFile skips zod for a description that plainly fits its schema and
// sanitises the name once. For any description and rules it must answer what
// the implementation before did, copied here as the reference.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isSosError, SosError } from '../errors';
import { sanitizeFilename, sanitizeFilenameParts } from '../keys';
import { mimeEssence, OCTET_STREAM, typeAgreesWithExtension, typeForExtension } from './content-type';
import { type CheckedFile, checkFile, type FileDescription, type FileRules, formatBytes } from './file-rules';

const refFileSchema = z.object({
  name: z.string().max(4096),
  type: z.string().max(255).optional(),
  size: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
});

const refMimeEssence = (type: string): string => (type.split(';')[0] ?? '').trim().toLowerCase();

function refCheckFile(file: FileDescription, rules: FileRules = {}): CheckedFile {
  const parsed = refFileSchema.safeParse(file);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new SosError('INVALID_INPUT', `Invalid file description${where}: ${issue?.message ?? 'unexpected shape'}.`, {
      hint: 'Describe each file as { name, type, size } with size in bytes.',
    });
  }
  const { size } = parsed.data;
  const name = sanitizeFilename(parsed.data.name);
  const extension = sanitizeFilenameParts(parsed.data.name).extension.slice(1);
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
  if (rules.minFileSize !== undefined && size < rules.minFileSize) {
    throw new SosError(
      'FILE_TOO_SMALL',
      `${name} is ${formatBytes(size)}; files must be at least ${formatBytes(rules.minFileSize)}.`,
      {
        hint: 'Check that the right file was chosen and that it is not empty.',
        details: { ...details, minFileSize: rules.minFileSize },
      },
    );
  }
  const declared = (parsed.data.type ?? '').trim();
  const declaredEssence = refMimeEssence(declared);
  const contentType =
    declaredEssence === '' || declaredEssence === OCTET_STREAM
      ? (typeForExtension(extension) ?? OCTET_STREAM)
      : declared;
  if (
    (rules.requireTypeMatch ?? true) &&
    declaredEssence !== '' &&
    declaredEssence !== OCTET_STREAM &&
    typeAgreesWithExtension(declaredEssence, extension) === false
  ) {
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
  if (allowedTypes !== undefined) {
    const essence = refMimeEssence(contentType);
    const entries = allowedTypes.map((entry) => entry.trim().toLowerCase());
    const matches = (entry: string): boolean => {
      if (entry === '*' || entry === '*/*') return true;
      if (entry.startsWith('.')) return name.toLowerCase().endsWith(entry);
      if (entry.endsWith('/*')) return essence.startsWith(entry.slice(0, -1));
      return essence === entry;
    };
    if (!entries.some(matches)) {
      throw new SosError('FILE_TYPE_NOT_ALLOWED', `${name} (${essence}) is not a type this upload accepts.`, {
        hint: `Accepted: ${entries.join(', ')}.`,
        details: { ...details, type: essence, allowedTypes: entries },
      });
    }
  }
  return { name, size, contentType };
}

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

const printable = (maxLength: number) =>
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength });
const names = fc.oneof(
  {
    arbitrary: fc.constantFrom('lower jaw.stl', 'scan.STL', 'x.png', 'a.exe', '../../evil\u202Egnp.png', 'CON'),
    weight: 3,
  },
  { arbitrary: printable(30), weight: 3 },
  { arbitrary: fc.string({ maxLength: 30 }), weight: 1 },
  { arbitrary: fc.constantFrom('a'.repeat(4096), 'a'.repeat(4097)), weight: 1 },
);
const types = fc.oneof(
  fc.constantFrom(
    undefined,
    '',
    ' ',
    'model/stl',
    'Model/STL; charset=x',
    'image/png',
    'application/octet-stream',
    'text/html',
    'application/sla',
    'image/jpg',
    ';',
    'x'.repeat(255),
    'x'.repeat(256),
  ),
  printable(20),
);
const sizes = fc.oneof(
  fc.nat(),
  fc.integer(),
  fc.constantFrom(0, -0, 48_213, 1.5, -1, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 1, 5 * 1024 ** 3 + 1),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
);
const wrongValues = fc.constantFrom<unknown>(null, undefined, true, 7, 'x', [], {}, ['a'], new String('a.png'));
const descriptions: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.record({ name: names, type: types, size: sizes }, { requiredKeys: ['name', 'size'] }), weight: 6 },
  // Extra fields, which zod strips, and fields of the wrong kind.
  {
    arbitrary: fc.record(
      {
        name: fc.oneof(names, wrongValues),
        type: fc.oneof(types, wrongValues),
        size: fc.oneof(sizes, wrongValues, fc.constant('48213')),
        extra: fc.anything(),
      },
      { requiredKeys: [] },
    ),
    weight: 2,
  },
  { arbitrary: wrongValues, weight: 1 },
  // An array with the right fields is still not an object to zod.
  { arbitrary: fc.constant(Object.assign([], { name: 'a.png', type: 'image/png', size: 1 })), weight: 1 },
);
const rules: fc.Arbitrary<FileRules | undefined> = fc.option(
  fc.record(
    {
      maxFileSize: fc.constantFrom(100, 48_213, 5 * 1024 ** 3),
      minFileSize: fc.constantFrom(0, 1, 100),
      allowedTypes: fc.subarray(['image/*', 'application/pdf', '.stl', '.dcm', '*', 'model/stl', ' .PNG ']),
      requireTypeMatch: fc.boolean(),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);

describe('checkFile, skipping zod for descriptions that plainly fit (property)', () => {
  it('answers any description and rules as the implementation before it did', () => {
    let accepted = 0;
    fc.assert(
      fc.property(descriptions, rules, (file, fileRules) => {
        const expected = outcome(() => refCheckFile(file as FileDescription, fileRules));
        expect(outcome(() => checkFile(file as FileDescription, fileRules))).toEqual(expected);
        if ((expected as { result?: unknown }).result !== undefined) accepted++;
      }),
      { numRuns: 5000 },
    );
    // Rules refuse many of the drawn files; enough must pass for the result to be compared too.
    expect(accepted).toBeGreaterThan(250);
  });
});

describe('mimeEssence (property)', () => {
  it('is the part before the first semicolon, trimmed and lower-cased', () => {
    fc.assert(
      fc.property(fc.oneof(printable(30), fc.string({ maxLength: 30 })), (type) => {
        expect(mimeEssence(type)).toBe(refMimeEssence(type));
      }),
      { numRuns: 3000 },
    );
  });
});
