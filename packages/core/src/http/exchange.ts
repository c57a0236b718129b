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
  /**
   * The path and query relative to where the handler is mounted, as the
   * client sent them (never decoded or resolved: the handler decodes path
   * parameters once and refuses `..` and `%2F`), e.g. `/uploads?x=1`.
   */
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
  /**
   * Lower-case names: `content-type`, `cache-control`, `allow` for
   * `METHOD_NOT_ALLOWED`, and `connection: close` for a `BODY_TOO_LARGE` whose
   * body was left unread (the rest of it is never read).
   */
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

/** The deepest nesting of a JSON body sos reads; its own requests nest three levels deep. */
export const MAX_JSON_DEPTH = 32;

const tooDeep = (): SosError =>
  new SosError('JSON_TOO_DEEP', `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`, {
    hint: 'Send the JSON object the route describes; sos requests nest only a few levels deep.',
  });

const unsupportedMediaType = (): SosError =>
  new SosError('UNSUPPORTED_MEDIA_TYPE', 'The request body must be sent as application/json.', {
    hint: 'Send the body as JSON with the header Content-Type: application/json.',
  });

/** `application/json`, with or without parameters (`; charset=utf-8`), in any case. */
const JSON_MEDIA_TYPE = /^application\/json[ \t]*(?:;|$)/i;

/** Methods whose requests carry no body that sos reads. */
const BODYLESS_METHODS = new Set(['GET', 'HEAD']);

/**
 * The size of a parsed JSON value as JSON text, in bytes, refusing a value
 * nested deeper than {@link MAX_JSON_DEPTH} (`JSON_TOO_DEEP`). It walks the
 * value with a stack of its own, so no nesting overflows the call stack (as
 * `JSON.stringify` does), and stops counting once past `limit`: every value
 * adds at least a byte, so a value shared many times over costs no more than
 * its text would.
 */
export function measureJson(value: unknown, limit: number): number {
  const values: unknown[] = [value];
  const depths: number[] = [0];
  let bytes = 0;
  while (values.length > 0 && bytes <= limit) {
    const item = values.pop();
    const depth = depths.pop() as number;
    if (typeof item === 'string') {
      bytes += Buffer.byteLength(JSON.stringify(item), 'utf8');
    } else if (typeof item !== 'object' || item === null) {
      bytes += item === undefined || typeof item === 'function' ? 4 : String(item).length;
    } else {
      if (depth >= MAX_JSON_DEPTH) throw tooDeep();
      const entries = Array.isArray(item) ? item : Object.values(item);
      bytes += 2 + Math.max(entries.length - 1, 0);
      if (!Array.isArray(item)) {
        for (const name of Object.keys(item)) bytes += Buffer.byteLength(JSON.stringify(name), 'utf8') + 1;
      }
      for (const entry of entries) {
        values.push(entry);
        depths.push(depth + 1);
      }
    }
  }
  return bytes;
}

function parseJsonText(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    // An engine whose parser recurses runs out of stack on deep enough text.
    throw error instanceof RangeError ? tooDeep() : invalidJson();
  }
  measureJson(value, Number.POSITIVE_INFINITY);
  return value;
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

/** A body stream that failed (a client that reset the connection, an app's decompression that failed). */
const unreadable = (cause: unknown): SosError =>
  new SosError('INVALID_INPUT', 'The request body could not be read.', {
    hint: 'Send the body again, as plain JSON.',
    cause,
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
  try {
    for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
      const bytes = asBytes(chunk);
      total += bytes.byteLength;
      if (total > limit) throw tooLarge(limit);
      chunks.push(bytes);
    }
  } catch (error) {
    throw error instanceof SosError ? error : unreadable(error);
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
      reject(unreadable(error));
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
 * One request while the handler works on it: its path as the framework gave
 * it (never resolved or decoded: the router decides what a segment means), its
 * query, its headers, its body read once (within a limit), and the web
 * `Request` for callbacks, built only when one asks for it.
 */
export class Exchange {
  readonly method: string;
  /** The path as sent, up to `?` or `#`: `/s3/multipart/abc%2B1/batch`. */
  readonly pathname: string;
  #query: URLSearchParams | undefined;
  readonly #search: string;
  readonly #input: UploadHttpRequest;
  #request: Request | undefined;
  /** The body's text, once the handler has read it from the stream. */
  #consumedText: string | undefined;
  /** The size as JSON text of a body a framework parsed, once measured. */
  #parsedSize: number | undefined;

  constructor(input: UploadHttpRequest) {
    this.#input = input;
    this.method = input.method;
    this.#request = input.request;
    // A fragment is never part of what the client asks for.
    const hash = input.url.indexOf('#');
    const target = hash === -1 ? input.url : input.url.slice(0, hash);
    const query = target.indexOf('?');
    const path = query === -1 ? target : target.slice(0, query);
    this.pathname = path.startsWith('/') ? path : `/${path}`;
    this.#search = query === -1 ? '' : target.slice(query + 1);
  }

  /** The query parameters, decoded once. */
  get query(): URLSearchParams {
    this.#query ??= new URLSearchParams(this.#search);
    return this.#query;
  }

  header(name: string): string | undefined {
    return headerValue(this.#input.headers, name);
  }

  /**
   * Whether a Node body stream is left with bytes sos did not read, as after
   * a body refused for its size: the connection cannot carry another request.
   */
  get leavesBodyUnread(): boolean {
    const { body, request } = this.#input;
    return request === undefined && body instanceof Readable && !body.readableEnded;
  }

  /** The host the request was sent to: its Host header, or the host of the web `Request`'s URL. */
  get host(): string | undefined {
    const request = this.#input.request;
    return this.header('host') ?? (request === undefined ? undefined : new URL(request.url).host);
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
   * Refuses, before any callback runs, a body sos must not take: one sent
   * with another Content-Type than `application/json` (`UNSUPPORTED_MEDIA_TYPE`,
   * so that a browser cannot post a form or text cross-site without a
   * preflight), and one a framework parsed already that nests too deep
   * (`JSON_TOO_DEEP`) or is larger than `maxBytes` (`BODY_TOO_LARGE`). A
   * request without a body (no length, or `Content-Length: 0`) and without a
   * Content-Type passes; `GET` and `HEAD` are not checked.
   */
  checkBody(maxBytes: number): void {
    if (!BODYLESS_METHODS.has(this.method)) {
      const contentType = this.header('content-type');
      if (contentType === undefined ? this.#hasBody() : !JSON_MEDIA_TYPE.test(contentType)) {
        throw unsupportedMediaType();
      }
    }
    const parsed = this.#input.parsedBody;
    if (this.#request === undefined && parsed !== undefined && !isText(parsed)) {
      this.#parsedSize = measureJson(parsed, maxBytes);
      if (this.#parsedSize > maxBytes) throw tooLarge(maxBytes);
    }
  }

  #hasBody(): boolean {
    if (this.#request !== undefined) return this.#request.body !== null;
    if (this.#input.parsedBody !== undefined) return true;
    const length = this.header('content-length');
    return (length !== undefined && Number(length) !== 0) || this.header('transfer-encoding') !== undefined;
  }

  /**
   * The body as a JSON value, refusing one over `limit` bytes without
   * buffering it whole (`BODY_TOO_LARGE`), one that is not JSON
   * (`INVALID_JSON`) and one nested deeper than {@link MAX_JSON_DEPTH}
   * (`JSON_TOO_DEEP`), before any schema sees it.
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
      this.#parsedSize ??= measureJson(parsed, limit);
      // The declared length is the size the client sent, unless the framework inflated it.
      const measured = Number.isFinite(declared) && this.header('content-encoding') === undefined;
      if (!measured && this.#parsedSize > limit) throw tooLarge(limit);
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
