// checkFile skips zod for a description that plainly fits its schema. For any
// description and rules it must answer what it answers for the description as
// zod parses it, and refuse what zod refuses with zod's message.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isSosError, SosError } from '../errors';
import { mimeEssence } from './content-type';
import { type CheckedFile, checkFile, type FileDescription, type FileRules } from './file-rules';

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
  // What zod accepted, as zod gives it back: a plain description, checked the same way.
  return checkFile(parsed.data, rules);
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
    'image/png, text/html',
    'application/pdf;a=,text/html',
    'text/plain; charset=utf-8',
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
  it('answers any description and rules as it answers them once zod has parsed them', () => {
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
    expect(accepted).toBeGreaterThan(150);
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
