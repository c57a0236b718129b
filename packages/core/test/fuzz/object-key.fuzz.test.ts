// buildObjectKey and sanitizeFilename with any template and any values:
// either a key S3 and every signer accept, inside the prefix, or a SosError
// with a documented code; never another exception.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertKeyWithinPrefix,
  assertValidObjectKey,
  buildObjectKey,
  isSosError,
  MAX_KEY_BYTES,
  normalizePrefix,
  sanitizeFilename,
} from '../../src';

/** Any text: lone surrogates, controls, bidi overrides, path tricks, long runs. */
const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', minLength: 200, maxLength: 1200 }),
  fc.constantFrom(
    '',
    '.',
    '..',
    '/',
    '\\',
    '//',
    '../..',
    '\u0000',
    '\u202E',
    '\uFEFF',
    '\uD800',
    'CON',
    'nul.txt',
    '%2e%2e',
    '$&',
    '$`',
    "$'",
    '🦷'.repeat(80),
  ),
);
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
  'constructor',
  '__proto__',
];
const templatePiece = fc.oneof(
  fc.constantFrom(...tokenNames.map((name) => `{${name}}`)),
  fc.constantFrom('/', '//', '.', '..', '-', '{', '}', '{}', '{1x}', '\u0007', 'orders'),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
);
const template = fc.oneof(
  fc.array(templatePiece, { maxLength: 10 }).map((pieces) => pieces.join('')),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const values = fc.record(
  {
    filename: hostileText,
    prefix: fc.oneof(hostileText, fc.constantFrom('acme', '/tenants//acme/', 'LAB', 'lab/2', 'p'.repeat(1000))),
    tenant: hostileText,
    orderId: hostileText,
    uuid: hostileText,
    now: fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }),
    tokens: fc.dictionary(fc.constantFrom(...tokenNames), hostileText, { maxKeys: 3 }),
  },
  { requiredKeys: [] },
);

describe('buildObjectKey, with any template and any values (property)', () => {
  it('returns a valid key inside the prefix, or throws INVALID_INPUT or KEY_OUTSIDE_PREFIX', () => {
    let built = 0;
    fc.assert(
      fc.property(template, values, (layout, input) => {
        let key: string;
        try {
          key = buildObjectKey(layout, input);
        } catch (error) {
          if (!isSosError(error)) throw error;
          expect(['INVALID_INPUT', 'KEY_OUTSIDE_PREFIX']).toContain(error.code);
          expect(error.hint).toEqual(expect.any(String));
          return;
        }
        built++;
        expect(() => assertValidObjectKey(key)).not.toThrow();
        expect(Buffer.byteLength(key, 'utf8')).toBeLessThanOrEqual(MAX_KEY_BYTES);
        expect(Buffer.from(key, 'utf8').toString('utf8')).toBe(key);
        expect(key.split('/').filter((segment) => segment === '' || segment === '.' || segment === '..')).toEqual([]);
        expect(key).not.toMatch(/\p{Cc}/u);
        const folder = input.prefix === undefined ? '' : normalizePrefix(input.prefix);
        if (folder !== '') {
          expect(key.startsWith(`${folder}/`)).toBe(true);
          expect(() => assertKeyWithinPrefix(key, input.prefix)).not.toThrow();
        }
      }),
      { numRuns: 3000 },
    );
    // Enough of the generated cases must produce a key, or the property says nothing about keys.
    expect(built).toBeGreaterThan(100);
  });

  it('puts a hostile file name into exactly one key segment of the default layout', () => {
    fc.assert(
      fc.property(hostileText, fc.constantFrom('acme', 'lab/2', ''), (filename, prefix) => {
        const key = buildObjectKey(undefined, { filename, prefix, uuid: 'u' });
        const segments = key.split('/');
        expect(segments).toHaveLength(prefix.split('/').filter(Boolean).length + 5);
        expect(segments.slice(-2, -1)).toEqual(['u']);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('sanitizeFilename, with any string (property)', () => {
  it('returns one safe, non-empty segment of at most 255 bytes', () => {
    fc.assert(
      fc.property(hostileText, (name) => {
        const clean = sanitizeFilename(name);
        expect(clean.length).toBeGreaterThan(0);
        expect(Buffer.byteLength(clean, 'utf8')).toBeLessThanOrEqual(255);
        // Joiners (U+200C, U+200D) stay: they carry meaning in Persian text and emoji sequences.
        expect(clean).not.toMatch(
          /[/\\\p{Cc}\p{Cs}\u061C\u200B\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF\uFFFE\uFFFF]/u,
        );
        expect(['.', '..']).not.toContain(clean);
        expect(clean.startsWith('.')).toBe(false);
        expect(clean).toBe(clean.normalize('NFC'));
      }),
      { numRuns: 3000 },
    );
  });
});
