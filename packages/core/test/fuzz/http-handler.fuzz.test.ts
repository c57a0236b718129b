// createUploadHandler with random web requests: never a 5xx, every error a
// known code with its status, every signed location in the tenant's bucket
// and prefix, no unhandled rejection. The S3 calls go to a fake S3.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUploadHandler, S3ClientCache, type UploadHandler } from '../../src';
import { type FakeS3, startFakeS3 } from '../fake-s3';
import { expectSafeAnswer, type FuzzRequest, fuzzHandlerOptions, fuzzRequests } from '../http-fuzz';

const toWebRequest = (request: FuzzRequest): Request =>
  new Request(`http://app.test${request.path}`, {
    method: request.method,
    headers: request.headers,
    ...(request.body === undefined ? {} : { body: request.body }),
  });

describe('createUploadHandler with random requests (property)', () => {
  let s3: FakeS3;
  let clients: S3ClientCache;
  let handle: UploadHandler;
  const unhandled = vi.fn();

  beforeAll(async () => {
    process.on('unhandledRejection', unhandled);
    s3 = await startFakeS3();
    clients = new S3ClientCache({ maxClients: 4, timeouts: { connectMs: 1_000, idleMs: 2_000 } });
    handle = createUploadHandler(fuzzHandlerOptions(s3.endpoint, clients));
  });
  afterAll(async () => {
    process.off('unhandledRejection', unhandled);
    clients.clear();
    await s3.stop();
  });

  it('answers every request safely', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fuzzRequests, async (request) => {
        const started = performance.now();
        const response = await handle(toWebRequest(request), {});
        const body = await response.text();
        expect(performance.now() - started, `${request.method} ${request.path}`).toBeLessThan(5_000);
        expectSafeAnswer(request, { status: response.status, headers: response.headers, body }, {}, s3.endpoint);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      }),
      { numRuns: 2_000 },
    );
    expect(unhandled).not.toHaveBeenCalled();
    // The generator must reach deep: signed answers, refusals of every kind, not just 404s.
    for (const status of [200, 400, 401, 403, 404, 405, 413, 415])
      expect(statuses.get(status) ?? 0, `status ${status}`).toBeGreaterThan(5);
  }, 120_000);
});
