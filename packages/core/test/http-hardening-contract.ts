// How each adapter's mount holds up against requests a browser, a proxy or
// a hostile client can send: paths that servers read in different ways,
// deeply nested JSON, bodies that are not JSON, unknown tenants, the CORS rule
// of GET /setup, and bodies far over the limit. Run by each adapter's tests
// against a real server on 127.0.0.1 (port 0) and the embedded S3 server.
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { type LocalS3, startLocalS3 } from '@sos/local-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection, UploadHandlerOptions } from '../src';
import type { MountedServer } from './upload-contract';

/**
 * Starts a real server with the adapter mounted. Like an app that keeps its
 * admin pages to itself, the app must guard `<mount>/setup` with its own
 * middleware, in front of the sos routes: without the header `x-admin: yes`,
 * it answers 403 with `{ "guarded": true }`.
 */
export type StartGuardedServer = (options: UploadHandlerOptions<unknown>) => Promise<MountedServer>;

/** What differs between mounts. */
export interface HardeningOptions {
  /**
   * The app parses JSON before the sos routes (`express.json()` first): it
   * inflates gzipped bodies, and reads (and answers) a body over its own
   * limit itself, so the test of where reading stops does not apply.
   */
  hostParsesJson?: boolean;
}

const MiB = 1024 * 1024;
type ErrorBody = { error?: { code: string; message: string; hint?: string } };

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): ErrorBody & Record<string, unknown>;
}

/** Sends a request with node:http, which (unlike fetch) sends the path exactly as given: `..` and all. */
function send(
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string | Buffer,
): Promise<RawAnswer> {
  const base = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: base.hostname,
        port: base.port,
        agent: false,
        method,
        path: `${base.pathname}${path}`,
        headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: incoming.statusCode ?? 0,
            headers: incoming.headers,
            text,
            json: () => JSON.parse(text) as ErrorBody & Record<string, unknown>,
          });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/**
 * Opens a connection, sends the request head and only `sent` bytes of a body
 * announced as far larger, and waits (at most `waitMs`) for an answer while
 * the rest is still unsent: the server answers only if it stops reading at
 * its limit.
 */
function sendPartOfBody(
  baseUrl: string,
  path: string,
  head: Record<string, string>,
  chunks: readonly Buffer[],
  waitMs: number,
): Promise<{ status: number; head: string; text: string } | 'no answer'> {
  const base = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(base.port), base.hostname);
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve('no answer');
    }, waitMs);
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('data', (data: Buffer) => {
      received += data.toString('latin1');
      const end = received.indexOf('\r\n\r\n');
      if (end === -1) return;
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(received)?.[1] ?? Number.NaN);
      const text = received.slice(end + 4);
      if (Number.isFinite(length) && Buffer.byteLength(text, 'latin1') < length) return;
      clearTimeout(timer);
      socket.destroy();
      resolve({
        status: Number(received.slice(9, 12)),
        head: received.slice(0, end),
        text: Buffer.from(text, 'latin1').toString('utf8'),
      });
    });
    socket.on('connect', () => {
      const lines = [`POST ${base.pathname}${path} HTTP/1.1`, `host: ${base.host}`];
      for (const [name, value] of Object.entries(head)) lines.push(`${name}: ${value}`);
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
      for (const chunk of chunks) socket.write(chunk);
    });
  });
}

/** JSON text nested `depth` levels deep: arrays and objects in turn. */
function deepJson(depth: number): string {
  const open: string[] = [];
  const close: string[] = [];
  for (let level = 0; level < depth; level++) {
    open.push(level % 2 === 0 ? '{"files":' : '[');
    close.push(level % 2 === 0 ? '}' : ']');
  }
  return `${open.join('')}1${close.reverse().join('')}`;
}

export function describeHttpHardening(
  adapter: string,
  startServer: StartGuardedServer,
  hardening: HardeningOptions = {},
): void {
  describe(`${adapter}: requests a hostile client or a cross-site page can send`, () => {
    let s3: LocalS3;
    let server: MountedServer;
    let configured: MountedServer;
    const tenants = new Map<string, Connection | null | undefined>();
    /** The value of `x-probe` of every request that reached resolveTenant. */
    const resolved: string[] = [];
    const signed: string[] = [];

    beforeAll(async () => {
      s3 = await startLocalS3({ buckets: ['lab-a'] });
      tenants.set('a', {
        bucket: 'lab-a',
        region: s3.region,
        credentials: s3.credentials,
        endpoint: s3.endpoint,
        prefix: 'tenant-a',
      });
      tenants.set('gone', null);
      const options: UploadHandlerOptions<unknown> = {
        // Reads the web Request, as apps do: it is built from the body a framework parsed.
        resolveTenant: ({ request }) => {
          resolved.push(request.headers.get('x-probe') ?? '');
          return tenants.get(request.headers.get('x-tenant') ?? '') as Connection;
        },
        allowEndpoint: (url) => url.hostname === '127.0.0.1',
        rules: { allowedTypes: ['image/*', '.zip'] },
        onUploadSigned: (_ctx, event) => {
          signed.push(event.key);
        },
      };
      server = await startServer(options);
      configured = await startServer({ ...options, origins: ['https://app.example.com'] });
    });
    afterAll(async () => {
      await server?.close();
      await configured?.close();
      await s3?.stop();
    });

    const json = { 'x-tenant': 'a', 'content-type': 'application/json' };
    const oneFile = JSON.stringify({ files: [{ name: 'a.png', size: 1, type: 'image/png' }] });
    const expectError = (answer: RawAnswer, status: number, code: string): void => {
      expect(`${answer.status} ${answer.json().error?.code}`, answer.text.slice(0, 300)).toBe(`${status} ${code}`);
      expect(answer.headers['cache-control']).toBe('no-store');
    };

    describe('paths are routed as the framework routed them', () => {
      it('the app’s own guard of /setup holds for the plain path', async () => {
        const answer = await send(server.baseUrl, 'GET', '/setup', { 'x-tenant': 'a' });
        expect([answer.status, answer.json()]).toEqual([403, { guarded: true }]);
        expect((await send(server.baseUrl, 'GET', '/setup', { 'x-tenant': 'a', 'x-admin': 'yes' })).status).toBe(200);
      });

      it.each([
        '/uploads/../setup',
        '/x/%2e%2e/setup',
        '/.%2e/setup',
        '/%2E%2E/setup',
        '/./setup',
        '/s3%2F..%2Fsetup',
        '/s3%2f..%2fsetup',
        '/s3/multipart/..%2F..%2Fsetup',
        '/s3%5C..%5Csetup',
        '/s3\\..\\setup',
      ])('refuses %s with 400 INVALID_PATH instead of reaching /setup past the guard', async (path) => {
        const before = resolved.length;
        const answer = await send(server.baseUrl, 'GET', path, { 'x-tenant': 'a' });
        expectError(answer, 400, 'INVALID_PATH');
        expect(answer.text).not.toContain('multipartPolicy');
        expect(resolved.length).toBe(before);
      });

      it('does not route an encoded spelling of a route’s name (/%73etup) to it', async () => {
        const answer = await send(server.baseUrl, 'GET', '/%73etup', { 'x-tenant': 'a' });
        expectError(answer, 404, 'ROUTE_NOT_FOUND');
      });

      it('decodes a path parameter exactly once: %25, %3F and %23 stay in the upload ID', async () => {
        for (const [raw, uploadId] of [
          ['abc%2525', 'abc%25'],
          ['a%3Fb%23c', 'a?b#c'],
          ['a%2Bb%3D', 'a+b='],
        ] as const) {
          const answer = await send(server.baseUrl, 'GET', `/s3/multipart/${raw}/1?key=tenant-a%2Fx.zip`, json);
          expect(answer.status, answer.text).toBe(200);
          expect(new URL(String(answer.json().url)).searchParams.get('uploadId')).toBe(uploadId);
        }
      });
    });

    describe('deeply nested JSON', () => {
      const bodyRoutes = ['/uploads', '/s3/multipart', '/s3/multipart/u1/complete?key=tenant-a%2Fx.zip'];
      const refusedDeep = (answer: RawAnswer): void => {
        expect(answer.status, answer.text.slice(0, 300)).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
        expect(['JSON_TOO_DEEP', 'BODY_TOO_LARGE']).toContain(answer.json().error?.code);
      };

      it.each([
        [33, 'JSON_TOO_DEEP'],
        [5_000, 'JSON_TOO_DEEP'],
        [100_000, undefined],
      ])('is refused with a 4xx and a code, %i levels deep, on every route that reads a body', async (depth, code) => {
        const text = deepJson(depth);
        for (const path of bodyRoutes) {
          const answer = await send(server.baseUrl, 'POST', path, json, text);
          refusedDeep(answer);
          if (code !== undefined) expect(answer.json().error?.code).toBe(code);
        }
        expect(signed).toEqual([]);
      });

      it('is refused on a route that reads no body when the app parsed it already, and is harmless otherwise', async () => {
        const answer = await send(server.baseUrl, 'POST', '/connection/verify', json, deepJson(5_000));
        if (hardening.hostParsesJson) expectError(answer, 400, 'JSON_TOO_DEEP');
        else expect(answer.status).toBe(200);
      });

      it.skipIf(!hardening.hostParsesJson)(
        'is refused when the app inflated it from gzip (no length to trust), on every POST route',
        async () => {
          const gzipped = gzipSync(deepJson(5_000));
          expect(gzipped.byteLength).toBeLessThan(1_000);
          for (const path of [...bodyRoutes, '/connection/verify']) {
            const answer = await send(server.baseUrl, 'POST', path, { ...json, 'content-encoding': 'gzip' }, gzipped);
            expectError(answer, 400, 'JSON_TOO_DEEP');
          }
        },
      );

      it('takes JSON as deep as sos’s own requests, and deeper metadata up to the cap', async () => {
        let metadata: unknown = 'leaf';
        for (let level = 0; level < 28; level++) metadata = { nested: metadata };
        const body = JSON.stringify({ files: [{ name: 'a.png', size: 1 }], metadata });
        const answer = await send(server.baseUrl, 'POST', '/uploads', json, body);
        expect(answer.status, answer.text).toBe(200);
        signed.length = 0;
      });
    });

    describe('bodies that are not JSON (what a cross-site page can post without a preflight)', () => {
      const posts = [
        '/uploads',
        '/s3/multipart',
        '/s3/multipart/u1/complete?key=tenant-a%2Fx.zip',
        '/connection/verify',
      ];

      it.each([
        ['text/plain', oneFile],
        ['text/plain;charset=UTF-8', oneFile],
        ['application/x-www-form-urlencoded', 'files=1'],
        ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n'],
        ['application/jsonx', oneFile],
      ])('refuses Content-Type %s with 415 on every POST route, before resolveTenant', async (contentType, body) => {
        const probe = `media-${contentType}`;
        for (const path of posts) {
          const answer = await send(
            server.baseUrl,
            'POST',
            path,
            { 'x-tenant': 'a', 'x-probe': probe, 'content-type': contentType },
            body,
          );
          expectError(answer, 415, 'UNSUPPORTED_MEDIA_TYPE');
        }
        expect(resolved).not.toContain(probe);
        expect(signed).toEqual([]);
      });

      it('refuses a body without a Content-Type, sent with a length or chunked', async () => {
        for (const path of posts) {
          const answer = await send(server.baseUrl, 'POST', path, { 'x-tenant': 'a' }, oneFile);
          expectError(answer, 415, 'UNSUPPORTED_MEDIA_TYPE');
        }
        const chunked = await sendPartOfBody(
          server.baseUrl,
          '/uploads',
          { 'x-tenant': 'a', 'transfer-encoding': 'chunked' },
          [Buffer.from(`${Buffer.byteLength(oneFile).toString(16)}\r\n${oneFile}\r\n0\r\n\r\n`)],
          5_000,
        );
        expect(chunked).not.toBe('no answer');
        if (chunked !== 'no answer')
          expect([chunked.status, JSON.parse(chunked.text).error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
      });

      it('takes application/json with parameters, in any case', async () => {
        for (const contentType of [
          'application/json; charset=utf-8',
          'Application/JSON',
          'application/json;charset=UTF-8',
        ]) {
          const answer = await send(
            server.baseUrl,
            'POST',
            '/uploads',
            { ...json, 'content-type': contentType },
            oneFile,
          );
          expect(answer.status, `${contentType}: ${answer.text}`).toBe(200);
        }
        signed.length = 0;
      });

      it('still serves a POST without a body, and Uppy Companion’s requests as its client sends them', async () => {
        // As fetch sends it: Content-Length: 0 (node:http would send an empty chunked body, which counts as a body).
        const verify = await send(server.baseUrl, 'POST', '/connection/verify', { 'x-tenant': 'a' }, '');
        expect(verify.status, verify.text).toBe(200);
        // Companion's client sends Content-Type: application/json on every request, bodies or not.
        const uppy = { ...json, accept: 'application/json' };
        const params = await send(server.baseUrl, 'GET', '/s3/params?filename=a.png&type=image%2Fpng', uppy);
        expect(params.status, params.text).toBe(200);
        const created = await send(
          server.baseUrl,
          'POST',
          '/s3/multipart',
          uppy,
          JSON.stringify({ filename: 'scan.zip', type: 'application/zip', metadata: {} }),
        );
        expect(created.status, created.text).toBe(200);
        const { key, uploadId } = created.json() as unknown as { key: string; uploadId: string };
        const target = `/s3/multipart/${encodeURIComponent(uploadId)}`;
        const part = await send(server.baseUrl, 'GET', `${target}/1?key=${encodeURIComponent(key)}`, uppy);
        expect(part.status, part.text).toBe(200);
        const abort = await send(server.baseUrl, 'DELETE', `${target}?key=${encodeURIComponent(key)}`, uppy);
        expect(abort.json().error?.code).not.toBe('UNSUPPORTED_MEDIA_TYPE');
        signed.length = 0;
      });
    });

    describe('unknown tenants', () => {
      it.each([
        ['undefined', 'nobody'],
        ['null', 'gone'],
      ])('answers 401 TENANT_NOT_FOUND when resolveTenant returns %s', async (_case, tenant) => {
        const answer = await send(server.baseUrl, 'POST', '/uploads', { ...json, 'x-tenant': tenant }, oneFile);
        expectError(answer, 401, 'TENANT_NOT_FOUND');
        expect(answer.json().error?.hint).toBe('Sign in again, or ask the administrator to connect a bucket.');
      });
    });

    describe('the CORS rule of GET /setup', () => {
      const admin = { 'x-tenant': 'a', 'x-admin': 'yes' };

      it.each(['*', 'https://evil.example'])(
        'never takes the request’s Origin %s: without configured origins there is no rule, and the answer says why',
        async (origin) => {
          const answer = await send(server.baseUrl, 'GET', '/setup', { ...admin, origin });
          expect(answer.status).toBe(200);
          const body = answer.json();
          expect(body.cors).toBeNull();
          expect(body.corsWarnings).toEqual([expect.objectContaining({ code: 'CORS_ORIGINS_NOT_CONFIGURED' })]);
          expect(answer.text).not.toContain('evil.example');
          expect(answer.text).not.toContain('"*"');
        },
      );

      it('holds the configured origins only', async () => {
        const answer = await send(configured.baseUrl, 'GET', '/setup', { ...admin, origin: 'https://evil.example' });
        const body = answer.json() as { cors: { AllowedOrigins: string[] }[]; corsWarnings: unknown[] };
        expect(body.cors.map((rule) => rule.AllowedOrigins)).toEqual([['https://app.example.com']]);
        expect(body.corsWarnings).toEqual([]);
      });

      it('POST /connection/verify checks CORS for the configured origins, or for none, never for a foreign Origin', async () => {
        const foreign = { 'x-tenant': 'a', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };
        const unconfigured = await send(server.baseUrl, 'POST', '/connection/verify', foreign);
        expect(unconfigured.status, unconfigured.text).toBe(200);
        expect(unconfigured.json().checks).toContainEqual(expect.objectContaining({ code: 'CORS_NO_ORIGINS' }));
        const withOrigins = await send(configured.baseUrl, 'POST', '/connection/verify', foreign);
        expect(withOrigins.status, withOrigins.text).toBe(200);
        expect(withOrigins.text).not.toContain('evil.example');
        expect(withOrigins.json().checks).not.toContainEqual(expect.objectContaining({ code: 'CORS_NO_ORIGINS' }));
      });
    });

    describe.skipIf(hardening.hostParsesJson)('bodies far over the limit', () => {
      const expectRefusedUnread = (answer: Awaited<ReturnType<typeof sendPartOfBody>>): void => {
        expect(answer).not.toBe('no answer');
        if (answer === 'no answer') return;
        expect([answer.status, JSON.parse(answer.text).error.code]).toEqual([413, 'BODY_TOO_LARGE']);
        // The rest of the body is never read: the connection closes after the answer.
        expect(answer.head).toMatch(/\r\nconnection: close\r\n/i);
      };

      it('answers 413 to a declared 10 MiB body after 1 MiB of it, without waiting for the rest', async () => {
        const answer = await sendPartOfBody(
          server.baseUrl,
          '/uploads',
          { ...json, 'content-length': String(10 * MiB) },
          [Buffer.alloc(MiB, 32)],
          5_000,
        );
        expectRefusedUnread(answer);
      });

      it('answers 413 to a chunked body once past the route’s limit, while the client is still sending', async () => {
        const chunk = Buffer.alloc(16 * 1024, 32);
        const framed = Buffer.concat([Buffer.from(`${chunk.byteLength.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
        const answer = await sendPartOfBody(
          server.baseUrl,
          '/uploads',
          { ...json, 'transfer-encoding': 'chunked' },
          Array.from({ length: 8 }, () => framed),
          5_000,
        );
        expectRefusedUnread(answer);
      });
    });
  });
}
