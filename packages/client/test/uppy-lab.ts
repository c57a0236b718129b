// The servers the Uppy plugin's tests upload to: the embedded S3 server behind
// a proxy that records (and can refuse or fail) every request, and an Express
// app that mounts `@sos/express` and records every request to the sos routes.
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetObjectCommand, HeadObjectCommand, ListPartsCommand, S3Client } from '@aws-sdk/client-s3';
import type { Connection } from '@sos/core';
import { createSosRouter } from '@sos/express';
import { type LocalS3, startLocalS3 } from '@sos/local-s3';
import express from 'express';

const MiB = 1024 * 1024;

/** One request as a proxy or the app saw it: `PUT /bucket/key?partNumber=2&uploadId=…`. */
export interface SeenRequest {
  method: string;
  url: string;
}

/** Decides how the proxy answers a request: forward it, or answer with this status and S3 XML error code. */
export type Interfere = (request: SeenRequest) => { status: number; code: string } | undefined;

interface S3Proxy {
  endpoint: string;
  requests: SeenRequest[];
  interfere: Interfere | undefined;
  close(): Promise<void>;
}

/** A proxy in front of the S3 server that records each request and lets a test answer some itself. */
async function startS3Proxy(target: string, refuse?: Interfere): Promise<S3Proxy> {
  const upstream = new URL(target);
  const proxy: S3Proxy = {
    endpoint: '',
    requests: [],
    interfere: undefined,
    close: async () => {},
  };
  const server: Server = createServer((req, res) => {
    const seen = { method: req.method ?? '', url: req.url ?? '' };
    proxy.requests.push(seen);
    const answer = refuse?.(seen) ?? proxy.interfere?.(seen);
    if (answer) {
      req.resume();
      res.writeHead(answer.status, { 'content-type': 'application/xml' });
      res.end(`<?xml version="1.0"?><Error><Code>${answer.code}</Code><Message>${answer.code}</Message></Error>`);
      return;
    }
    const out = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (upstreamAnswer) => {
        res.writeHead(upstreamAnswer.statusCode ?? 502, upstreamAnswer.headers);
        upstreamAnswer.pipe(res);
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}

/** ListParts (GET) and AbortMultipartUpload (DELETE) refused as S3 refuses them to a PutObject-only key. */
const putOnly: Interfere = ({ method, url }) =>
  /[?&]uploadId=/.test(url) && (method === 'GET' || method === 'DELETE')
    ? { status: 403, code: 'AccessDenied' }
    : undefined;

/** Whether a request to S3 is ListParts: a GET on an upload ID. */
export const isListParts = ({ method, url }: SeenRequest): boolean => method === 'GET' && /[?&]uploadId=/.test(url);

/** The running lab: where the sos routes are, what reached them and S3, and the bucket's contents. */
export interface UppyLab {
  /** The sos routes' URL, for the plugin's `endpoint`. */
  endpoint: string;
  bucket: string;
  abortIncompleteAfterDays: number;
  /** Requests to the sos routes, paths relative to `endpoint`. */
  sosRequests: SeenRequest[];
  /** Requests that reached S3 for the tenant `lab` (the one with every right). */
  s3: S3Proxy;
  /** Requests that reached S3 for the tenant `put-only` (no ListParts, no AbortMultipartUpload). */
  s3PutOnly: S3Proxy;
  read(key: string): Promise<Buffer>;
  head(key: string): Promise<{ contentType?: string; metadata: Record<string, string> }>;
  /** The part numbers S3 holds for an unfinished upload; throws `NoSuchUpload` when it was aborted. */
  listParts(key: string, uploadId: string): Promise<number[]>;
  close(): Promise<void>;
}

/**
 * Starts the lab: tenant `lab` and tenant `put-only` (chosen with the
 * `x-tenant` header) share one bucket; files from 5 MiB on go up in 8 MiB
 * parts; images, zips and text are accepted up to 64 MiB; `order` is the
 * one metadata field kept.
 */
export async function startUppyLab(): Promise<UppyLab> {
  const bucket = 'uppy-lab';
  const abortIncompleteAfterDays = 2;
  const local: LocalS3 = await startLocalS3({ buckets: [bucket] });
  const s3 = await startS3Proxy(local.endpoint);
  const s3PutOnly = await startS3Proxy(local.endpoint, putOnly);
  const base = { region: local.region, credentials: local.credentials, bucket, prefix: 'uppy' };
  const tenants: Record<string, Connection> = {
    lab: { ...base, endpoint: s3.endpoint },
    'put-only': { ...base, endpoint: s3PutOnly.endpoint },
  };

  const sosRequests: SeenRequest[] = [];
  const app = express();
  app.use('/api/upload', (req, _res, next) => {
    sosRequests.push({ method: req.method, url: req.url });
    next();
  });
  app.use(
    '/api/upload',
    createSosRouter({
      resolveTenant: ({ req }) => tenants[req.get('x-tenant') ?? 'lab'] as Connection,
      rules: { maxFileSize: 64 * MiB, allowedTypes: ['image/*', '.zip', 'text/plain'] },
      multipartThreshold: 5 * MiB,
      allowedMetadata: ['order'],
      abortIncompleteAfterDays,
      allowEndpoint: (url) => url.hostname === '127.0.0.1',
    }),
  );
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const client = new S3Client({
    endpoint: local.endpoint,
    region: local.region,
    credentials: local.credentials,
    forcePathStyle: true,
  });
  return {
    endpoint: `${origin}/api/upload`,
    bucket,
    abortIncompleteAfterDays,
    sosRequests,
    s3,
    s3PutOnly,
    read: async (key) => {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return Buffer.from((await object.Body?.transformToByteArray()) ?? []);
    },
    head: async (key) => {
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return {
        ...(head.ContentType !== undefined && { contentType: head.ContentType }),
        metadata: head.Metadata ?? {},
      };
    },
    listParts: async (key, uploadId) => {
      const listed = await client.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
      return (listed.Parts ?? []).map((part) => part.PartNumber ?? 0);
    },
    close: async () => {
      client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await s3.close();
      await s3PutOnly.close();
      await local.stop();
    },
  };
}
