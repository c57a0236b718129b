import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { describeHttpHardening } from '../../core/test/http-hardening-contract';
import { type SosPluginOptions, sosPlugin } from '../src';

/**
 * The plugin under `prefix`, in an app that raised Fastify's body limit for
 * its own routes and guards its admin route with its own hook, on the path
 * as the client sent it.
 */
async function start(options: SosPluginOptions, prefix: string, base: string) {
  const app = Fastify({ bodyLimit: 50 * 1024 * 1024 });
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if ((path === `${base}/setup` || path.startsWith(`${base}/setup/`)) && request.headers['x-admin'] !== 'yes') {
      return reply.code(403).send({ guarded: true });
    }
  });
  await app.register(sosPlugin, { ...options, prefix });
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  return { baseUrl: `${origin}${base}`, close: () => app.close() };
}

describeHttpHardening('fastify', (options) => start(options as SosPluginOptions, '/api/sos', '/api/sos'));
describeHttpHardening('fastify under a prefix with a parameter', (options) =>
  start(options as SosPluginOptions, '/labs/:labId/sos', '/labs/lab-1/sos'),
);

describe('sosPlugin and Fastify’s own media type check', () => {
  it('answers a Content-Type Fastify cannot read with 415 UNSUPPORTED_MEDIA_TYPE, in the sos format', async () => {
    const app = Fastify();
    await app.register(sosPlugin, {
      prefix: '/api/sos',
      resolveTenant: () => {
        throw new Error('not reached');
      },
    });
    try {
      const answer = await app.inject({
        method: 'POST',
        url: '/api/sos/uploads',
        headers: { 'content-type': 'not a type' },
        payload: '{}',
      });
      expect([answer.statusCode, answer.json().error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
      expect(answer.headers['cache-control']).toBe('no-store');
    } finally {
      await app.close();
    }
  });
});
