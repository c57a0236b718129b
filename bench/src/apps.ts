// The servers the HTTP benchmark and the load test run: one framework, with a
// hello-world route and the sos routes side by side, on 127.0.0.1.
import { createHash, createHmac, createSecretKey } from 'node:crypto';
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

/**
 * The fixed part of the canonical request `POST /floor` hashes: as long as the
 * one sos hashes for a one-file upload (method, key path, query, signed
 * headers), so the SHA-256 has as many bytes to go through.
 */
const floorCanonical = [
  'PUT',
  '/tenant-a/2026/03/01/0b7e7f0e-7d43-4c1c-9f55-3f4a1f3c2b11/lower%20jaw.stl',
  'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Content-Sha256=UNSIGNED-PAYLOAD&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20260301%2Feu-central-1%2Fs3%2Faws4_request&X-Amz-Date=20260301T000000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost',
  'content-length:48213',
  'content-type:model/stl',
  'host:acme-lab-uploads.s3.eu-central-1.amazonaws.com',
  '',
  'content-length;content-type;host',
  'UNSIGNED-PAYLOAD',
].join('\n');
const floorStringToSign = 'AWS4-HMAC-SHA256\n20260301T000000Z\n20260301/eu-central-1/s3/aws4_request\n';
/** The day's signing key, derived once, as sos keeps it: one HMAC per URL is left. */
const floorSigningKey = createSecretKey(Buffer.alloc(32, 7));
const floorUrl = `https://acme-lab-uploads.s3.eu-central-1.amazonaws.com/tenant-a/2026/03/01/0b7e7f0e-7d43-4c1c-9f55-3f4a1f3c2b11/lower%20jaw.stl?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Content-Sha256=UNSIGNED-PAYLOAD&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20260301%2Feu-central-1%2Fs3%2Faws4_request&X-Amz-Date=20260301T000000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost&X-Amz-Signature=`;
let floorCounter = 0;

/**
 * What `POST /floor` answers: the SHA-256 and HMAC of one SigV4 signature,
 * each over a new input, in an answer as long as sos's for one file. Any
 * route that presigns one URL per request computes at least this and sends
 * at least this much; nothing else (no key, no validation) is done.
 */
function floorAnswer(): string {
  floorCounter = (floorCounter + 1) % 1_000_000;
  const canonicalHash = createHash('sha256').update(`${floorCanonical}${floorCounter}`).digest('hex');
  const signature = createHmac('sha256', floorSigningKey).update(`${floorStringToSign}${canonicalHash}`).digest('hex');
  return `{"uploads":[{"method":"PUT","bucket":"acme-lab-uploads","key":"tenant-a/2026/03/01/0b7e7f0e-7d43-4c1c-9f55-3f4a1f3c2b11/lower jaw.stl","url":"${floorUrl}${signature}","headers":{"content-type":"model/stl"},"expiresAt":"2026-03-01T00:15:00.000Z"}]}`;
}

/**
 * A running server: `POST ${origin}/hello` is hello world, `POST ${origin}/floor`
 * the least a signing route does (see {@link floorAnswer}), and
 * `${origin}/sos/…` the sos routes.
 */
export interface BenchServer {
  origin: string;
  close(): Promise<void>;
}

/**
 * Starts a framework on 127.0.0.1, port 0, with the sos routes mounted at
 * `/sos` and, next to them, `POST /hello`: the framework's own JSON body
 * parser (`express.json()`, Fastify's default) and `{ "hello": "world" }`;
 * and `POST /floor`, the same body parser, one signature's SHA-256 and HMAC,
 * and an answer as long as sos's.
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
    // Ended as sos's router ends its answers: no ETag to compute.
    app.post('/floor', express.json(), (_req, res) => {
      res.set({ 'content-type': 'application/json', 'cache-control': 'no-store' }).end(floorAnswer());
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
  app.post('/floor', async (_request, reply) =>
    reply.headers({ 'content-type': 'application/json', 'cache-control': 'no-store' }).send(floorAnswer()),
  );
  await app.register(sosPlugin, { ...(options as SosPluginOptions), prefix: '/sos' });
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  return { origin, close: () => app.close() };
}
