// A real sos server (Express + @sos/express) in front of the embedded S3
// server, on free ports of 127.0.0.1, and a fetch that records, and may
// disturb, every request the client makes.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AbortMultipartUploadCommand, GetObjectCommand, ListPartsCommand, S3Client } from '@aws-sdk/client-s3';
import { type Connection, SosError } from '@sos/core';
import { createSosRouter, type SosRouterOptions } from '@sos/express';
import { type LocalS3, startLocalS3 } from '@sos/local-s3';
import express from 'express';

export const MiB = 1024 * 1024;

/** Random bytes as a File: no two tests share content by accident. */
export function randomFile(name: string, size: number, type = 'application/octet-stream'): File {
  return new File([randomBytes(size)], name, { type, lastModified: 1_700_000_000_000 });
}

export const sha256Hex = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');
export const bytesOf = async (file: Blob): Promise<Buffer> => Buffer.from(await file.arrayBuffer());

/** One request the client made, as seen before it left. */
export interface Recorded {
  /** `sos /uploads`, `sos /uploads/renew`…, `s3 PUT`, `s3 POST`, `s3 part 3`. */
  kind: string;
  url: string;
  method: string;
  headers: Record<string, string>;
  /** The JSON body of a call to the sos server. */
  json?: Record<string, unknown>;
}

/** What a disturbance answers instead of the real server, or `undefined` to let the request through. */
export type Disturb = (
  request: Recorded,
  nth: number,
) => Response | Error | Promise<Response | Error | undefined> | undefined;

/** A fetch that records every request and lets `disturb` fail some (`nth` counts requests of the same kind). */
export function recordingFetch(disturb?: Disturb) {
  const log: Recorded[] = [];
  const counts = new Map<string, number>();
  const fetchFn = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = String(input);
    const parsed = new URL(url);
    const partNumber = parsed.searchParams.get('partNumber');
    const method = init.method ?? 'GET';
    const kind = parsed.pathname.includes('/api/sos/')
      ? `sos ${parsed.pathname.replace(/^.*\/api\/sos/, '')}`
      : partNumber
        ? `s3 part ${partNumber}`
        : `s3 ${method}`;
    const request: Recorded = { kind, url, method, headers: Object.fromEntries(new Headers(init.headers).entries()) };
    if (kind.startsWith('sos') && typeof init.body === 'string') request.json = JSON.parse(init.body);
    log.push(request);
    const nth = (counts.get(kind) ?? 0) + 1;
    counts.set(kind, nth);
    const disturbed = await disturb?.(request, nth);
    if (disturbed instanceof Error) throw disturbed;
    if (disturbed) return disturbed;
    return fetch(request.url, init);
  };
  return {
    fetch: fetchFn as typeof fetch,
    log,
    kinds: () => log.map((request) => request.kind),
    count: (kind: string) => log.filter((request) => request.kind === kind).length,
  };
}

/** Forwards to S3, but refuses AbortMultipartUpload and ListParts (403 AccessDenied) as S3 does for a PutObject-only key. */
async function startPutOnlyProxy(target: string): Promise<{ endpoint: string; close(): Promise<void> }> {
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '';
    if (/[?&]uploadId=/.test(url) && (req.method === 'DELETE' || req.method === 'GET')) {
      req.resume();
      res.writeHead(403, { 'content-type': 'application/xml' });
      res.end(
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
      );
      return;
    }
    const out = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface Harness {
  s3: LocalS3;
  /** The sos routes' base URL, for `createUploader({ endpoint })`. */
  endpoint: string;
  /** The tenant's object, read back with the AWS SDK. */
  readObject(key: string): Promise<Buffer>;
  /** The parts S3 holds for an upload, or the S3 error code (`NoSuchUpload` once aborted). */
  listParts(key: string, uploadId: string): Promise<number[] | string>;
  /** Aborts an upload in parts behind the client's back (as a lifecycle rule would). */
  abortUpload(key: string, uploadId: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the embedded S3 server with bucket `lab`, and Express with the sos
 * router at `/api/sos`. Tenant `a` (the default) writes through S3 directly;
 * tenant `put-only` (header `x-tenant: put-only`) goes through a proxy that
 * refuses to abort, like a PutObject-only key. Files from 6 MiB go up in
 * parts (8 MiB each, the last smaller).
 */
export async function startHarness(options: Partial<SosRouterOptions> = {}): Promise<Harness> {
  const s3 = await startLocalS3({ buckets: ['lab'] });
  const proxy = await startPutOnlyProxy(s3.endpoint);
  const base: Connection = {
    bucket: 'lab',
    region: s3.region,
    credentials: s3.credentials,
    endpoint: s3.endpoint,
    prefix: 'uploads',
  };
  const tenants = new Map<string, Connection>([
    ['a', base],
    ['put-only', { ...base, endpoint: proxy.endpoint }],
  ]);
  const app = express();
  app.use(
    '/api/sos',
    createSosRouter({
      resolveTenant: ({ req }) => {
        const tenant = tenants.get(String(req.get('x-tenant') ?? 'a'));
        if (!tenant) throw new SosError('UNAUTHENTICATED', 'Sign in first.', { hint: 'Log in again.' });
        return tenant;
      },
      rules: { maxFileSize: 100 * MiB, allowedTypes: ['image/*', '.bin', 'text/plain', 'application/octet-stream'] },
      multipartThreshold: 6 * MiB,
      // The embedded S3 server runs on this machine.
      allowEndpoint: (url) => url.hostname === '127.0.0.1',
      allowedMetadata: ['order'],
      ...options,
    }),
  );
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    credentials: s3.credentials,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  return {
    s3,
    endpoint: `${origin}/api/sos`,
    async readObject(key) {
      const object = await client.send(new GetObjectCommand({ Bucket: 'lab', Key: key }));
      return Buffer.from((await object.Body?.transformToByteArray()) ?? []);
    },
    async listParts(key, uploadId) {
      try {
        const listed = await client.send(new ListPartsCommand({ Bucket: 'lab', Key: key, UploadId: uploadId }));
        return (listed.Parts ?? []).map((part) => part.PartNumber ?? 0);
      } catch (error) {
        return (error as Error).name;
      }
    },
    async abortUpload(key, uploadId) {
      await client.send(new AbortMultipartUploadCommand({ Bucket: 'lab', Key: key, UploadId: uploadId }));
    },
    async close() {
      client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await proxy.close();
      await s3.stop();
    },
  };
}

/** An in-memory StateStore that also shows what was written. */
export function memoryStore() {
  const map = new Map<string, string>();
  return {
    map,
    get: (key: string) => map.get(key) ?? null,
    set: (key: string, value: string) => void map.set(key, value),
    delete: (key: string) => void map.delete(key),
  };
}

/** A 503 SlowDown as S3 sends it. */
export const slowDown = (): Response =>
  new Response(
    '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>',
    { status: 503, headers: { 'content-type': 'application/xml' } },
  );

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
