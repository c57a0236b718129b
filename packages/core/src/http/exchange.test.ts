import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Exchange, mountedUrl } from './exchange';

const pathOf = (url: string) => {
  const exchange = new Exchange({ method: 'GET', url, headers: {} });
  return { pathname: exchange.pathname, query: [...exchange.query] };
};
const parsed = (url: string) => {
  const parsedUrl = mountedUrl(undefined, url);
  return { pathname: parsedUrl.pathname, query: [...parsedUrl.searchParams] };
};

describe('Exchange paths', () => {
  it('reads a plain path without the URL parser, exactly as the parser reads it', () => {
    for (const url of ['/uploads', '/s3/multipart/abc~1/batch', '//uploads', '/', '/s3/params']) {
      expect(pathOf(url)).toEqual(parsed(url));
    }
  });

  it('reads any path and query as the URL parser does (property)', () => {
    const piece = fc.constantFrom(
      '/',
      '.',
      '..',
      '%2e',
      '%2F',
      '?',
      '#',
      '&',
      '=',
      '\\',
      ' ',
      'a',
      'Z',
      '9',
      '-',
      '_',
      '~',
      'é',
      '+',
      '%zz',
      ':',
      '@',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.boolean(), (pieces, leadingSlash) => {
        const url = `${leadingSlash ? '/' : ''}${pieces.join('')}`;
        expect(pathOf(url)).toEqual(parsed(url));
      }),
      { numRuns: 2000 },
    );
  });

  it('resolves dot segments and encodings with the parser, as before', () => {
    expect(pathOf('/s3/../uploads').pathname).toBe('/uploads');
    expect(pathOf('/s3/%2e%2e/uploads').pathname).toBe('/uploads');
    expect(pathOf('/s3/params?filename=a%20b.stl&type=model/stl').query).toEqual([
      ['filename', 'a b.stl'],
      ['type', 'model/stl'],
    ]);
  });
});
