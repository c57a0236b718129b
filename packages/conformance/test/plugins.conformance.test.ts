// Both HTTP plugins end to end against RGW, with two tenants: each a separate
// RGW user with its own put-only policy and its own bucket.
import type { AddressInfo } from 'node:net';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { type Connection, generateUploadPolicy, SosError, type UploadHandlerOptions } from '@sos/core';
import { createSosRouter } from '@sos/express';
import { sosPlugin } from '@sos/fastify';
import express from 'express';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminS3, connectionFor, createBucket, createUser, grantThroughBucketPolicy, s3For, unique } from './rgw';

const MiB = 1024 * 1024;
const tenants = new Map<string, Connection>();

beforeAll(async () => {
  for (const name of ['a', 'b']) {
    const bucket = await createBucket(unique(`sos-tenant-${name}`));
    const policy = generateUploadPolicy({ bucket, prefix: `lab-${name}` });
    const user = await createUser(policy);
    // Form POSTs (Uppy's single uploads) need the same statements in a bucket policy on RGW 16.
    await grantThroughBucketPolicy(bucket, user.uid, policy);
    tenants.set(name, connectionFor(bucket, user, `lab-${name}`));
  }
});

const options: UploadHandlerOptions<unknown> = {
  resolveTenant: ({ request }) => {
    const tenant = tenants.get(request.headers.get('x-tenant') ?? '');
    if (!tenant) throw new SosError('UNAUTHENTICATED', 'Sign in first.');
    return tenant;
  },
  multipartThreshold: 6 * MiB,
  // RGW runs on this machine.
  allowEndpoint: (url) => url.hostname === '127.0.0.1',
};

async function startExpress(
  handlerOptions: UploadHandlerOptions<unknown> = options,
): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const app = express();
  app.use('/api/sos', createSosRouter(handlerOptions));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/sos`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function startFastify(
  handlerOptions: UploadHandlerOptions<unknown> = options,
): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const app = Fastify();
  await app.register(sosPlugin, { ...handlerOptions, prefix: '/api/sos' });
  return { baseUrl: `${await app.listen({ port: 0, host: '127.0.0.1' })}/api/sos`, close: () => app.close() };
}

async function readBack(tenant: Connection, key: string): Promise<Buffer> {
  // On RGW the uploader owns its objects: the tenant's own key reads them back.
  const object = await s3For(tenant.credentials).send(new GetObjectCommand({ Bucket: tenant.bucket, Key: key }));
  return Buffer.from((await object.Body?.transformToByteArray()) ?? []);
}

describe.each([
  ['express', startExpress],
  ['fastify', startFastify],
])('%s against RGW with two tenants', (_name, start) => {
  let server: { baseUrl: string; close(): Promise<void> };
  beforeAll(async () => {
    server = await start();
  });
  afterAll(async () => {
    await server.close();
  });

  const post = (path: string, tenant: string, body: unknown) =>
    fetch(`${server.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'x-tenant': tenant, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('puts each tenant’s file into its own bucket, and RGW refuses a URL pointed at the other', async () => {
    for (const name of ['a', 'b']) {
      const tenant = tenants.get(name) as Connection;
      const response = await post('/uploads', name, { files: [{ name: 'scan.stl', size: 5 }] });
      const { uploads } = (await response.json()) as {
        uploads: { url: string; headers: Record<string, string>; key: string; bucket: string }[];
      };
      const [upload] = uploads;
      expect(upload?.bucket).toBe(tenant.bucket);
      expect((await fetch(upload?.url ?? '', { method: 'PUT', headers: upload?.headers, body: 'solid' })).status).toBe(
        200,
      );
      expect((await readBack(tenant, upload?.key ?? '')).toString()).toBe('solid');
      // RGW stores the signed type and disposition: an opened object downloads.
      const head = await s3For(tenant.credentials).send(
        new HeadObjectCommand({ Bucket: tenant.bucket, Key: upload?.key ?? '' }),
      );
      expect(head.ContentType).toBe('model/stl');
      expect(head.ContentDisposition).toBe('attachment');
      // The same signature cannot be replayed against the other tenant's bucket.
      const other = tenants.get(name === 'a' ? 'b' : 'a') as Connection;
      const redirected = (upload?.url ?? '').replace(`/${tenant.bucket}/`, `/${other.bucket}/`);
      expect((await fetch(redirected, { method: 'PUT', headers: upload?.headers, body: 'solid' })).status).toBe(403);
    }
  });

  it('runs a multipart upload from POST /uploads to completion', async () => {
    const tenant = tenants.get('a') as Connection;
    const size = 6 * MiB + 5;
    const response = await post('/uploads', 'a', { files: [{ name: 'cbct.zip', size }] });
    const { uploads } = (await response.json()) as {
      uploads: {
        method: string;
        key: string;
        uploadId: string;
        parts: { partNumber: number; url: string; start: number; end: number }[];
      }[];
    };
    const [upload] = uploads;
    expect(upload?.method).toBe('MULTIPART');
    const bytes = Buffer.alloc(size, 3);
    const parts = [];
    for (const part of upload?.parts ?? []) {
      const put = await fetch(part.url, { method: 'PUT', body: bytes.subarray(part.start, part.end) });
      expect(put.status).toBe(200);
      parts.push({ PartNumber: part.partNumber, ETag: put.headers.get('etag') ?? '' });
    }
    const done = await post(
      `/s3/multipart/${encodeURIComponent(upload?.uploadId ?? '')}/complete?key=${encodeURIComponent(upload?.key ?? '')}`,
      'a',
      { parts },
    );
    expect(done.status).toBe(200);
    expect((await readBack(tenant, upload?.key ?? '')).equals(bytes)).toBe(true);
  });

  it('renews missing parts by ticket and completes; abort on the put-only key says the parts stay', async () => {
    const tenant = tenants.get('a') as Connection;
    const size = 13 * MiB;
    type Part = { partNumber: number; url: string; start: number; end: number; size: number };
    type Multipart = { key: string; uploadId: string; ticket: string; parts: Part[] };
    const bytes = Buffer.alloc(size, 9);
    const sendPart = async (part: Part) => {
      const put = await fetch(part.url, { method: 'PUT', body: bytes.subarray(part.start, part.end) });
      expect(put.status).toBe(200);
      return { partNumber: part.partNumber, etag: put.headers.get('etag') ?? '' };
    };
    const start = async (): Promise<Multipart> =>
      (
        (await (await post('/uploads', 'a', { files: [{ name: 'cbct.zip', size }] })).json()) as {
          uploads: Multipart[];
        }
      ).uploads[0] as Multipart;

    const upload = await start();
    const first = await sendPart(upload.parts[0] as Part);
    // As after a reload: only part 2 is signed again, with its planned size.
    const renewed = (await (await post('/uploads/renew', 'a', { ticket: upload.ticket, partNumbers: [2] })).json()) as {
      parts: Part[];
    };
    expect(renewed.parts.map((part) => [part.partNumber, part.size])).toEqual([[2, 5 * MiB]]);
    const second = await sendPart(renewed.parts[0] as Part);
    const done = await post('/uploads/complete', 'a', { ticket: upload.ticket, parts: [first, second] });
    expect(done.status).toBe(200);
    expect((await readBack(tenant, upload.key)).equals(bytes)).toBe(true);

    const abandoned = await start();
    await sendPart(abandoned.parts[0] as Part);
    const aborted = await post('/uploads/abort', 'a', { ticket: abandoned.ticket });
    expect(aborted.status).toBe(200);
    expect(await aborted.json()).toMatchObject({
      aborted: false,
      code: 'MULTIPART_PERMISSION_MISSING',
      abortIncompleteAfterDays: 1,
    });
  });

  it('answers Uppy’s form-POST parameters, which RGW accepts', async () => {
    const tenant = tenants.get('b') as Connection;
    const response = await fetch(`${server.baseUrl}/s3/params?filename=photo.png&type=image/png`, {
      headers: { 'x-tenant': 'b' },
    });
    const { url, fields } = (await response.json()) as { url: string; fields: Record<string, string> };
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob(['png'], { type: 'image/png' }));
    expect((await fetch(url, { method: 'POST', body: form })).status).toBeLessThan(300);
    expect((await readBack(tenant, fields.key ?? '')).toString()).toBe('png');
  });

  it('runs the connection check for the tenant: the upload checks pass', async () => {
    const response = await post('/connection/verify', 'b', {});
    const result = (await response.json()) as { checks: { id: string; status: string }[] };
    const statuses = Object.fromEntries(result.checks.map((check) => [check.id, check.status]));
    expect(statuses).toMatchObject({ format: 'pass', bucket: 'pass', write: 'pass', 'presigned-write': 'pass' });
  });
});

describe.each([
  ['express', startExpress],
  ['fastify', startFastify],
])("%s with companionMultipart 'check-on-complete' against RGW", (_name, start) => {
  let server: { baseUrl: string; close(): Promise<void> };
  beforeAll(async () => {
    server = await start({ ...options, rules: { maxFileSize: 10 * MiB }, companionMultipart: 'check-on-complete' });
  });
  afterAll(async () => {
    await server.close();
  });

  const json = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await fetch(`${server.baseUrl}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { 'x-tenant': 'a', 'content-type': 'application/json' },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  /** Uploads parts of these sizes through Companion's routes, then asks to complete. */
  async function uploadInParts(sizes: number[]) {
    const created = await json('/s3/multipart', { body: { filename: 'scan.zip', type: 'application/zip' } });
    const { key, uploadId } = created.body as { key: string; uploadId: string };
    const query = `key=${encodeURIComponent(key)}`;
    const parts = [];
    for (const [index, size] of sizes.entries()) {
      const signed = await json(`/s3/multipart/${encodeURIComponent(uploadId)}/${index + 1}?${query}`);
      const put = await fetch(signed.body.url as string, { method: 'PUT', body: Buffer.alloc(size, index + 1) });
      expect(put.status).toBe(200);
      parts.push({ PartNumber: index + 1, ETag: put.headers.get('etag') ?? '' });
    }
    const done = await json(`/s3/multipart/${encodeURIComponent(uploadId)}/complete?${query}`, { body: { parts } });
    return { key, done };
  }

  it('refuses to complete parts that add up to more than maxFileSize, and stores nothing', async () => {
    // The attack as found: a 12 MiB part 1 and a 6 MiB part 2 under a 10 MiB limit.
    const { key, done } = await uploadInParts([12 * MiB, 6 * MiB]);
    expect(done.status).toBe(413);
    expect((done.body.error as { code: string }).code).toBe('FILE_TOO_LARGE');
    // The admin reads the bucket: a 404, not the tenant's own 403 on a missing object.
    const tenant = tenants.get('a') as Connection;
    await expect(adminS3.send(new HeadObjectCommand({ Bucket: tenant.bucket, Key: key }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
  }, 60_000);

  it('completes parts within the limit, checked against the parts RGW lists', async () => {
    const { key, done } = await uploadInParts([5 * MiB, 2 * MiB]);
    expect(done.status).toBe(200);
    expect((await readBack(tenants.get('a') as Connection, key)).length).toBe(7 * MiB);
  }, 60_000);
});
