// The HTTP contract every adapter must honour, run by each adapter's tests
// against a real server listening on port 0, with two tenants in two buckets.
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { type LocalS3, startLocalS3 } from '@sos/local-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Connection, createS3Client, SosError, type UploadHandlerOptions } from '../src';

/** A running server with the sos routes mounted at `baseUrl`. */
export interface MountedServer {
  baseUrl: string;
  close(): Promise<void>;
}

/** Starts a real server with the adapter mounted; `options` are the core handler's. */
export type StartServer = (options: UploadHandlerOptions<unknown>) => Promise<MountedServer>;

/** What differs between mounts. */
export interface ContractOptions {
  /**
   * The host app parses JSON before the sos routes (`express.json()` first), so
   * malformed JSON is refused by the host's parser, with its status but not the sos format.
   */
  hostParsesJson?: boolean;
  /** The framework refuses malformed percent-encoding in the path itself (Fastify: 400 in its own format). */
  hostRejectsMalformedPaths?: boolean;
}

const MiB = 1024 * 1024;
type Json = Record<string, unknown>;
type ErrorBody = { error: { code: string; message: string; hint?: string } };

export function describeUploadContract(
  adapter: string,
  startServer: StartServer,
  contract: ContractOptions = {},
): void {
  describe(`${adapter}: the sos upload routes`, () => {
    let s3: LocalS3;
    let server: MountedServer;
    const tenants = new Map<string, Connection>();
    const signed: { tenant: string; key: string }[] = [];

    beforeAll(async () => {
      s3 = await startLocalS3({ buckets: ['lab-a', 'lab-b'] });
      const keyB = s3.createAccessKey();
      tenants.set('a', {
        bucket: 'lab-a',
        region: s3.region,
        credentials: s3.credentials,
        endpoint: s3.endpoint,
        prefix: 'tenant-a',
      });
      tenants.set('b', {
        bucket: 'lab-b',
        region: s3.region,
        credentials: keyB,
        endpoint: s3.endpoint,
        prefix: 'tenant-b',
      });
      server = await startServer({
        resolveTenant: ({ request }) => {
          const tenant = tenants.get(request.headers.get('x-tenant') ?? '');
          if (!tenant) throw new SosError('UNAUTHENTICATED', 'Sign in first.', { hint: 'Log in again.' });
          return tenant;
        },
        authorize: ({ request }, action) => request.headers.get('x-deny') !== action,
        rules: { maxFileSize: 50 * MiB, allowedTypes: ['image/*', '.stl', '.zip', 'text/plain'], maxFiles: 5 },
        multipartThreshold: 6 * MiB,
        // Companion's multipart protocol as such; its refusal under maxFileSize is covered by signing-hardening.
        companionMultipart: 'unbounded',
        // The embedded S3 server runs on this machine.
        allowEndpoint: (url) => url.hostname === '127.0.0.1',
        allowedMetadata: ['order'],
        onUploadSigned: ({ request }, event) => {
          signed.push({ tenant: request.headers.get('x-tenant') ?? '', key: event.key });
        },
      });
    });
    afterAll(async () => {
      await server?.close();
      await s3?.stop();
    });

    const call = (path: string, init: RequestInit & { tenant?: string; json?: unknown } = {}): Promise<Response> => {
      const { tenant = 'a', json, headers, ...rest } = init;
      return fetch(`${server.baseUrl}${path}`, {
        ...rest,
        headers: {
          'x-tenant': tenant,
          ...(json === undefined ? {} : { 'content-type': 'application/json' }),
          ...(headers as Record<string, string> | undefined),
        },
        ...(json === undefined ? {} : { body: typeof json === 'string' ? json : JSON.stringify(json) }),
      });
    };
    const callJson = async (
      path: string,
      init: Parameters<typeof call>[1] = {},
    ): Promise<{ status: number; body: Json }> => {
      const response = await call(path, init);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      return { status: response.status, body: (await response.json()) as Json };
    };
    const expectError = async (path: string, init: Parameters<typeof call>[1], status: number, code: string) => {
      const response = await call(path, init);
      expect(response.status).toBe(status);
      if (contract.hostParsesJson && code === 'INVALID_JSON') return;
      if (contract.hostRejectsMalformedPaths && path.includes('%E0%A4%A/')) return;
      const body = (await response.json()) as ErrorBody;
      expect(body.error.code).toBe(code);
      expect(body.error.message).toEqual(expect.any(String));
      expect(JSON.stringify(body)).not.toMatch(/\bat .*\.(ts|js):\d+|node_modules/);
    };
    const readObject = async (bucket: string, key: string): Promise<Buffer> => {
      const object = await createS3Client(tenants.get('a') as Connection).send(
        new GetObjectCommand({ Bucket: bucket, Key: key }),
      );
      return Buffer.from((await object.Body?.transformToByteArray()) ?? []);
    };

    describe('POST /uploads', () => {
      it('signs one exact-size PUT per file, inside the tenant prefix, that S3 accepts', async () => {
        const { status, body } = await callJson('/uploads', {
          method: 'POST',
          json: {
            files: [
              { name: 'scan.stl', size: 5 },
              { name: '../../etc/notes.txt', type: 'text/plain', size: 3 },
            ],
          },
        });
        expect(status).toBe(200);
        const uploads = body.uploads as {
          method: string;
          url: string;
          headers: Record<string, string>;
          key: string;
          bucket: string;
        }[];
        expect(uploads.map((upload) => [upload.method, upload.bucket])).toEqual([
          ['PUT', 'lab-a'],
          ['PUT', 'lab-a'],
        ]);
        for (const upload of uploads) {
          expect(upload.key.startsWith('tenant-a/')).toBe(true);
          expect(upload.key.split('/')).not.toContain('..');
        }
        expect(uploads[1]?.key).toMatch(/\/notes\.txt$/);
        const [first] = uploads;
        const put = await fetch(first?.url ?? '', { method: 'PUT', headers: first?.headers, body: 'solid' });
        expect(put.status).toBe(200);
        expect((await readObject('lab-a', first?.key ?? '')).toString()).toBe('solid');
        const wrongSize = await fetch(first?.url ?? '', { method: 'PUT', headers: first?.headers, body: 'solid!' });
        expect(wrongSize.status).toBe(403);
      });

      it('hands out a multipart upload with every part for a large file, completed through /s3/multipart/…/complete', async () => {
        const size = 6 * MiB + 10;
        const { body } = await callJson('/uploads', { method: 'POST', json: { files: [{ name: 'cbct.zip', size }] } });
        const [upload] = body.uploads as {
          method: string;
          key: string;
          uploadId: string;
          parts: { partNumber: number; url: string; headers: Record<string, string>; start: number; end: number }[];
        }[];
        expect(upload?.method).toBe('MULTIPART');
        const bytes = Buffer.alloc(size, 7);
        const etags = [];
        for (const part of upload?.parts ?? []) {
          const response = await fetch(part.url, {
            method: 'PUT',
            headers: part.headers,
            body: bytes.subarray(part.start, part.end),
          });
          expect(response.status).toBe(200);
          etags.push({ PartNumber: part.partNumber, ETag: response.headers.get('etag') ?? '' });
        }
        const done = await callJson(
          `/s3/multipart/${encodeURIComponent(upload?.uploadId ?? '')}/complete?key=${encodeURIComponent(upload?.key ?? '')}`,
          { method: 'POST', json: { parts: etags } },
        );
        expect(done.status).toBe(200);
        expect(done.body).toEqual({
          location: expect.stringContaining('/lab-a/tenant-a/'),
          key: upload?.key,
          bucket: 'lab-a',
        });
        expect((await readObject('lab-a', upload?.key ?? '')).equals(bytes)).toBe(true);
      });

      it.each([
        ['a file over maxFileSize', { files: [{ name: 'big.zip', size: 51 * MiB }] }, 413, 'FILE_TOO_LARGE'],
        ['a refused type', { files: [{ name: 'run.exe', size: 10 }] }, 415, 'FILE_TYPE_NOT_ALLOWED'],
        [
          'too many files',
          { files: Array.from({ length: 6 }, (_, i) => ({ name: `${i}.png`, size: 1 })) },
          400,
          'TOO_MANY_FILES',
        ],
        ['a missing files list', {}, 400, 'INVALID_INPUT'],
        ['a size that is not a number', { files: [{ name: 'a.png', size: '12' }] }, 400, 'INVALID_INPUT'],
        ['an empty files list', { files: [] }, 400, 'INVALID_INPUT'],
        ['malformed JSON', '{"files": [', 400, 'INVALID_JSON'],
        ['an oversized body', { files: [{ name: 'a'.repeat(70_000), size: 1 }] }, 413, 'BODY_TOO_LARGE'],
      ])('refuses %s before signing anything', async (_case, json, status, code) => {
        const before = signed.length;
        await expectError('/uploads', { method: 'POST', json }, status, code);
        expect(signed.length).toBe(before);
      });
    });

    describe('Uppy Companion’s S3 protocol', () => {
      it('GET /s3/params answers a presigned POST form that S3 accepts', async () => {
        const { status, body } = await callJson(
          '/s3/params?filename=photo.png&type=image/png&metadata[order]=42&metadata[name]=photo.png',
        );
        expect(status).toBe(200);
        expect(body).toEqual({
          method: 'POST',
          url: expect.stringContaining('/lab-a'),
          fields: expect.any(Object),
          expires: 900,
        });
        const fields = body.fields as Record<string, string>;
        expect(fields.key?.startsWith('tenant-a/')).toBe(true);
        expect(fields['x-amz-meta-order']).toBe('42');
        expect(fields['x-amz-meta-name']).toBeUndefined();
        const form = new FormData();
        for (const [name, value] of Object.entries(fields)) form.append(name, value);
        form.append('file', new Blob(['png bytes'], { type: 'image/png' }));
        const posted = await fetch(String(body.url), { method: 'POST', body: form });
        expect(posted.status).toBeLessThan(300);
        expect((await readObject('lab-a', fields.key ?? '')).toString()).toBe('png bytes');
      });

      it('runs a multipart upload: create, sign one part and a batch, complete', async () => {
        const created = await callJson('/s3/multipart', {
          method: 'POST',
          json: { filename: 'jaw.stl', type: 'model/stl', metadata: { order: '7' } },
        });
        expect(created.body).toEqual({
          key: expect.stringMatching(/^tenant-a\/.*jaw\.stl$/),
          uploadId: expect.any(String),
          bucket: 'lab-a',
        });
        const { key, uploadId } = created.body as { key: string; uploadId: string };
        const query = `key=${encodeURIComponent(key)}`;
        const one = await callJson(`/s3/multipart/${encodeURIComponent(uploadId)}/1?${query}`);
        expect(one.body).toEqual({ url: expect.any(String), expires: 900 });
        const batch = await callJson(`/s3/multipart/${encodeURIComponent(uploadId)}/batch?${query}&partNumbers=2`);
        expect(Object.keys((batch.body as { presignedUrls: Json }).presignedUrls)).toEqual(['2']);
        const urls = [String(one.body.url), String((batch.body.presignedUrls as Json)['2'])];
        const parts = [Buffer.alloc(5 * MiB, 1), Buffer.from('tail')];
        const etags = [];
        for (const [index, url] of urls.entries()) {
          const response = await fetch(url, { method: 'PUT', body: parts[index] });
          etags.push({ PartNumber: index + 1, ETag: response.headers.get('etag') ?? '' });
        }
        const done = await callJson(`/s3/multipart/${encodeURIComponent(uploadId)}/complete?${query}`, {
          method: 'POST',
          json: { parts: etags },
        });
        expect(done.body).toEqual({
          location: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/lab-a\/tenant-a\//),
          key,
          bucket: 'lab-a',
        });
        expect((await readObject('lab-a', key)).equals(Buffer.concat(parts))).toBe(true);
      });

      it('lists the uploaded parts, aborts, and then answers NO_SUCH_UPLOAD for the aborted upload', async () => {
        const created = await callJson('/s3/multipart', {
          method: 'POST',
          json: { filename: 'x.zip', type: 'application/zip' },
        });
        const { key, uploadId } = created.body as { key: string; uploadId: string };
        const query = `key=${encodeURIComponent(key)}`;
        const signedPart = await callJson(`/s3/multipart/${encodeURIComponent(uploadId)}/1?${query}`);
        const put = await fetch(String(signedPart.body.url), { method: 'PUT', body: 'first part' });
        expect(put.status).toBe(200);

        const path = `/s3/multipart/${encodeURIComponent(uploadId)}?${query}`;
        const listed = await callJson(path);
        expect(listed).toEqual({
          status: 200,
          body: [{ PartNumber: 1, ETag: put.headers.get('etag'), Size: 'first part'.length }],
        });
        const aborted = await call(path, { method: 'DELETE' });
        expect(aborted.status).toBe(200);
        await expectError(path, {}, 404, 'NO_SUCH_UPLOAD');
        await expectError(path, { method: 'DELETE' }, 404, 'NO_SUCH_UPLOAD');
      });

      it.each([
        ['/s3/params', {}, 400, 'INVALID_INPUT'],
        ['/s3/params?filename=virus.exe', {}, 415, 'FILE_TYPE_NOT_ALLOWED'],
        ['/s3/multipart', { method: 'POST', json: { type: 'image/png' } }, 400, 'INVALID_INPUT'],
        ['/s3/multipart/u1/1', {}, 400, 'INVALID_INPUT'],
        ['/s3/multipart/u1/0?key=tenant-a/x', {}, 400, 'INVALID_INPUT'],
        ['/s3/multipart/u1/10001?key=tenant-a/x', {}, 400, 'INVALID_INPUT'],
        ['/s3/multipart/u1/abc?key=tenant-a/x', {}, 400, 'INVALID_INPUT'],
        ['/s3/multipart/u1/batch?key=tenant-a/x', {}, 400, 'INVALID_INPUT'],
        ['/s3/multipart/u1/batch?key=tenant-a/x&partNumbers=1,x', {}, 400, 'INVALID_INPUT'],
        ['/s3/multipart/u1/complete?key=tenant-a/x', { method: 'POST', json: { parts: 'all' } }, 400, 'INVALID_INPUT'],
        ['/s3/multipart/u1/complete?key=tenant-a/x', { method: 'POST', json: '[' }, 400, 'INVALID_JSON'],
        ['/s3/multipart/%E0%A4%A/1?key=tenant-a/x', {}, 400, 'INVALID_INPUT'],
      ])('answers %s with %i %s', async (path, init, status, code) => {
        await expectError(path, init as Parameters<typeof call>[1], status, code);
      });
    });

    describe('tenant routes', () => {
      it('POST /connection/verify runs the live check for the tenant, without the secret', async () => {
        const response = await call('/connection/verify', { method: 'POST', headers: { origin: 'http://app.test' } });
        const text = await response.text();
        expect(response.status).toBe(200);
        expect(JSON.parse(text)).toMatchObject({
          status: expect.stringMatching(/ok|degraded|failed/),
          checks: expect.any(Array),
        });
        expect(JSON.parse(text).checks.find((check: { id: string }) => check.id === 'write').status).toBe('pass');
        expect(text).not.toContain(s3.credentials.secretAccessKey);
      });

      it('GET /setup answers the tenant’s policy and lifecycle documents, and no CORS rule without origins', async () => {
        const { body } = await callJson('/setup', { headers: { origin: 'https://orders.example.com' } });
        expect(JSON.stringify(body.policy)).toContain('arn:aws:s3:::lab-a/tenant-a/*');
        expect(JSON.stringify(body.multipartPolicy)).toContain('s3:AbortMultipartUpload');
        // The request's Origin is not the app's configuration (see http-hardening-contract).
        expect(body.cors).toBeNull();
        expect(body.corsWarnings).toEqual([expect.objectContaining({ code: 'CORS_ORIGINS_NOT_CONFIGURED' })]);
        expect(body.lifecycle).toMatchObject({ Rules: expect.any(Array) });
      });
    });

    describe('errors and access', () => {
      it('answers an unknown route with 404, a wrong method with 405 and an Allow header', async () => {
        await expectError('/nowhere', {}, 404, 'ROUTE_NOT_FOUND');
        const wrong = await call('/uploads');
        expect(wrong.status).toBe(405);
        expect(wrong.headers.get('allow')).toBe('POST');
        expect(((await wrong.json()) as ErrorBody).error.code).toBe('METHOD_NOT_ALLOWED');
      });

      it('refuses a request without a tenant (401) and an action authorize denies (403)', async () => {
        await expectError(
          '/uploads',
          { method: 'POST', tenant: 'nobody', json: { files: [{ name: 'a.png', size: 1 }] } },
          401,
          'UNAUTHENTICATED',
        );
        await expectError(
          '/uploads',
          { method: 'POST', headers: { 'x-deny': 'upload:sign' }, json: { files: [{ name: 'a.png', size: 1 }] } },
          403,
          'FORBIDDEN',
        );
      });

      it('never sends a secret, and never caches an answer', async () => {
        const response = await call('/uploads', { method: 'POST', json: { files: [{ name: 'a.png', size: 1 }] } });
        expect(response.headers.get('cache-control')).toBe('no-store');
        const text = await response.text();
        for (const tenant of tenants.values()) expect(text).not.toContain(tenant.credentials.secretAccessKey);
      });
    });

    describe('tenant isolation', () => {
      it('signs each tenant into its own bucket and prefix, whatever the body says', async () => {
        for (const [tenant, bucket] of [
          ['a', 'lab-a'],
          ['b', 'lab-b'],
        ] as const) {
          const { body } = await callJson('/uploads', {
            method: 'POST',
            tenant,
            json: {
              files: [{ name: 'x.png', size: 1, bucket: 'lab-a', key: 'tenant-a/x' }],
              bucket: 'lab-a',
              prefix: 'tenant-a',
            },
          });
          const [upload] = body.uploads as { url: string; key: string; bucket: string }[];
          expect(upload?.bucket).toBe(bucket);
          expect(upload?.key.startsWith(`tenant-${tenant}/`)).toBe(true);
          expect(new URL(upload?.url ?? '').pathname.startsWith(`/${bucket}/tenant-${tenant}/`)).toBe(true);
        }
      });

      it('refuses every multipart route for a key outside the tenant’s prefix', async () => {
        const foreign = encodeURIComponent('tenant-b/2026/01/01/x/scan.zip');
        const sneaky = encodeURIComponent('tenant-a/../tenant-b/scan.zip');
        for (const key of [foreign, sneaky, encodeURIComponent('/tenant-a/x'), encodeURIComponent('tenant-ab/x')]) {
          await expectError(`/s3/multipart/u1/1?key=${key}`, {}, 403, 'KEY_OUTSIDE_PREFIX');
          await expectError(`/s3/multipart/u1/batch?key=${key}&partNumbers=1`, {}, 403, 'KEY_OUTSIDE_PREFIX');
          await expectError(`/s3/multipart/u1?key=${key}`, {}, 403, 'KEY_OUTSIDE_PREFIX');
          await expectError(`/s3/multipart/u1?key=${key}`, { method: 'DELETE' }, 403, 'KEY_OUTSIDE_PREFIX');
          await expectError(
            `/s3/multipart/u1/complete?key=${key}`,
            { method: 'POST', json: { parts: [{ PartNumber: 1, ETag: '"x"' }] } },
            403,
            'KEY_OUTSIDE_PREFIX',
          );
        }
      });

      it('cannot complete tenant B’s upload as tenant A', async () => {
        const created = await callJson('/s3/multipart', {
          method: 'POST',
          tenant: 'b',
          json: { filename: 'b.zip', type: 'application/zip' },
        });
        const { key, uploadId } = created.body as { key: string; uploadId: string };
        const response = await call(
          `/s3/multipart/${encodeURIComponent(uploadId)}/complete?key=${encodeURIComponent(key)}`,
          {
            method: 'POST',
            json: { parts: [{ PartNumber: 1, ETag: '"x"' }] },
          },
        );
        expect(response.status).toBe(403);
        expect(((await response.json()) as ErrorBody).error.code).toBe('KEY_OUTSIDE_PREFIX');
      });
    });
  });
}
