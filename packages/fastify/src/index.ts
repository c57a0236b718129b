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
  return error.statusCode === 413
    ? new SosError('BODY_TOO_LARGE', 'The request body is too large.', { hint: 'Send file descriptions only.' })
    : new SosError('INVALID_INPUT', error.message, { hint: 'Check the request against the sos HTTP API.' });
}

/** Answers through Fastify, so the app's own hooks (`onSend`, compression, logging) see the answer. */
const send = (reply: FastifyReply, answer: UploadHttpResponse): FastifyReply =>
  reply.code(answer.status).headers(answer.headers).send(answer.body);

/**
 * A Fastify 5 plugin that serves the sos upload routes under its `prefix`.
 * It reads bodies itself, so its errors keep the sos format.
 *
 * @example
 * await app.register(sosPlugin, { prefix: '/api/sos', resolveTenant: ({ fastifyRequest }) => tenants.connectionFor(fastifyRequest) });
 */
export const sosPlugin: FastifyPluginAsync<SosPluginOptions> = async (fastify, options) => {
  const handle = createUploadHttpHandler(options);
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  fastify.setErrorHandler(async (error: { statusCode?: number; message: string }, _request, reply) => {
    const known = error.statusCode !== undefined && error.statusCode < 500;
    return send(reply, errorHttpResponse(known ? fastifyClientError(error) : error));
  });
  fastify.all('/*', async (fastifyRequest, reply) => {
    const wildcard = (fastifyRequest.params as { '*'?: string })['*'] ?? '';
    const query = fastifyRequest.url.includes('?') ? fastifyRequest.url.slice(fastifyRequest.url.indexOf('?')) : '';
    const { raw, body } = fastifyRequest;
    const answer = await handle(
      {
        method: raw.method ?? fastifyRequest.method,
        url: `/${wildcard}${query}`,
        headers: raw.headers,
        ...(body === undefined ? { body: raw } : { parsedBody: body }),
      },
      { fastifyRequest, reply },
    );
    return send(reply, answer);
  });
};

export default sosPlugin;
