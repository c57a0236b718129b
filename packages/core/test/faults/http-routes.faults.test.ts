// The HTTP routes that call S3, against an endpoint that misbehaves: each
// answers the S3 failure's code with its status, in the sos error format,
// within a bounded time, and leaves nothing running.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type Connection,
  createUploadHandler,
  ERROR_STATUS,
  S3ClientCache,
  type SosErrorCode,
  type UploadHandler,
} from '../../src';
import { type FakeS3, type FakeS3Answer, refusingEndpoint, s3ErrorXml, startFakeS3 } from '../fake-s3';
import { activeHandles, leakedHandles } from './active-handles';

const IDLE_MS = 300;
const BOUND_MS = 3 * IDLE_MS + 5_000;
const MiB = 1024 * 1024;

type Fault = FakeS3Answer | 'refused';
const faults: [string, Fault, SosErrorCode][] = [
  ['answers 500', { status: 500, body: s3ErrorXml('InternalError') }, 'S3_SERVER_ERROR'],
  ['answers 503 SlowDown', { status: 503, body: s3ErrorXml('SlowDown') }, 'S3_SERVER_ERROR'],
  ['never answers', 'hang', 'S3_TIMEOUT'],
  ['resets the connection', 'reset', 'S3_CONNECTION_REFUSED'],
  ['refuses connections', 'refused', 'S3_CONNECTION_REFUSED'],
];

const KEY = 'acme/2026/03/01/u/scan.zip';
const query = `?key=${encodeURIComponent(KEY)}`;
const routes: [string, string, string, unknown][] = [
  ['POST /uploads (a multipart-sized file)', 'POST', '/uploads', { files: [{ name: 'cbct.zip', size: 7 * MiB }] }],
  ['POST /s3/multipart', 'POST', '/s3/multipart', { filename: 'cbct.zip', type: 'application/zip' }],
  ['GET /s3/multipart/:uploadId', 'GET', `/s3/multipart/u-1${query}`, undefined],
  ['DELETE /s3/multipart/:uploadId', 'DELETE', `/s3/multipart/u-1${query}`, undefined],
  [
    'POST /s3/multipart/:uploadId/complete',
    'POST',
    `/s3/multipart/u-1/complete${query}`,
    { parts: [{ PartNumber: 1, ETag: '"a"' }] },
  ],
];

describe('HTTP routes that call S3, against a misbehaving endpoint', { timeout: 30_000 }, () => {
  let s3: FakeS3;
  let refused: string;
  let clients: S3ClientCache;
  let baseline: Record<string, number>;
  let endpoint: string;
  const unhandled = vi.fn();
  const logged = vi.fn();
  let handle: UploadHandler;

  beforeAll(async () => {
    process.on('unhandledRejection', unhandled);
    s3 = await startFakeS3();
    refused = await refusingEndpoint();
  });
  afterAll(async () => {
    process.off('unhandledRejection', unhandled);
    await s3.stop();
  });
  beforeEach(() => {
    s3.reset();
    logged.mockReset();
    baseline = activeHandles();
    clients = new S3ClientCache({ timeouts: { connectMs: IDLE_MS, idleMs: IDLE_MS } });
    endpoint = s3.endpoint;
    handle = createUploadHandler({
      resolveTenant: (): Connection => ({
        bucket: 'lab-uploads',
        region: 'eu-central-1',
        endpoint,
        credentials: {
          accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
          secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        },
        prefix: 'acme',
      }),
      multipartThreshold: 6 * MiB,
      // The misbehaving endpoint runs on this machine.
      allowEndpoint: (url) => url.hostname === '127.0.0.1',
      clients,
      logger: { info: logged, warn: logged, error: logged },
    });
  });
  afterEach(async () => {
    clients.clear();
    expect(await leakedHandles(baseline, 3_000)).toEqual({});
    expect(unhandled).not.toHaveBeenCalled();
  });

  const send = (method: string, path: string, json: unknown): Promise<Response> =>
    handle(
      new Request(`http://app.test${path}`, {
        method,
        ...(json === undefined ? {} : { body: JSON.stringify(json), headers: { 'content-type': 'application/json' } }),
      }),
      {},
    );

  describe.each(routes)('%s', (_route, method, path, json) => {
    it.each(faults)('answers the code of the failure when S3 %s', async (_case, fault, code) => {
      if (fault === 'refused') endpoint = refused;
      else s3.behave(() => fault);
      const started = performance.now();
      const response = await send(method, path, json);
      expect(performance.now() - started).toBeLessThan(BOUND_MS);
      expect(response.status).toBe(ERROR_STATUS[code]);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const body = (await response.json()) as { error: { code: string; message: string; hint: string } };
      expect(body.error).toEqual({ code, message: expect.any(String), hint: expect.any(String) });
      if (fault !== 'refused') expect(s3.requests).toHaveLength(3);
      // The failure is logged once, as an error with its code; nothing of it reaches the client but the code.
      expect(logged).toHaveBeenCalledTimes(1);
      expect(logged.mock.calls[0]?.[0]).toMatchObject({ status: ERROR_STATUS[code], code });
      expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|ECONN|TimeoutError|InternalError/);
    });
  });

  it('completes through the route once S3 recovers from a failed completion', async () => {
    const created = await send('POST', '/s3/multipart', { filename: 'cbct.zip', type: 'application/zip' });
    const { key, uploadId } = (await created.json()) as { key: string; uploadId: string };
    const signed = await send(
      'GET',
      `/s3/multipart/${encodeURIComponent(uploadId)}/1?key=${encodeURIComponent(key)}`,
      undefined,
    );
    const { url } = (await signed.json()) as { url: string };
    const part = await fetch(url, { method: 'PUT', body: 'part one', headers: { connection: 'close' } });
    const parts = [{ PartNumber: 1, ETag: part.headers.get('etag') ?? '' }];
    const complete = `/s3/multipart/${encodeURIComponent(uploadId)}/complete?key=${encodeURIComponent(key)}`;

    s3.behave((request) =>
      request.operation === 'CompleteMultipartUpload' ? { errorAfter200: 'InternalError' } : undefined,
    );
    const failed = await send('POST', complete, { parts });
    expect(failed.status).toBe(503);
    expect(((await failed.json()) as { error: { code: string } }).error.code).toBe('S3_SERVER_ERROR');

    s3.behave(undefined);
    const done = await send('POST', complete, { parts });
    expect(done.status).toBe(200);
    expect(await done.json()).toEqual({
      location: expect.stringContaining('/lab-uploads/acme/'),
      key,
      bucket: 'lab-uploads',
    });
    expect(s3.openUploads()).toEqual([]);
  });

  it('POST /connection/verify answers 200 with the failed checks when S3 answers 500', async () => {
    s3.behave(() => ({ status: 500, body: s3ErrorXml('InternalError') }));
    const response = await send('POST', '/connection/verify', undefined);
    expect(response.status).toBe(200);
    const result = (await response.json()) as {
      status: string;
      checks: { id: string; status: string; code: string }[];
    };
    expect(result.status).toBe('failed');
    expect(result.checks.find((check) => check.id === 'bucket')).toMatchObject({
      status: 'fail',
      code: 'S3_SERVER_ERROR',
    });
  });
});
