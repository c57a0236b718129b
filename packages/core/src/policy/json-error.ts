/** Where pasted JSON breaks, and what was expected there. */
export interface JsonErrorLocation {
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
  /** What should have been there, in words. */
  expected: string;
  /** The character found there, if any. */
  found: string | undefined;
}

class Stop extends Error {
  constructor(
    readonly offset: number,
    readonly expected: string,
  ) {
    super(expected);
  }
}

/**
 * Finds the first syntax error in JSON text, with its line and column and
 * what was expected. JavaScript's own messages differ between versions and do
 * not always say where; this scanner does, the same way everywhere.
 * Returns undefined for valid JSON.
 */
export function locateJsonError(text: string): JsonErrorLocation | undefined {
  let at = 0;
  const peek = () => text[at];
  const fail = (expected: string): never => {
    throw new Stop(at, expected);
  };
  const space = () => {
    while (/[ \t\n\r]/.test(text[at] ?? '')) at++;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, at)) at += word.length;
    else fail('a value (a "string", a number, true, false, null, an object or a list)');
  };
  const escapeSequence = () => {
    const next = text[at + 1];
    if (next !== undefined && '"\\/bfnrt'.includes(next)) at += 2;
    else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) at += 6;
    else {
      at++;
      fail('an escape after the backslash (\\", \\\\, \\/, \\n, \\t or \\u and four hex digits)');
    }
  };
  const string = () => {
    at++;
    for (;;) {
      const char = text[at];
      if (char === undefined) fail('the closing " of the string');
      else if (char === '"') return void at++;
      else if (char === '\\') escapeSequence();
      else if (char < ' ') fail('the closing " before the line break (strings cannot span lines)');
      else at++;
    }
  };
  const number = () => {
    const match = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    match.lastIndex = at;
    if (!match.test(text)) fail('a number');
    at = match.lastIndex;
  };
  const members = (close: '}' | ']', member: () => void) => {
    at++;
    space();
    if (peek() === close) return void at++;
    for (;;) {
      space();
      member();
      space();
      if (peek() === ',') {
        at++;
        space();
        if (peek() === close) fail(`another entry after the comma (remove the comma before ${close})`);
        continue;
      }
      if (peek() === close) return void at++;
      fail(`"," or "${close}"`);
    }
  };
  const value = (): void => {
    const char = peek();
    if (char === '{') {
      members('}', () => {
        if (peek() !== '"') fail('a property name in double quotes');
        string();
        space();
        if (peek() !== ':') fail('":" after the property name');
        at++;
        space();
        value();
      });
    } else if (char === '[') members(']', value);
    else if (char === '"') string();
    else if (char === 't') literal('true');
    else if (char === 'f') literal('false');
    else if (char === 'n') literal('null');
    else if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) number();
    else fail('a value (a "string", a number, true, false, null, an object or a list)');
  };

  try {
    space();
    if (at >= text.length) fail('the policy, starting with {');
    value();
    space();
    if (at < text.length) fail('the end of the policy after its closing }');
    return undefined;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    const offset = Math.min(error.offset, text.length);
    const before = text.slice(0, offset).split(/\r\n|\r|\n/);
    return {
      line: before.length,
      column: (before.at(-1)?.length ?? 0) + 1,
      expected: error.expected,
      found: text[offset],
    };
  }
}
