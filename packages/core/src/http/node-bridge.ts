import type { IncomingMessage, ServerResponse } from 'node:http';
import { Exchange, type UploadHttpRequest, type UploadHttpResponse } from './exchange';

/** Options of {@link toWebRequest} and {@link fromNodeRequest}. */
export interface ToWebRequestOptions {
  /**
   * The path and query relative to where the handler is mounted, as the
   * client sent them (never decoded or resolved: the handler decodes path
   * parameters once and refuses `..` and `%2F`), e.g. `/uploads?x=1`.
   */
  path: string;
  /**
   * A body a framework already parsed (`express.json()`, Fastify's parser).
   * When absent, the raw stream is read instead.
   */
  parsedBody?: unknown;
}

/**
 * Describes a Node request for `createUploadHttpHandler`, without copying
 * anything: its headers as they are, the framework's parsed body if there is
 * one, and otherwise the stream, which the handler reads when a route needs
 * the body.
 */
export function fromNodeRequest(req: IncomingMessage, options: ToWebRequestOptions): UploadHttpRequest {
  return {
    method: req.method ?? 'GET',
    url: options.path,
    headers: req.headers,
    ...(options.parsedBody === undefined ? { body: req } : { parsedBody: options.parsedBody }),
  };
}

/** Writes the handler's answer to a Node response. */
export function sendHttpResponse(res: ServerResponse, response: UploadHttpResponse): void {
  res.statusCode = response.status;
  for (const name of Object.keys(response.headers)) res.setHeader(name, response.headers[name] as string);
  res.setHeader('content-length', Buffer.byteLength(response.body, 'utf8'));
  res.end(response.body);
}

/**
 * Turns a Node request into a web `Request`, for code that wants one. A body
 * that a framework already parsed is serialised back; otherwise the stream is
 * passed through unread. The path is appended to the Host, never resolved
 * against it (`//x/uploads` is a path), and a Host that is not a plain host
 * and port becomes `localhost`.
 */
export function toWebRequest(req: IncomingMessage, options: ToWebRequestOptions): Request {
  return new Exchange(fromNodeRequest(req, options)).request;
}

/** Writes a web `Response` to a Node response. */
export async function sendWebResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  for (const [name, value] of response.headers) res.setHeader(name, value);
  res.end(Buffer.from(await response.arrayBuffer()));
}
