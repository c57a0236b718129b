// Server-side S3 calls against an endpoint that misbehaves: they fail with a
// typed code after the SDK's retries, within a bounded time, with no
// unhandled rejection and no socket or timer left behind.
import { UploadPartCommand } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  abortMultipartUpload,
  type Connection,
  completeMultipartUpload,
  createMultipartUpload,
  ERROR_STATUS,
  isSosError,
  listParts,
  putObject,
  S3ClientCache,
  type SosErrorCode,
  verifyConnection,
} from '../../src';
import { type FakeS3, type FakeS3Answer, refusingEndpoint, s3ErrorXml, startFakeS3 } from '../fake-s3';
import { activeHandles, leakedHandles } from './active-handles';

const IDLE_MS = 300;
// Three attempts (the SDK's default), each cut after IDLE_MS of silence, with backoff in between.
const HANG_BOUND_MS = 3 * IDLE_MS + 5_000;
const MiB = 1024 * 1024;

const credentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const connectionTo = (endpoint: string): Connection => ({
  bucket: 'lab-uploads',
  region: 'eu-central-1',
  endpoint,
  credentials,
  prefix: 'acme',
});

const internalError: FakeS3Answer = {
  status: 500,
  body: s3ErrorXml('InternalError', 'We encountered an internal error.'),
};
const slowDown: FakeS3Answer = { status: 503, body: s3ErrorXml('SlowDown', 'Please reduce your request rate.') };

/** Runs `work`, which must reject with a SosError; returns its code and how long it took. */
async function failure(work: () => Promise<unknown>): Promise<{ code: SosErrorCode; ms: number }> {
  const started = performance.now();
  const error = await work().then(
    () => new Error('expected a failure'),
    (reason: unknown) => reason,
  );
  if (!isSosError(error)) throw error;
  expect(error.status).toBe(ERROR_STATUS[error.code]);
  expect(error.hint).toEqual(expect.any(String));
  return { code: error.code, ms: performance.now() - started };
}

describe('server-side S3 calls against a misbehaving endpoint', { timeout: 30_000 }, () => {
  let s3: FakeS3;
  let clients: S3ClientCache;
  let connection: Connection;
  let baseline: Record<string, number>;
  let settleMs: number;
  const unhandled = vi.fn();

  beforeAll(async () => {
    process.on('unhandledRejection', unhandled);
    s3 = await startFakeS3();
    connection = connectionTo(s3.endpoint);
  });
  afterAll(async () => {
    process.off('unhandledRejection', unhandled);
    await s3.stop();
  });
  beforeEach(() => {
    s3.reset();
    baseline = activeHandles();
    settleMs = 3_000;
    clients = new S3ClientCache({ timeouts: { connectMs: IDLE_MS, idleMs: IDLE_MS } });
  });
  afterEach(async () => {
    clients.clear();
    expect(await leakedHandles(baseline, settleMs)).toEqual({});
    expect(unhandled).not.toHaveBeenCalled();
  });

  const key = 'acme/2026/scan.dcm';
  const operations: [string, () => Promise<unknown>][] = [
    [
      'createMultipartUpload',
      () => createMultipartUpload({ connection, key, contentType: 'application/dicom', clients }),
    ],
    [
      'completeMultipartUpload',
      () =>
        completeMultipartUpload({ connection, key, uploadId: 'u-1', parts: [{ partNumber: 1, etag: '"a"' }], clients }),
    ],
    ['listParts', () => listParts({ connection, key, uploadId: 'u-1', clients })],
    ['abortMultipartUpload', () => abortMultipartUpload({ connection, key, uploadId: 'u-1', clients })],
    [
      'putObject',
      () => putObject({ connection, key, body: 'order.pdf bytes', contentType: 'application/pdf', clients }),
    ],
  ];

  describe.each(operations)('%s', (_name, operation) => {
    it('fails with S3_SERVER_ERROR after three attempts when S3 answers 500', async () => {
      s3.behave(() => internalError);
      const { code } = await failure(operation);
      expect(code).toBe('S3_SERVER_ERROR');
      expect(s3.requests).toHaveLength(3);
    });

    it('fails with S3_SERVER_ERROR after three attempts when S3 answers 503 SlowDown', async () => {
      s3.behave(() => slowDown);
      const { code } = await failure(operation);
      expect(code).toBe('S3_SERVER_ERROR');
      expect(s3.requests).toHaveLength(3);
    });

    it('fails with S3_TIMEOUT, within a bounded time, when S3 accepts and never answers', async () => {
      s3.behave(() => 'hang');
      const { code, ms } = await failure(operation);
      expect(code).toBe('S3_TIMEOUT');
      expect(s3.requests).toHaveLength(3);
      expect(ms).toBeLessThan(HANG_BOUND_MS);
    });

    it('fails with S3_CONNECTION_REFUSED when nothing listens on the endpoint', async () => {
      connection = connectionTo(await refusingEndpoint());
      try {
        const { code, ms } = await failure(operation);
        expect(code).toBe('S3_CONNECTION_REFUSED');
        expect(ms).toBeLessThan(HANG_BOUND_MS);
      } finally {
        connection = connectionTo(s3.endpoint);
      }
    });

    it('fails with S3_CONNECTION_REFUSED when the connection is reset', async () => {
      s3.behave(() => 'reset');
      const { code } = await failure(operation);
      expect(code).toBe('S3_CONNECTION_REFUSED');
      expect(s3.requests).toHaveLength(3);
    });
  });

  it('recovers when only the first attempt fails: the retry succeeds', async () => {
    s3.behave((_request, attempt) => (attempt === 1 ? internalError : undefined));
    const upload = await createMultipartUpload({ connection, key, contentType: 'application/dicom', clients });
    expect(upload.uploadId).toMatch(/^fake-/);
    expect(s3.count('CreateMultipartUpload')).toBe(2);
  });

  describe('a multipart completion that fails half way', () => {
    async function uploadedParts(): Promise<{ uploadId: string; parts: { partNumber: number; etag: string }[] }> {
      const { uploadId } = await createMultipartUpload({ connection, key, contentType: 'application/dicom', clients });
      const parts = [];
      for (const partNumber of [1, 2]) {
        const { ETag } = await clients.get(connection).send(
          new UploadPartCommand({
            Bucket: 'lab-uploads',
            Key: key,
            UploadId: uploadId,
            PartNumber: partNumber,
            Body: `part ${partNumber}`,
          }),
        );
        parts.push({ partNumber, etag: ETag ?? '' });
      }
      return { uploadId, parts };
    }

    it.each<[string, FakeS3Answer, SosErrorCode]>([
      ['S3 answers 500', internalError, 'S3_SERVER_ERROR'],
      ['S3 answers 200, then an error in the body', { errorAfter200: 'InternalError' }, 'S3_SERVER_ERROR'],
      ['the connection is reset', 'reset', 'S3_CONNECTION_REFUSED'],
      ['S3 never answers', 'hang', 'S3_TIMEOUT'],
    ])('when %s: a typed error, the upload still open, and completing again works', async (_case, fault, expected) => {
      const { uploadId, parts } = await uploadedParts();
      s3.behave((request) => (request.operation === 'CompleteMultipartUpload' ? fault : undefined));
      const { code, ms } = await failure(() => completeMultipartUpload({ connection, key, uploadId, parts, clients }));
      expect(code).toBe(expected);
      expect(ms).toBeLessThan(HANG_BOUND_MS);
      expect(s3.count('CompleteMultipartUpload')).toBe(3);
      expect(s3.openUploads()).toContain(uploadId);

      s3.behave(undefined);
      const done = await completeMultipartUpload({ connection, key, uploadId, parts, clients });
      expect(done.etag).toMatch(/-2"$/);
      expect(s3.openUploads()).not.toContain(uploadId);
    });

    it('putObject: a part that keeps failing rejects with the part’s error and aborts the upload', async () => {
      s3.behave((request) =>
        request.operation === 'UploadPart' && request.query.get('partNumber') === '2' ? internalError : undefined,
      );
      const body = Buffer.alloc(11 * MiB, 1);
      const { code } = await failure(() =>
        putObject({
          connection,
          key,
          body,
          contentType: 'application/dicom',
          partSize: 5 * MiB,
          queueSize: 1,
          clients,
        }),
      );
      expect(code).toBe('S3_SERVER_ERROR');
      expect(s3.count('CreateMultipartUpload')).toBe(1);
      expect(s3.count('AbortMultipartUpload')).toBe(1);
      expect(s3.count('CompleteMultipartUpload')).toBe(0);
      expect(s3.openUploads()).toEqual([]);
    });
  });

  describe('verifyConnection', () => {
    // Probes without keep-alive, so that the pooled sockets of the global fetch do not read as leaks.
    const fetchOnce: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set('connection', 'close');
      return fetch(input, { ...init, headers });
    };

    it.each<[string, FakeS3Answer | 'refused', SosErrorCode]>([
      ['answers 500', internalError, 'S3_SERVER_ERROR'],
      ['never answers', 'hang', 'S3_TIMEOUT'],
      ['refuses connections', 'refused', 'S3_CONNECTION_REFUSED'],
    ])(
      'reports the failed bucket check, never throws, and stays within its timeout when S3 %s',
      async (_case, fault, expected) => {
        // After an aborted request, the runtime's fetch (undici) opens a spare connection and closes it
        // after its 4 s keep-alive timeout: wait that long before calling anything a leak.
        settleMs = 5_000;
        const target = fault === 'refused' ? connectionTo(await refusingEndpoint()) : connection;
        if (fault !== 'refused') s3.behave(() => fault);
        const started = performance.now();
        const result = await verifyConnection(target, {
          timeoutMs: 1_500,
          origins: ['https://app.example.com'],
          fetch: fetchOnce,
          allowEndpoint: (url) => url.hostname === '127.0.0.1',
        });
        expect(performance.now() - started).toBeLessThan(4_500);
        expect(result.status).toBe('failed');
        const status = Object.fromEntries(result.checks.map((check) => [check.id, [check.status, check.code]]));
        expect(status.bucket).toEqual(['fail', expected]);
        expect(status.write).toEqual(['skip', 'CHECK_SKIPPED']);
        expect(JSON.stringify(result)).not.toContain(credentials.secretAccessKey);
      },
    );
  });
});
