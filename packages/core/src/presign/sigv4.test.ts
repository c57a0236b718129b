// The fast paths of the SigV4 pieces must give exactly what the general code
// gives: the key path through encodeURI against escaping each segment, and
// HMAC from two one-shot hashes against node's createHmac.
import { createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeAnyKeyPath, encodeKeyPath, paddedHmacHex, padKey } from './sigv4';

/** What a call did: its result or its error. */
function outcome(run: () => string): unknown {
  try {
    return { result: run() };
  } catch (error) {
    return { thrown: String(error) };
  }
}

const printableChar = fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code));
const keyText = fc.oneof(
  fc.string({
    unit: fc.oneof(
      { arbitrary: printableChar, weight: 10 },
      { arbitrary: fc.constantFrom('/', ' ', '%', '~', '.', '-', '_'), weight: 4 },
      {
        arbitrary: fc.constantFrom(';', ',', '?', ':', '@', '&', '=', '+', '$', '#', '!', "'", '(', ')', '*'),
        weight: 3,
      },
      { arbitrary: fc.constantFrom('ü', 'e\u0301', '日本', '🦷', '\u0000', '\u007f', '\ud800', '\udc00'), weight: 1 },
    ),
    maxLength: 60,
  }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom('tenant-a/2026/03/01/0b7e7f0e-7d43-4c1c-9f55-3f4a1f3c2b11/lower jaw.stl', 'a/b (1).stl', ''),
);

describe('encodeKeyPath (property)', () => {
  it('escapes any key as escaping each segment does, and fails where it fails', () => {
    fc.assert(
      fc.property(keyText, (key) => {
        expect(outcome(() => encodeKeyPath(key))).toEqual(outcome(() => encodeAnyKeyPath(key)));
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('paddedHmacHex (property)', () => {
  it('is HMAC-SHA256 for any key up to 64 bytes and any text, short or long', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 64 }),
        fc.oneof(
          fc.string({ unit: printableChar, maxLength: 300 }),
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.string({ unit: printableChar, minLength: 500, maxLength: 700 }),
          fc.string({ unit: 'binary', minLength: 500, maxLength: 600 }),
          // Up to the longest text hashed in place, in characters of three UTF-8 bytes.
          fc.string({ unit: fc.constantFrom('日', 'ü', 'a', '\ud800'), minLength: 400, maxLength: 520 }),
        ),
        (bytes, data) => {
          const key = Buffer.from(bytes);
          expect(paddedHmacHex(padKey(key), data)).toBe(createHmac('sha256', key).update(data).digest('hex'));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('keeps each key apart when signatures with different keys alternate', () => {
    const keys = Array.from({ length: 4 }, () => randomBytes(32));
    const padded = keys.map(padKey);
    for (let round = 0; round < 200; round++) {
      const index = round % keys.length;
      const data = `AWS4-HMAC-SHA256\n20260301T100000Z\n20260301/eu-central-1/s3/aws4_request\n${round}`;
      expect(paddedHmacHex(padded[index] as ReturnType<typeof padKey>, data)).toBe(
        createHmac('sha256', keys[index] as Buffer)
          .update(data)
          .digest('hex'),
      );
    }
  });

  it('refuses a key longer than one block, which HMAC would hash first', () => {
    expect(() => padKey(Buffer.alloc(65))).toThrow(RangeError);
  });
});
