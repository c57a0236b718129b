import { describe, expect, it } from 'vitest';
import { locateJsonError } from './json-error';

describe('locateJsonError', () => {
  it('finds nothing wrong with valid JSON', () => {
    for (const text of [
      '{}',
      ' [1, -2.5e3, "a\\"b", true, false, null] ',
      '{"a": {"b": []}}',
      '"\\/\\b\\f\\n\\r\\t\\u00e9"',
    ]) {
      expect(locateJsonError(text)).toBeUndefined();
    }
  });

  it.each([
    ['', 1, 1, /starting with \{/],
    ['{"a": 1,}', 1, 9, /remove the comma/],
    ['{"a": 1\n "b": 2}', 2, 2, /"," or "\}"/],
    ["{'a': 1}", 1, 2, /property name in double quotes/],
    ['{"a": "x\ny"}', 1, 9, /line break/],
    ['{"a": tru}', 1, 7, /a value/],
    ['{"a": 1} x', 1, 10, /end of the policy/],
    ['{"a": [1, 2}', 1, 12, /"," or "\]"/],
    ['{"a"', 1, 5, /":"/],
    ['{"Ef\\ect": 1}', 1, 6, /escape after the backslash/],
    ['{"a": "\\u12g4"}', 1, 9, /escape after the backslash/],
  ])('%j breaks at line %i, column %i', (text, line, column, expected) => {
    const error = locateJsonError(text);
    expect(error).toMatchObject({ line, column });
    expect(error?.expected).toMatch(expected);
  });
});
