import type { AddressInfo } from 'node:net';
import { sendWebResponse, toWebRequest } from '@sos/core';
import { type Demo, type DemoListen, SOS_MOUNT_PATH } from '@sos/example-shared';
import { sosPlugin } from '@sos/fastify';
import Fastify, { type FastifyInstance } from 'fastify';

/**
 * The demo on Fastify: sos's plugin for each lab's uploads, and the shared
 * app (pages, labs, orders) for everything else.
 */
export async function createApp(demo: Demo): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(sosPlugin, {
    prefix: SOS_MOUNT_PATH,
    ...demo.uploadOptions(({ fastifyRequest }) => fastifyRequest.url),
  });
  app.all('/*', async (request, reply) => {
    reply.hijack();
    const webRequest = toWebRequest(request.raw, { path: request.url, parsedBody: request.body });
    await sendWebResponse(reply.raw, await demo.handle(webRequest));
  });
  return app;
}

/** Builds the app and listens; `close` also ends open connections. */
export const listen: DemoListen = async (demo, port, host) => {
  const app = await createApp(demo);
  await app.listen({ port, host });
  return { port: (app.server.address() as AddressInfo).port, close: () => app.close() };
};
