import { Readable } from 'node:stream';
import { SosError } from '../errors';

/** Request headers as Node gives them (`req.headers`), or a web `Headers`. */
export type UploadHttpHeaders = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * One request to the upload handler, as any server has it at hand. Adapters
 * pass what the framework already holds: nothing is copied, and the web
 * `Request` of `ctx.request` is only built if a callback reads it.
 */
export interface UploadHttpRequest {
  /** `GET`, `POST`, … */
  method: string;
  /** The path and query relative to where the handler is mounted, e.g. `/uploads?x=1`. */
  url: string;
  headers: UploadHttpHeaders;
  /**
   * A body the framework already parsed (`express.json()`, Fastify's parser):
   * a JSON value, or a string or bytes that are read as JSON text.
   */
  parsedBody?: unknown;
  /** The unread body, when nothing parsed it: a Node stream, any async iterable of bytes, or a web stream. */
  body?: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array> | null;
  /** The web `Request` this came from, if any: `ctx.request` is then this very object. */
  request?: Request;
}

/** The handler's answer: a status, headers and a JSON text. */
export interface UploadHttpResponse {
  status: number;
  /** Lower-case names: `content-type`, `cache-control`, and `allow` for `METHOD_NOT_ALLOWED`. */
  headers: Record<string, string>;
  /** JSON text. */
  body: string;
}

/** A host and optional port, or an IPv6 literal: anything else in a Host header is not used. */
const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The URL of a request for a path relative to the mount point. The path is
 * appended to the origin, never resolved against it: `//x/uploads` is a path,
 * not the host `x`. A Host that is not a plain host (and port) becomes
 * `localhost`.
 */
export function mountedUrl(host: string | undefined, path: string): URL {
  const suffix = path.startsWith('/') ? path : `/${path}`;
  if (host !== undefined && HOST.test(host)) {
    try {
      return new URL(`http://${host}${suffix}`);
    } catch {
      // A port over 65535: fall back like any other unusable Host.
    }
  }
  return new URL(`http://localhost${suffix}`);
}

/**
 * A path the URL parser would leave as it is: no query, no percent-encoding,
 * no segment that starts with a dot, only unreserved characters. Anything
 * else is parsed as a URL.
 */
const PLAIN_PATH = /^(?:\/(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*)?)+$/;

/** One header's value, joined with `, ` when repeated; `undefined` when absent. */
export function headerValue(headers: UploadHttpHeaders, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  return typeof value === 'string' ? value : value === undefined ? undefined : value.join(', ');
}

function toWebHeaders(headers: UploadHttpHeaders): Headers {
  if (headers instanceof Headers) return new Headers(headers);
  const web = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    for (const item of typeof value === 'string' ? [value] : value) web.append(name, item);
  }
  return web;
}

const tooLarge = (limit: number): SosError =>
  new SosError('BODY_TOO_LARGE', `The request body is larger than ${limit} bytes.`, {
    hint: 'Send file descriptions only; the files themselves go straight to S3.',
  });

const invalidJson = (): SosError =>
  new SosError('INVALID_JSON', 'The request body is not valid JSON.', {
    hint: 'Send a JSON object with the header Content-Type: application/json.',
  });

function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalidJson();
  }
}

const isText = (value: unknown): value is string | Uint8Array =>
  typeof value === 'string' || value instanceof Uint8Array;
const textOf = (value: string | Uint8Array): string =>
  typeof value === 'string' ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8');
const byteLength = (value: string | Uint8Array): number =>
  typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : value.byteLength;

const endedEarly = (): SosError =>
  new SosError('INVALID_INPUT', 'The request body ended early.', {
    hint: 'The client closed the connection before sending the whole body.',
  });

const asBytes = (chunk: Uint8Array | string): Uint8Array =>
  typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;

/** Reads any async iterable of bytes (a web stream, a generator), stopping at the limit. */
async function readIterable(
  source: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>,
  limit: number,
): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
    const bytes = asBytes(chunk);
    total += bytes.byteLength;
    if (total > limit) throw tooLarge(limit);
    chunks.push(bytes);
  }
  return chunks;
}

/**
 * Reads a Node stream with its events, as Node's body parsers do (cheaper
 * than async iteration). Over the limit, it stops reading and leaves the
 * stream paused, so the answer can still be written.
 */
function readNodeStream(source: Readable, limit: number): Promise<Uint8Array[]> {
  if (source.readableEnded) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    if (source.destroyed) {
      reject(endedEarly());
      return;
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    const cleanup = (): void => {
      source.off('data', onData);
      source.off('end', onEnd);
      source.off('error', onError);
      source.off('close', onClose);
    };
    const onData = (chunk: Uint8Array | string): void => {
      const bytes = asBytes(chunk);
      total += bytes.byteLength;
      if (total > limit) {
        cleanup();
        source.pause();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(bytes);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(chunks);
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    // A client that goes away mid-body: nothing more will come.
    const onClose = (): void => {
      cleanup();
      reject(endedEarly());
    };
    source.on('data', onData);
    source.on('end', onEnd);
    source.on('error', onError);
    source.on('close', onClose);
  });
}

/**
 * One request while the handler works on it: its path and query, its
 * headers, its body read once (within a limit), and the web `Request` for
 * callbacks, built only when one asks for it.
 */
export class Exchange {
  readonly method: string;
  readonly pathname: string;
  #query: URLSearchParams | undefined;
  readonly #input: UploadHttpRequest;
  #request: Request | undefined;
  /** The body's text, once the handler has read it from the stream. */
  #consumedText: string | undefined;

  constructor(input: UploadHttpRequest) {
    this.#input = input;
    this.method = input.method;
    this.#request = input.request;
    if (PLAIN_PATH.test(input.url)) {
      this.pathname = input.url;
    } else {
      const url = mountedUrl(undefined, input.url);
      this.pathname = url.pathname;
      this.#query = url.searchParams;
    }
  }

  /** The query parameters; none for a plain path. */
  get query(): URLSearchParams {
    this.#query ??= new URLSearchParams();
    return this.#query;
  }

  header(name: string): string | undefined {
    return headerValue(this.#input.headers, name);
  }

  /**
   * The web `Request`: the one the handler was called with, or one built
   * from the Node request. Its body is what the client sent, even after the
   * handler has read it.
   */
  get request(): Request {
    if (this.#request !== undefined) return this.#request;
    const input = this.#input;
    const url = mountedUrl(headerValue(input.headers, 'host'), input.url);
    const headers = toWebHeaders(input.headers);
    const { method } = input;
    if (method === 'GET' || method === 'HEAD') {
      this.#request = new Request(url, { method, headers });
      return this.#request;
    }
    const buffered =
      this.#consumedText ??
      (input.parsedBody === undefined
        ? undefined
        : isText(input.parsedBody)
          ? input.parsedBody
          : JSON.stringify(input.parsedBody));
    if (buffered !== undefined || input.body === undefined || input.body === null) {
      headers.delete('content-length');
      this.#request = new Request(url, { method, headers, body: buffered ?? null });
      return this.#request;
    }
    const stream =
      input.body instanceof ReadableStream
        ? input.body
        : Readable.toWeb(input.body instanceof Readable ? input.body : Readable.from(input.body));
    this.#request = new Request(url, { method, headers, body: stream, duplex: 'half' } as RequestInit);
    return this.#request;
  }

  /**
   * The body as a JSON value, refusing one over `limit` bytes without
   * buffering it whole (`BODY_TOO_LARGE`) and one that is not JSON
   * (`INVALID_JSON`).
   */
  async readJson(limit: number): Promise<unknown> {
    const declared = Number(this.header('content-length') ?? Number.NaN);
    if (declared > limit) throw tooLarge(limit);
    const input = this.#input;
    if (this.#request === undefined && input.parsedBody !== undefined) {
      const parsed = input.parsedBody;
      if (isText(parsed)) {
        if (byteLength(parsed) > limit) throw tooLarge(limit);
        return parseJsonText(textOf(parsed));
      }
      // The declared length is the size the client sent, unless the framework inflated it.
      const measured = Number.isFinite(declared) && this.header('content-encoding') === undefined;
      if (!measured && Buffer.byteLength(JSON.stringify(parsed) ?? '', 'utf8') > limit) throw tooLarge(limit);
      return parsed;
    }
    const text = await this.#readText(limit);
    this.#consumedText = text;
    return parseJsonText(text);
  }

  async #readText(limit: number): Promise<string> {
    const source = this.#request !== undefined ? this.#request.body : this.#input.body;
    if (source === undefined || source === null) return '';
    const chunks = source instanceof Readable ? await readNodeStream(source, limit) : await readIterable(source, limit);
    return chunks.length === 1 ? textOf(chunks[0] as Uint8Array) : Buffer.concat(chunks).toString('utf8');
  }
}
