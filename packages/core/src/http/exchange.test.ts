import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SosError } from '../errors';
import { Exchange, MAX_JSON_DEPTH, measureJson, type UploadHttpRequest } from './exchange';

const pathOf = (url: string) => {
  const exchange = new Exchange({ method: 'GET', url, headers: {} });
  return { pathname: exchange.pathname, query: [...exchange.query] };
};

describe('Exchange paths', () => {
  it('keeps the path exactly as sent: dot segments and percent-encoding are left for the router', () => {
    expect(pathOf('/s3/../uploads').pathname).toBe('/s3/../uploads');
    expect(pathOf('/s3/%2e%2e/uploads').pathname).toBe('/s3/%2e%2e/uploads');
    expect(pathOf('/s3%2F..%2Fsetup').pathname).toBe('/s3%2F..%2Fsetup');
    expect(pathOf('//uploads').pathname).toBe('//uploads');
    expect(pathOf('uploads').pathname).toBe('/uploads');
  });

  it('reads the query once, up to a fragment, as URLSearchParams does', () => {
    expect(pathOf('/s3/params?filename=a%20b.stl&type=model/stl')).toEqual({
      pathname: '/s3/params',
      query: [
        ['filename', 'a b.stl'],
        ['type', 'model/stl'],
      ],
    });
    expect(pathOf('/s3/params?key=a%252F#x?y=1')).toEqual({ pathname: '/s3/params', query: [['key', 'a%2F']] });
    expect(pathOf('/uploads#frag?x=1')).toEqual({ pathname: '/uploads', query: [] });
  });

  it('splits any path and query where a framework does, decoding nothing in the path (property)', () => {
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
      'a',
      'Z',
      '-',
      'é',
      '+',
      '%zz',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const url = `/${pieces.join('')}`;
        const end = url.search(/[?#]/);
        const path = end === -1 ? url : url.slice(0, end);
        const rest = end === -1 ? '' : url.slice(end);
        const search = rest.startsWith('?') ? rest.slice(1).split('#')[0] : '';
        expect(pathOf(url)).toEqual({ pathname: path, query: [...new URLSearchParams(search)] });
      }),
      { numRuns: 2000 },
    );
  });
});

const MiB = 1024 * 1024;
const nested = (depth: number): unknown => {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level++) value = level % 2 === 0 ? [value] : { x: value };
  return value;
};
const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    return (error as SosError).code;
  }
};

describe('measureJson', () => {
  it('counts the bytes JSON.stringify writes (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(measureJson(value, Number.POSITIVE_INFINITY)).toBe(Buffer.byteLength(JSON.stringify(value), 'utf8'));
      }),
      { numRuns: 1000 },
    );
  });

  it('is over the limit exactly when the text would be (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(200), (value, limit) => {
        const size = Buffer.byteLength(JSON.stringify(value), 'utf8');
        expect(measureJson(value, limit) > limit).toBe(size > limit);
      }),
      { numRuns: 1000 },
    );
  });

  it(`takes ${MAX_JSON_DEPTH} levels and refuses the next with JSON_TOO_DEEP, at any depth, without recursion`, () => {
    expect(codeOf(() => measureJson(nested(MAX_JSON_DEPTH), MiB))).toBeUndefined();
    expect(codeOf(() => measureJson(nested(MAX_JSON_DEPTH + 1), MiB))).toBe('JSON_TOO_DEEP');
    expect(codeOf(() => measureJson(nested(1_000_000), MiB))).toBe('JSON_TOO_DEEP');
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(codeOf(() => measureJson(cycle, MiB))).toBe('JSON_TOO_DEEP');
  });

  it('stops at the limit on a value shared many times over (2^30 leaves)', () => {
    let shared: unknown = 'x';
    for (let level = 0; level < 30; level++) shared = [shared, shared];
    const started = performance.now();
    expect(measureJson(shared, 64 * 1024)).toBeGreaterThan(64 * 1024);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe('Exchange bodies', () => {
  const exchange = (input: Partial<UploadHttpRequest>) =>
    new Exchange({ method: 'POST', url: '/uploads', headers: { 'content-type': 'application/json' }, ...input });

  it.each([
    ['application/json', 'accepted'],
    ['Application/JSON; charset=UTF-8', 'accepted'],
    ['application/json ;charset=utf-8', 'accepted'],
    ['text/plain', 'UNSUPPORTED_MEDIA_TYPE'],
    ['text/plain;charset=UTF-8', 'UNSUPPORTED_MEDIA_TYPE'],
    ['application/x-www-form-urlencoded', 'UNSUPPORTED_MEDIA_TYPE'],
    ['multipart/form-data; boundary=x', 'UNSUPPORTED_MEDIA_TYPE'],
    ['application/jsonp', 'UNSUPPORTED_MEDIA_TYPE'],
    ['application/json, text/plain', 'UNSUPPORTED_MEDIA_TYPE'],
    ['application/vnd.api+json', 'UNSUPPORTED_MEDIA_TYPE'],
    ['', 'UNSUPPORTED_MEDIA_TYPE'],
  ])('answers a POST with Content-Type %j: %s', (contentType, code) => {
    expect(codeOf(() => exchange({ headers: { 'content-type': contentType } }).checkBody(MiB)) ?? 'accepted').toBe(
      code,
    );
  });

  it.each([
    ['no body at all', {}, 'accepted'],
    ['Content-Length: 0', { 'content-length': '0' }, 'accepted'],
    ['a length', { 'content-length': '12' }, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a chunked body', { 'transfer-encoding': 'chunked' }, 'UNSUPPORTED_MEDIA_TYPE'],
  ])('without a Content-Type, answers a POST with %s: %s', (_case, headers, code) => {
    expect(codeOf(() => exchange({ headers }).checkBody(MiB)) ?? 'accepted').toBe(code);
  });

  it('checks the Content-Type of a body a framework parsed, and of a web Request, but not of a GET', () => {
    expect(codeOf(() => exchange({ headers: {}, parsedBody: { files: [] } }).checkBody(MiB))).toBe(
      'UNSUPPORTED_MEDIA_TYPE',
    );
    const form = new Request('http://app.test/uploads', { method: 'POST', body: new URLSearchParams({ a: '1' }) });
    expect(codeOf(() => exchange({ headers: form.headers, request: form }).checkBody(MiB))).toBe(
      'UNSUPPORTED_MEDIA_TYPE',
    );
    const bytes = new Request('http://app.test/uploads', { method: 'POST', body: new Uint8Array([123, 125]) });
    expect(codeOf(() => exchange({ headers: bytes.headers, request: bytes }).checkBody(MiB))).toBe(
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expect(codeOf(() => exchange({ method: 'GET', headers: { 'content-type': 'text/plain' } }).checkBody(MiB))).toBe(
      undefined,
    );
  });

  it('refuses a parsed body nested too deep before anything reads it, and one too large to measure', () => {
    expect(codeOf(() => exchange({ parsedBody: nested(5_000) }).checkBody(MiB))).toBe('JSON_TOO_DEEP');
    expect(codeOf(() => exchange({ parsedBody: { files: ['x'.repeat(MiB)] } }).checkBody(MiB))).toBe('BODY_TOO_LARGE');
    expect(codeOf(() => exchange({ parsedBody: { files: [] } }).checkBody(MiB))).toBeUndefined();
  });

  it('refuses deep JSON it reads itself, from text, a framework’s text or a stream, with JSON_TOO_DEEP', async () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    for (const input of [
      { parsedBody: deep },
      { body: Readable.from([Buffer.from(deep)]) },
      { parsedBody: nested(5_000) },
    ] satisfies Partial<UploadHttpRequest>[]) {
      await expect(exchange(input).readJson(MiB)).rejects.toMatchObject({ code: 'JSON_TOO_DEEP' });
    }
    await expect(exchange({ parsedBody: '[[1]]' }).readJson(MiB)).resolves.toEqual([[1]]);
  });

  it('answers a body stream that fails with INVALID_INPUT, not a server error', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('unexpected end of file'));
      },
    });
    await expect(exchange({ body: failing }).readJson(MiB)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const web = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error('reset'));
      },
    });
    await expect(exchange({ body: web }).readJson(MiB)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
