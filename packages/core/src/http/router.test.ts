import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SosError } from '../errors';
import { matchRoute, pathSegments, type RouteDefinition } from './router';

const routes: RouteDefinition<string>[] = [
  { method: 'POST', path: '/uploads', handle: 'uploads' },
  { method: 'GET', path: '/setup', handle: 'setup' },
  { method: 'GET', path: '/s3/multipart/:uploadId/batch', handle: 'batch' },
  { method: 'GET', path: '/s3/multipart/:uploadId', handle: 'list' },
];

const outcome = (method: string, path: string): string => {
  try {
    const { route, params } = matchRoute(routes, method, path);
    return `${route.handle}${Object.keys(params).length > 0 ? ` ${JSON.stringify(params)}` : ''}`;
  } catch (error) {
    return (error as SosError).code;
  }
};

describe('matchRoute', () => {
  it.each([
    '/uploads/../setup',
    '/x/%2e%2e/setup',
    '/.%2e/setup',
    '/%2E%2E/setup',
    '/%2e/setup',
    '/./setup',
    '/setup/.',
    '/setup/..',
    '/s3%2F..%2Fsetup',
    '/s3%2f..%2fsetup',
    '/s3/multipart/a%2Fb',
    '/s3/multipart/a%5Cb',
    '/s3\\..\\setup',
    '/s3/multipart/a\\b',
  ])('refuses %s with INVALID_PATH, whatever route it might reach', (path) => {
    expect(outcome('GET', path)).toBe('INVALID_PATH');
  });

  it('routes on the path as sent: literal segments match only as spelled, parameters decode once', () => {
    expect(outcome('GET', '/setup')).toBe('setup');
    expect(outcome('GET', '/%73etup')).toBe('ROUTE_NOT_FOUND');
    expect(outcome('GET', '/s3/multipart/a%252Fb')).toBe('list {"uploadId":"a%2Fb"}');
    expect(outcome('GET', '/s3/multipart/a.b%2Ec/batch')).toBe('batch {"uploadId":"a.b.c"}');
    expect(outcome('GET', '/s3/multipart/..a')).toBe('list {"uploadId":"..a"}');
  });

  it('matches no route through an empty segment', () => {
    for (const path of ['//setup', '/setup/', '/s3//multipart/u1', '/s3/multipart/', '/s3/multipart//batch', '/']) {
      expect(outcome('GET', path)).toBe('ROUTE_NOT_FOUND');
    }
    expect(outcome('GET', '/s3/multipart/u1')).toBe('list {"uploadId":"u1"}');
  });

  it('answers 405 for a route of another method, and INVALID_INPUT for a malformed parameter', () => {
    expect(outcome('GET', '/uploads')).toBe('METHOD_NOT_ALLOWED');
    expect(outcome('GET', '/s3/multipart/%E0%A4%A')).toBe('INVALID_INPUT');
  });

  it('never lets a path with a dot segment or an encoded slash through (property)', () => {
    const dot = fc.constantFrom('.', '..', '%2e', '%2E', '.%2e', '%2e.', '%2E%2e');
    const slash = fc.constantFrom('%2F', '%2f', '%5C', '%5c', '\\');
    const plain = fc.stringMatching(/^[A-Za-z0-9_~-]{1,6}$/);
    const segment = fc.oneof(
      plain,
      dot,
      slash.map((s) => `a${s}b`),
    );
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 6 }), (segments) => {
        const path = `/${segments.join('/')}`;
        const hostile = segments.some((part) => /^(?:\.|%2e){1,2}$/i.test(part) || /%2f|%5c|\\/i.test(part));
        let refused = false;
        try {
          pathSegments(path);
        } catch (error) {
          refused = (error as SosError).code === 'INVALID_PATH';
        }
        expect(refused).toBe(hostile);
      }),
      { numRuns: 2000 },
    );
  });
});
