// The fast path of the key path must give exactly what the general code
// gives: encodeURI against escaping each segment.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeAnyKeyPath, encodeKeyPath } from './sigv4';

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
