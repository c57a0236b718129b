// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${like:this}
import { describe, expect, it } from 'vitest';
import { arnMatch, splitArn, wildcardMatch } from './wildcard';

describe('wildcardMatch', () => {
  it.each([
    ['*', '', true],
    ['*', 'anything/at:all', true],
    ['a*c', 'abbbc', true],
    ['a*c', 'abbbd', false],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['*.stl', 'orders/42/scan.stl', true],
    ['orders/*/scan.stl', 'orders/1/2/scan.stl', true],
    ['**a', 'bba', true],
    ['abc', 'ABC', false],
  ])('%j against %j is %s', (pattern, value, expected) => {
    expect(wildcardMatch(pattern, value)).toBe(expected);
  });

  it('ignores case when asked', () => {
    expect(wildcardMatch('s3:put*', 'S3:PutObject', { ignoreCase: true })).toBe(true);
  });

  it('fills in variables as literal text, and matches nothing when one is missing', () => {
    const variables = (name: string) => (name === 'aws:username' ? 'a*b' : undefined);
    expect(wildcardMatch('home/${aws:username}/*', 'home/a*b/x', { variables })).toBe(true);
    expect(wildcardMatch('home/${aws:username}/*', 'home/aXb/x', { variables })).toBe(false);
    expect(wildcardMatch('home/${aws:userid}/*', 'home/x/y', { variables })).toBe(false);
    expect(wildcardMatch('${*}${?}${$}', '*?$', { variables })).toBe(true);
  });
});

describe('splitArn and arnMatch', () => {
  it('splits into six parts, keeping colons in the resource and in variables', () => {
    expect(splitArn('arn:aws:s3:::b/k:with:colons')).toEqual(['arn', 'aws', 's3', '', '', 'b/k:with:colons']);
    expect(splitArn('arn:aws:s3:::b/${aws:username}/*')).toEqual(['arn', 'aws', 's3', '', '', 'b/${aws:username}/*']);
    expect(splitArn('arn:aws:s3::b')).toBeUndefined();
  });

  it('compares part by part', () => {
    expect(arnMatch('arn:aws:s3:::b/*', 'arn:aws:s3:::b/x')).toBe(true);
    expect(arnMatch('arn:*:s3:::b/*', 'arn:aws-cn:s3:::b/x')).toBe(true);
    expect(arnMatch('arn:aws:s3:::*', 'arn:aws:iam::123456789012:user/x')).toBe(false);
    expect(arnMatch('*', 'anything')).toBe(true);
  });
});
