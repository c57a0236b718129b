import type { Readable } from 'node:stream';
import {
  createUploadHttpHandler,
  errorHttpResponse,
  SosError,
  type UploadHandlerOptions,
  type UploadHttpResponse,
} from '@sos/core';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';

/** What the sos handler sees of a Fastify request, next to the web `Request`. */
export interface FastifyContext {
  fastifyRequest: FastifyRequest;
  reply: FastifyReply;
}

/** Options of {@link sosPlugin}: the core handler's options, with Fastify's request in `ctx`. */
export type SosPluginOptions = UploadHandlerOptions<FastifyContext>;

/** Fastify's own client errors, answered in the sos error format. */
function fastifyClientError(error: { statusCode?: number; message: string }): SosError {
  if (error.statusCode === 413) {
    return new SosError('BODY_TOO_LARGE', 'The request body is too large.', { hint: 'Send file descriptions only.' });
  }
  if (error.statusCode === 415) {
    return new SosError('UNSUPPORTED_MEDIA_TYPE', 'The request body must be sent as application/json.', {
      hint: 'Send the body as JSON with the header Content-Type: application/json.',
    });
  }
  return new SosError('INVALID_INPUT', error.message, { hint: 'Check the request against the sos HTTP API.' });
}

/**
 * The raw path and query after the plugin's prefix: the URL as the client
 * sent it, less as many segments as the prefix has (a prefix may hold
 * parameters, such as `/labs/:labId/sos`). Nothing is decoded: core decodes
 * once. A URL with fewer segments leaves an empty path, which no route has.
 */
function afterPrefix(url: string, prefixSegments: number): string {
  const pathEnd = url.search(/[?#]/);
  const path = pathEnd === -1 ? url : url.slice(0, pathEnd);
  let start = 0;
  for (let segment = 0; segment < prefixSegments && start !== -1; segment++) start = path.indexOf('/', start + 1);
  return start === -1 ? url.slice(path.length) : url.slice(start);
}

/** Answers through Fastify, so the app's own hooks (`onSend`, compression, logging) see the answer. */
const send = (reply: FastifyReply, answer: UploadHttpResponse): FastifyReply =>
  reply.code(answer.status).headers(answer.headers).send(answer.body);

/**
 * A Fastify 5 plugin that serves the sos upload routes under its `prefix`.
 * It leaves bodies unread for the handler, which reads no more than a route
 * takes, so its errors keep the sos format.
 *
 * @example
 * await app.register(sosPlugin, { prefix: '/api/sos', resolveTenant: ({ fastifyRequest }) => tenants.connectionFor(fastifyRequest) });
 */
export const sosPlugin: FastifyPluginAsync<SosPluginOptions> = async (fastify, options) => {
  const handle = createUploadHttpHandler(options);
  const prefixSegments = fastify.prefix.split('/').filter(Boolean).length;
  fastify.removeAllContentTypeParsers();
  // The body stream (after the app's preParsing hooks) is handed over unread: Fastify's bodyLimit never applies.
  fastify.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  fastify.setErrorHandler(async (error: { statusCode?: number; message: string }, _request, reply) => {
    const known = error.statusCode !== undefined && error.statusCode < 500;
    return send(reply, errorHttpResponse(known ? fastifyClientError(error) : error));
  });
  fastify.all('/*', async (fastifyRequest, reply) => {
    const { raw } = fastifyRequest;
    const answer = await handle(
      {
        method: raw.method ?? fastifyRequest.method,
        // Not the wildcard parameter, which Fastify has decoded once already.
        url: afterPrefix(fastifyRequest.url, prefixSegments),
        headers: raw.headers,
        body: (fastifyRequest.body as Readable | undefined) ?? raw,
      },
      { fastifyRequest, reply },
    );
    return send(reply, answer);
  });
};

export default sosPlugin;
