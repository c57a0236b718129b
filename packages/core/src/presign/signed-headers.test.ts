import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentMd5Headers } from './signed-headers';

describe('contentMd5Headers', () => {
  it('signs a base64 MD5 as Content-MD5', () => {
    const md5 = createHash('md5').update('solid').digest('base64');
    expect(contentMd5Headers(md5)).toEqual({ 'content-md5': md5 });
    expect(contentMd5Headers(undefined)).toEqual({});
  });

  it.each(['', 'abc', createHash('md5').update('x').digest('hex'), createHash('sha256').update('x').digest('base64')])(
    'refuses %j with INVALID_INPUT and a hint',
    (value) => {
      expect(() => contentMd5Headers(value)).toThrow(
        expect.objectContaining({ code: 'INVALID_INPUT', hint: expect.any(String) }),
      );
    },
  );
});
