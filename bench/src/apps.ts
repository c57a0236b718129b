// The servers the HTTP benchmark and the load test run: one framework, with a
// hello-world route and the sos routes side by side, on 127.0.0.1.
import type { AddressInfo } from 'node:net';
import type { UploadHandlerOptions } from '@sos/core';
import { createSosRouter, type SosRouterOptions } from '@sos/express';
import { type SosPluginOptions, sosPlugin } from '@sos/fastify';
import express from 'express';
import Fastify from 'fastify';

/** The frameworks sos has a plugin for. */
export type Framework = 'express' | 'fastify';
/** Every framework, in the order the benchmark and the load test run them. */
export const FRAMEWORKS: readonly Framework[] = ['express', 'fastify'];

/** A running server: `POST ${origin}/hello` is hello world, `${origin}/sos/…` the sos routes. */
export interface BenchServer {
  origin: string;
  close(): Promise<void>;
}

/**
 * Starts a framework on 127.0.0.1, port 0, with the sos routes mounted at
 * `/sos` and, next to them, `POST /hello`: the framework's own JSON body
 * parser (`express.json()`, Fastify's default) and `{ "hello": "world" }`.
 */
export async function startBenchServer(
  framework: Framework,
  options: UploadHandlerOptions<unknown>,
): Promise<BenchServer> {
  if (framework === 'express') {
    const app = express();
    app.post('/hello', express.json(), (_req, res) => {
      res.json({ hello: 'world' });
    });
    app.use('/sos', createSosRouter(options as SosRouterOptions));
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    return {
      origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
  }
  const app = Fastify();
  app.post('/hello', async () => ({ hello: 'world' }));
  await app.register(sosPlugin, { ...(options as SosPluginOptions), prefix: '/sos' });
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  return { origin, close: () => app.close() };
}
