import {
  createUploadHandler,
  errorResponse,
  SosError,
  sendWebResponse,
  toWebRequest,
  type UploadHandlerOptions,
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

/**
 * A Fastify 5 plugin that serves the sos upload routes under its `prefix`.
 * It reads bodies itself, so its errors keep the sos format.
 *
 * @example
 * await app.register(sosPlugin, { prefix: '/api/sos', resolveTenant: ({ fastifyRequest }) => tenants.connectionFor(fastifyRequest) });
 */
export const sosPlugin: FastifyPluginAsync<SosPluginOptions> = async (fastify, options) => {
  const handle = createUploadHandler(options);
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  fastify.setErrorHandler(async (error: { statusCode?: number; message: string }, _request, reply) => {
    const known = error.statusCode !== undefined && error.statusCode < 500;
    const response = errorResponse(known ? fastifyClientError(error) : error);
    await sendWebResponse(reply.raw, response);
    return reply.hijack();
  });
  fastify.all('/*', async (fastifyRequest, reply) => {
    const wildcard = (fastifyRequest.params as { '*'?: string })['*'] ?? '';
    const query = fastifyRequest.url.includes('?') ? fastifyRequest.url.slice(fastifyRequest.url.indexOf('?')) : '';
    const request = toWebRequest(fastifyRequest.raw, { path: `/${wildcard}${query}`, parsedBody: fastifyRequest.body });
    const response = await handle(request, { fastifyRequest, reply });
    reply.hijack();
    await sendWebResponse(reply.raw, response);
  });
};

export default sosPlugin;
