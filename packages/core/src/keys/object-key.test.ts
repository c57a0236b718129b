import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildObjectKey, DEFAULT_KEY_TEMPLATE } from './object-key';
import { assertKeyWithinPrefix, assertValidObjectKey, normalizePrefix } from './object-key-checks';
import { sanitizeFilename } from './sanitize-filename';

const now = new Date('2026-03-01T23:59:59Z');
const uuid = '0b7e7f0e-7d43-4c1c-9f55-3f4a1f3c2b11';

describe('buildObjectKey', () => {
  it('fills the default template: prefix, UTC date, uuid, clean file name', () => {
    expect(buildObjectKey(DEFAULT_KEY_TEMPLATE, { prefix: '/acme/', filename: 'Jaw Scan.STL', now, uuid })).toBe(
      `acme/2026/03/01/${uuid}/Jaw Scan.stl`,
    );
    expect(buildObjectKey(undefined, { filename: 'x.pdf', now, uuid })).toBe(`2026/03/01/${uuid}/x.pdf`);
  });

  it('uses a random UUID per key by default', () => {
    const first = buildObjectKey('{uuid}', {});
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(buildObjectKey('{uuid}', {})).not.toBe(first);
  });

  it('fills tenant, order, basename, ext and custom tokens, each cleaned', () => {
    const key = buildObjectKey('{prefix}/{tenant}/orders/{orderId}/{patient}/{basename}-{uuid}{ext}', {
      prefix: 'labs',
      tenant: 'Acme Dental',
      orderId: 'A/17',
      tokens: { patient: 'p<1>' },
      filename: 'upper JAW.Dcm',
      uuid,
    });
    expect(key).toBe(`labs/Acme Dental/orders/A_17/p_1_/upper JAW-${uuid}.dcm`);
  });

  it.each(['$&', '$`', "$'", '$1', '$$', '$<name>'])(
    'keeps %j in a file name as it is, not as a replacement pattern',
    (name) => {
      expect(buildObjectKey(DEFAULT_KEY_TEMPLATE, { prefix: 'acme', filename: `${name}.png`, now, uuid })).toBe(
        `acme/2026/03/01/${uuid}/${sanitizeFilename(`${name}.png`)}`,
      );
    },
  );

  it('leaves {ext} empty for a file without an extension', () => {
    expect(buildObjectKey('{uuid}{ext}', { filename: 'README', uuid })).toBe(uuid);
  });

  it.each([
    ['an unknown token', '{prefix}/{nope}', {}],
    ['a missing tenant', '{tenant}/{uuid}', {}],
    ['a tenant that cleans to nothing', '{tenant}/{uuid}', { tenant: '..' }],
    ['a missing filename', '{uuid}/{filename}', {}],
    ['an unmatched brace', '{uuid/{filename}', { filename: 'a' }],
    ['a dot segment in the template', '{prefix}/../{uuid}', { prefix: 'a' }],
    ['{prefix} inside a segment', 'x-{prefix}/{uuid}', { prefix: 'a' }],
    ['a prefix with ..', '{prefix}/{uuid}', { prefix: 'a/../b' }],
  ])('refuses %s with INVALID_INPUT', (_case, template, values) => {
    expect(() => buildObjectKey(template, values)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('refuses a template that puts the key outside the prefix', () => {
    expect(() => buildObjectKey('{tenant}/{prefix}/{uuid}', { prefix: 'acme', tenant: 't' })).toThrow(
      expect.objectContaining({ code: 'KEY_OUTSIDE_PREFIX' }),
    );
  });

  it('shortens the base name so the whole key fits 1,024 bytes, keeping the extension', () => {
    const prefix = 'p'.repeat(900);
    const key = buildObjectKey(DEFAULT_KEY_TEMPLATE, { prefix, filename: `${'é'.repeat(200)}.STL`, now, uuid });
    expect(Buffer.byteLength(key)).toBeLessThanOrEqual(1024);
    expect(Buffer.byteLength(key)).toBeGreaterThan(1020);
    expect(key.endsWith('é.stl')).toBe(true);
    expect(key.startsWith(`${prefix}/2026/03/01/${uuid}/`)).toBe(true);
  });

  it('fails clearly when the rest of the key leaves no room for the name', () => {
    expect(() => buildObjectKey('{prefix}/{filename}', { prefix: 'p'.repeat(1020), filename: 'x.pdf' })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });

  const hostilePiece = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary', minLength: 300, maxLength: 1500 }),
    fc.constantFrom(
      '/',
      '\\',
      '..',
      '.',
      ' ',
      '\u0000',
      '\u202E',
      '\uD800',
      '\uDC00',
      'CON',
      '🦷',
      'e\u0301',
      '%2e%2e',
    ),
  );
  const hostileName = fc.array(hostilePiece, { maxLength: 12 }).map((pieces) => pieces.join(''));
  const prefixes = fc.constantFrom('', 'acme', '/tenants//acme/', 'ümlaut präfix', 'x'.repeat(300));

  it('always gives a valid key inside the prefix, for any Unicode file name (property)', () => {
    fc.assert(
      fc.property(hostileName, prefixes, (filename, prefix) => {
        const key = buildObjectKey(DEFAULT_KEY_TEMPLATE, { prefix, filename, now, uuid });
        expect(Buffer.from(key, 'utf8').toString('utf8')).toBe(key);
        expect(Buffer.byteLength(key, 'utf8')).toBeLessThanOrEqual(1024);
        const segments = key.split('/');
        expect(segments).not.toContain('..');
        expect(segments).not.toContain('.');
        expect(segments).not.toContain('');
        const folder = normalizePrefix(prefix);
        if (folder !== '') expect(key.startsWith(`${folder}/`)).toBe(true);
        expect(() => assertKeyWithinPrefix(key, prefix)).not.toThrow();
        expect(() => assertValidObjectKey(key)).not.toThrow();
      }),
      { numRuns: 1000 },
    );
  });
});

describe('assertKeyWithinPrefix', () => {
  it('accepts keys strictly inside the prefix, in any prefix spelling', () => {
    expect(() => assertKeyWithinPrefix('acme/a/b.stl', 'acme')).not.toThrow();
    expect(() => assertKeyWithinPrefix('acme/a/b.stl', '/acme/')).not.toThrow();
    expect(() => assertKeyWithinPrefix('any/key', undefined)).not.toThrow();
    expect(() => assertKeyWithinPrefix('any/key', '/')).not.toThrow();
  });

  it.each([
    'acme',
    'acme/',
    'acmecorp/x',
    'other/acme/x',
    'acme/../other/x',
    'acme/./x',
    'acme//x',
    '/acme/x',
    'ACME/x',
  ])('refuses %j for prefix acme with KEY_OUTSIDE_PREFIX', (key) => {
    expect(() => assertKeyWithinPrefix(key, 'acme')).toThrow(expect.objectContaining({ code: 'KEY_OUTSIDE_PREFIX' }));
  });
});

describe('assertValidObjectKey', () => {
  it.each([
    ['an empty key', ''],
    ['a key over 1,024 bytes', 'é'.repeat(513)],
    ['a lone surrogate', 'a\uD800b'],
    ['a control character', 'a\u0007b'],
    ['a .. segment', 'a/../b'],
    ['a . segment', './b'],
  ])('refuses %s with INVALID_INPUT', (_case, key) => {
    expect(() => assertValidObjectKey(key)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('accepts keys S3 takes as they are, even unusual ones', () => {
    for (const key of ['a', 'a b/c+d=e&f', '..a/b..', 'é'.repeat(512), '🦷/x']) {
      expect(() => assertValidObjectKey(key)).not.toThrow();
    }
  });
});
