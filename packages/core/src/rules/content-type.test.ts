import { describe, expect, it } from 'vitest';
import { isActiveContentType, normalizeContentType } from './content-type';

describe('normalizeContentType', () => {
  it.each([
    ['image/png', 'image/png'],
    ['IMAGE/PNG', 'image/png'],
    ['  model/stl  ', 'model/stl'],
    ['application/vnd.ms-excel', 'application/vnd.ms-excel'],
    ['text/plain;charset=utf-8', 'text/plain; charset=utf-8'],
    ['Text/Plain ; CHARSET="UTF8"', 'text/plain; charset=utf-8'],
    ['text/csv; charset=latin1', 'text/csv; charset=windows-1252'],
  ])('reads %j as %j', (declared, value) => {
    expect(normalizeContentType(declared)?.value).toBe(value);
  });

  it('gives nothing for an empty type', () => {
    expect(normalizeContentType('')).toBeUndefined();
    expect(normalizeContentType('   ')).toBeUndefined();
  });

  it.each([
    'image/png, text/html',
    'image/png,text/html',
    'application/pdf;a=,text/html',
    'text/plain; charset=utf-8; a=b',
    'text/plain; charset=utf-7',
    'text/plain; charset=nonsense',
    'text/plain; charset=',
    'text/plain; format=flowed',
    'image/png\r\nx-a: b',
    'image/png\u0000',
    'image / png',
    'image/',
    '/png',
    'image',
    'imagé/png',
    '*/*',
    `image/${'a'.repeat(200)}`,
  ])('refuses %j with INVALID_CONTENT_TYPE', (declared) => {
    expect(() => normalizeContentType(declared)).toThrow(
      expect.objectContaining({ code: 'INVALID_CONTENT_TYPE', hint: expect.any(String) }),
    );
  });
});

describe('isActiveContentType', () => {
  it.each([
    'text/html',
    'application/xhtml+xml',
    'image/svg+xml',
    'text/xml',
    'application/xml',
    'application/rss+xml',
    'application/atom+xml',
    'text/xsl',
    'text/javascript',
    'application/javascript',
    'application/x-javascript',
    'application/ecmascript',
    'text/jscript',
    'text/vbscript',
    'multipart/x-mixed-replace',
  ])('calls %s active', (type) => {
    expect(isActiveContentType(type)).toBe(true);
  });

  it.each([
    'image/png',
    'application/pdf',
    'model/stl',
    'application/json',
    'text/plain',
    'application/zip',
    'text/css',
  ])('calls %s inert', (type) => {
    expect(isActiveContentType(type)).toBe(false);
  });
});
