import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { Connection } from '../connection';
import { SosError } from '../errors';
import type { UploadHttpRequest, UploadHttpResponse } from './exchange';
import { createUploadHttpHandler } from './handler';
import { fromNodeRequest, sendHttpResponse } from './node-bridge';
import type { UploadHandlerOptions } from './options';

const connection: Connection = {
  bucket: 'acme-lab-uploads',
  region: 'eu-central-1',
  credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
  prefix: 'tenant-a',
};
const oneFile = { files: [{ name: 'lower jaw.stl', size: 48_213, type: 'model/stl' }] };
const text = JSON.stringify(oneFile);
const jsonHeaders = { 'content-type': 'application/json', host: 'app.example.com' };

const post = (input: Partial<UploadHttpRequest>): UploadHttpRequest => ({
  method: 'POST',
  url: '/uploads',
  headers: jsonHeaders,
  ...input,
});

interface Answer {
  uploads: { method: string; key: string; url: string }[];
  error: { code: string; message: string };
}
const bodyOf = (answer: UploadHttpResponse) => JSON.parse(answer.body) as Answer;

describe('createUploadHttpHandler', () => {
  const handle = createUploadHttpHandler<object>({ resolveTenant: () => connection });

  it('signs from a body a framework parsed, a JSON text, bytes, a Node stream, a web stream and an iterable', async () => {
    const bodies: Partial<UploadHttpRequest>[] = [
      { parsedBody: oneFile },
      { parsedBody: text },
      { parsedBody: Buffer.from(text) },
      { body: Readable.from([Buffer.from(text.slice(0, 10)), Buffer.from(text.slice(10))]) },
      { body: new Blob([text]).stream() },
      {
        body: (async function* () {
          yield new TextEncoder().encode(text);
        })(),
      },
    ];
    for (const body of bodies) {
      const answer = await handle(post(body), {});
      expect(answer.status).toBe(200);
      expect(answer.headers).toEqual({ 'content-type': 'application/json', 'cache-control': 'no-store' });
      const [upload] = bodyOf(answer).uploads;
      expect(upload?.method).toBe('PUT');
      expect(upload?.key).toMatch(/^tenant-a\/\d{4}\/\d{2}\/\d{2}\/[0-9a-f-]{36}\/lower jaw\.stl$/);
    }
  });

  it('refuses a body over the limit by its declared length, its measured size, or its bytes', async () => {
    const big = { files: [{ name: 'a'.repeat(70_000), size: 1 }] };
    const cases: Partial<UploadHttpRequest>[] = [
      { parsedBody: big, headers: { ...jsonHeaders, 'content-length': '70100' } },
      { parsedBody: big },
      { parsedBody: { files: [] }, headers: { ...jsonHeaders, 'content-length': '70100' } },
      { parsedBody: JSON.stringify(big) },
      { body: Readable.from([Buffer.from(JSON.stringify(big))]) },
      { body: new Blob([JSON.stringify(big)]).stream() },
    ];
    for (const body of cases) {
      const answer = await handle(post(body), {});
      expect(answer.status).toBe(413);
      expect(bodyOf(answer).error).toMatchObject({ code: 'BODY_TOO_LARGE' });
    }
  });

  it('answers INVALID_JSON for text that is not JSON, and INVALID_INPUT for a stream that ended early', async () => {
    expect(bodyOf(await handle(post({ parsedBody: '{"files":' }), {})).error).toMatchObject({ code: 'INVALID_JSON' });
    const destroyed = Readable.from([Buffer.from('{')]);
    destroyed.destroy();
    const answer = await handle(post({ body: destroyed }), {});
    expect(answer.status).toBe(400);
    expect(bodyOf(answer).error).toMatchObject({ code: 'INVALID_INPUT', message: 'The request body ended early.' });
  });

  it('sets Allow on METHOD_NOT_ALLOWED and never throws, whatever the input', async () => {
    const wrong = await handle({ method: 'GET', url: '/uploads', headers: {} }, {});
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('POST');
    const odd = await handle({ method: 'POST', url: '//evil.example.com/uploads?x=%zz', headers: {} }, {});
    expect(odd.status).toBe(404);
  });
});

describe('ctx.request', () => {
  const handler = (options: Partial<UploadHandlerOptions<object>>) =>
    createUploadHttpHandler<object>({ resolveTenant: () => connection, ...options });

  it('is built only when a callback reads it, and once', async () => {
    const NativeRequest = globalThis.Request;
    let built = 0;
    globalThis.Request = class extends NativeRequest {
      constructor(...args: ConstructorParameters<typeof Request>) {
        super(...args);
        built += 1;
      }
    };
    try {
      const quiet = createUploadHttpHandler<{ tenant: string }>({
        resolveTenant: (ctx) => {
          // Reading the adapter's fields does not build it.
          expect(ctx.tenant).toBe('acme');
          return connection;
        },
      });
      expect((await quiet(post({ parsedBody: oneFile }), { tenant: 'acme' })).status).toBe(200);
      expect(built).toBe(0);
      const reading = handler({
        resolveTenant: ({ request }) => {
          expect(request.method).toBe('POST');
          return connection;
        },
        onUploadSigned: ({ request }) => {
          expect(request.headers.get('host')).toBe('app.example.com');
        },
      });
      expect((await reading(post({ parsedBody: oneFile }), {})).status).toBe(200);
      expect(built).toBe(1);
    } finally {
      globalThis.Request = NativeRequest;
    }
  });

  it('holds the host, path, headers and the body the client sent, read before the handler reads it', async () => {
    const seen: unknown[] = [];
    const handle = handler({
      resolveTenant: async ({ request }) => {
        seen.push(request.url, request.headers.get('x-tenant'), await request.clone().json());
        return connection;
      },
    });
    const answer = await handle(
      post({
        url: '/uploads?order=17',
        headers: { ...jsonHeaders, 'x-tenant': 'acme' },
        body: Readable.from([Buffer.from(text)]),
      }),
      {},
    );
    expect(answer.status).toBe(200);
    expect(seen).toEqual(['http://app.example.com/uploads?order=17', 'acme', oneFile]);
  });

  it('holds the body the client sent, read after the handler read it', async () => {
    const seen: unknown[] = [];
    const handle = handler({
      onUploadSigned: async ({ request }) => {
        seen.push(await request.json());
      },
    });
    for (const input of [{ body: Readable.from([Buffer.from(text)]) }, { parsedBody: oneFile }]) {
      expect((await handle(post(input), {})).status).toBe(200);
    }
    expect(seen).toEqual([oneFile, oneFile]);
  });

  it('stays the web Request when the adapter passes a field of the same name', async () => {
    let seen: unknown;
    const handle = createUploadHttpHandler<{ request: string; req: string }>({
      resolveTenant: (ctx) => {
        seen = [(ctx.request as unknown) instanceof Request, ctx.req];
        return connection;
      },
    });
    expect((await handle(post({ parsedBody: oneFile }), { request: 'mine', req: 'node' })).status).toBe(200);
    expect(seen).toEqual([true, 'node']);
  });

  it('is the very web Request the web handler was called with', async () => {
    const { createUploadHandler } = await import('./handler');
    let same = false;
    const request = new Request('http://app.example.com/uploads', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: text,
    });
    const handle = createUploadHandler<object>({
      resolveTenant: (ctx) => {
        same = ctx.request === request;
        return connection;
      },
    });
    expect((await handle(request, {})).status).toBe(200);
    expect(same).toBe(true);
  });
});

describe('fromNodeRequest and sendHttpResponse on a real server', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
  });

  async function serve(onAnswer: (answer: UploadHttpResponse) => void = () => {}): Promise<number> {
    const handle = createUploadHttpHandler<{ req: IncomingMessage }>({
      resolveTenant: ({ req }) => {
        if (req.headers['x-tenant'] !== 'acme') throw new SosError('UNAUTHENTICATED', 'Who are you?');
        return connection;
      },
    });
    server = createServer(async (req, res) => {
      const answer = await handle(fromNodeRequest(req, { path: req.url ?? '/' }), { req });
      onAnswer(answer);
      sendHttpResponse(res, answer);
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  it('reads the stream and answers with status, headers and length', async () => {
    const port = await serve();
    const response = await fetch(`http://127.0.0.1:${port}/uploads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tenant': 'acme' },
      body: text,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const raw = await response.text();
    expect(Number(response.headers.get('content-length'))).toBe(Buffer.byteLength(raw));
    expect(JSON.parse(raw).uploads).toHaveLength(1);
    const refused = await fetch(`http://127.0.0.1:${port}/uploads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: text,
    });
    expect(refused.status).toBe(401);
  });

  it('answers 413 to a chunked body over the limit, without reading it all', async () => {
    const port = await serve();
    const response = await fetch(`http://127.0.0.1:${port}/uploads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tenant': 'acme' },
      body: Readable.toWeb(Readable.from([Buffer.alloc(40_000, 32), Buffer.alloc(40_000, 32)])) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(((await response.json()) as Answer).error.code).toBe('BODY_TOO_LARGE');
  });

  it('settles with an answer when the client goes away mid-body', async () => {
    let answered: (answer: UploadHttpResponse) => void = () => {};
    const answer = new Promise<UploadHttpResponse>((resolve) => {
      answered = resolve;
    });
    const port = await serve((value) => answered(value));
    const client = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/uploads',
      headers: { 'content-type': 'application/json', 'content-length': '1000', 'x-tenant': 'acme' },
    });
    client.on('error', () => {});
    client.write('{"files":');
    await new Promise((resolve) => setTimeout(resolve, 50));
    client.destroy();
    const settled = await answer;
    expect(settled.status).toBeGreaterThanOrEqual(400);
    expect(settled.status).toBeLessThan(600);
  });
});
