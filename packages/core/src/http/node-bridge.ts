import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

/** Options of {@link toWebRequest}. */
export interface ToWebRequestOptions {
  /** The path and query relative to where the handler is mounted, e.g. `/uploads?x=1`. */
  path: string;
  /**
   * A body a framework already parsed (`express.json()`, Fastify's parser).
   * When absent, the raw stream is read instead.
   */
  parsedBody?: unknown;
}

/** A host and optional port, or an IPv6 literal: anything else in a Host header is not used. */
const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The request's URL. The path is appended to the origin, never resolved
 * against it: `//x/uploads` is a path, not the host `x`. A Host header that
 * is not a plain host (and port) is replaced by `localhost`.
 */
function requestUrl(req: IncomingMessage, path: string): URL {
  const suffix = path.startsWith('/') ? path : `/${path}`;
  const { host } = req.headers;
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
 * Turns a Node request into a web `Request` once, for every adapter. A body
 * that a framework already parsed is serialised back; otherwise the stream is
 * passed through unread.
 */
export function toWebRequest(req: IncomingMessage, options: ToWebRequestOptions): Request {
  const url = requestUrl(req, options.path);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return new Request(url, { method, headers });
  if (options.parsedBody !== undefined) {
    const body =
      typeof options.parsedBody === 'string' || Buffer.isBuffer(options.parsedBody)
        ? options.parsedBody
        : JSON.stringify(options.parsedBody);
    headers.delete('content-length');
    return new Request(url, { method, headers, body });
  }
  return new Request(url, {
    method,
    headers,
    body: Readable.toWeb(req) as ReadableStream<Uint8Array>,
    duplex: 'half',
  } as RequestInit);
}

/** Writes a web `Response` to a Node response. */
export async function sendWebResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  for (const [name, value] of response.headers) res.setHeader(name, value);
  res.end(Buffer.from(await response.arrayBuffer()));
}
