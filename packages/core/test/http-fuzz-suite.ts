// The HTTP fuzz through an adapter on a real server: the same random
// requests, sent with node:http, and the same property, allowing for what
// the host framework answers itself (see FuzzHostOptions).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { S3ClientCache } from '../src';
import { type FakeS3, startFakeS3 } from './fake-s3';
import { expectSafeAnswer, type FuzzHostOptions, fuzzHandlerOptions, fuzzRequests, sendRaw } from './http-fuzz';
import type { MountedServer, StartServer } from './upload-contract';

/** Runs `runs` random requests against the adapter's real server. */
export function describeHttpFuzz(
  adapter: string,
  startServer: StartServer,
  host: FuzzHostOptions = {},
  runs = 400,
): void {
  describe(`${adapter}: random requests (property)`, () => {
    let s3: FakeS3;
    let clients: S3ClientCache;
    let server: MountedServer;
    const unhandled = vi.fn();

    beforeAll(async () => {
      process.on('unhandledRejection', unhandled);
      s3 = await startFakeS3();
      clients = new S3ClientCache({ maxClients: 4, timeouts: { connectMs: 1_000, idleMs: 2_000 } });
      server = await startServer(fuzzHandlerOptions(s3.endpoint, clients));
    });
    afterAll(async () => {
      process.off('unhandledRejection', unhandled);
      await server?.close();
      clients?.clear();
      await s3?.stop();
    });

    it('answers every request safely, in the sos format unless the host answered itself', async () => {
      let hostAnswers = 0;
      await fc.assert(
        fc.asyncProperty(fuzzRequests, async (request) => {
          const answer = await sendRaw(server.baseUrl, request);
          if (
            !/^application\/json/.test(answer.headers.get('content-type') ?? '') ||
            answer.headers.get('cache-control') !== 'no-store'
          )
            hostAnswers++;
          expectSafeAnswer(request, answer, host, s3.endpoint);
        }),
        { numRuns: runs },
      );
      expect(unhandled).not.toHaveBeenCalled();
      // The host may answer a few malformed requests itself, never most of them.
      expect(hostAnswers).toBeLessThan(runs / 5);
    }, 120_000);
  });
}
