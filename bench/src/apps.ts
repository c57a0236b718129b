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

/** How long the calibration route `POST /busy` computes, in microseconds. */
export const BUSY_MICROS = 15;

/** What `POST /busy` answers: as many bytes as sos's answer for one file. */
const busyAnswer = JSON.stringify({
  uploads: [
    {
      method: 'PUT',
      bucket: 'acme-lab-uploads',
      key: 'tenant-a/2026/03/01/0b7e7f0e-7d43-4c1c-9f55-3f4a1f3c2b11/lower jaw.stl',
      url: `https://acme-lab-uploads.s3.eu-central-1.amazonaws.com/tenant-a/2026/03/01/0b7e7f0e-7d43-4c1c-9f55-3f4a1f3c2b11/lower%20jaw.stl?${'X'.repeat(420)}`,
      headers: { 'content-type': 'model/stl' },
      expiresAt: '2026-03-01T00:15:00.000Z',
    },
  ],
});

/** Keeps the CPU busy for `micros` microseconds, as a route doing that much work would. */
function busyFor(micros: number): void {
  const until = process.hrtime.bigint() + BigInt(micros * 1000);
  while (process.hrtime.bigint() < until) {
    // Spin: the point is the time spent.
  }
}

/**
 * A running server: `POST ${origin}/hello` is hello world, `POST ${origin}/busy`
 * hello world that also computes {@link BUSY_MICROS} µs and answers as many
 * bytes as sos does, and `${origin}/sos/…` the sos routes.
 */
export interface BenchServer {
  origin: string;
  close(): Promise<void>;
}

/**
 * Starts a framework on 127.0.0.1, port 0, with the sos routes mounted at
 * `/sos` and, next to them, `POST /hello`: the framework's own JSON body
 * parser (`express.json()`, Fastify's default) and `{ "hello": "world" }`;
 * and `POST /busy`, the same plus {@link BUSY_MICROS} µs of computing and an
 * answer as long as sos's.
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
    app.post('/busy', express.json(), (_req, res) => {
      busyFor(BUSY_MICROS);
      res.set('cache-control', 'no-store').type('application/json').send(busyAnswer);
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
  app.post('/busy', async (_request, reply) => {
    busyFor(BUSY_MICROS);
    return reply.headers({ 'content-type': 'application/json', 'cache-control': 'no-store' }).send(busyAnswer);
  });
  await app.register(sosPlugin, { ...(options as SosPluginOptions), prefix: '/sos' });
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  return { origin, close: () => app.close() };
}
