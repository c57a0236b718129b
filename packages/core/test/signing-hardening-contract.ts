// What a hostile browser can get signed, run by each adapter's tests against
// a real server on port 0 and the embedded S3 server: the declared type, the
// size of multipart uploads and the fan-out of one request; and where a
// hostile tenant's endpoint can make the server send requests. The stored XSS is
// checked the way it was found: headless Chromium opens the uploaded object.
import { existsSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { type LocalS3, startLocalS3 } from '@sos/local-s3';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Connection, createS3Client, type UploadHandlerOptions } from '../src';
import { METADATA_MARKER, type SsrfServers, startSsrfServers } from './ssrf-servers';
import type { MountedServer, StartServer } from './upload-contract';

const CHROMIUM = process.env.SOS_CHROMIUM ?? '/usr/bin/chromium';
const browserMissing = !existsSync(CHROMIUM);
const MiB = 1024 * 1024;

type Answer = {
  error?: { code: string; message: string; hint?: string };
  uploads?: {
    method: string;
    url: string;
    key: string;
    headers: Record<string, string>;
    uploadId: string;
    parts: { partNumber: number; url: string; headers: Record<string, string>; start: number; end: number }[];
  }[];
};

/** Counts the requests that reach it and forwards them to S3 as they are, holding multipart creates a moment. */
async function startCountingProxy(target: string): Promise<{
  endpoint: string;
  mostCreatesAtOnce(): number;
  close(): Promise<void>;
}> {
  const upstream = new URL(target);
  let inFlight = 0;
  let most = 0;
  const server: Server = createServer((req, res) => {
    const isCreate = req.method === 'POST' && /[?&]uploads(=|&|$)/.test(req.url ?? '');
    if (isCreate) {
      inFlight++;
      most = Math.max(most, inFlight);
    }
    const forward = (): void => {
      const out = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.on('end', () => {
            if (isCreate) inFlight--;
          });
        },
      );
      out.on('error', () => res.destroy());
      req.pipe(out);
    };
    if (isCreate) setTimeout(forward, 25);
    else forward();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    mostCreatesAtOnce: () => most,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A server that counts the requests a script in an opened object makes to it. */
async function startBeacon(): Promise<{ url: string; hits(): number; close(): Promise<void> }> {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    res.end('');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hit`,
    hits: () => hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function describeSigningHardening(adapter: string, startServer: StartServer): void {
  describe(`${adapter}: what a hostile browser can get signed`, () => {
    let s3: LocalS3;
    let proxy: Awaited<ReturnType<typeof startCountingProxy>>;
    let connection: Connection;
    let strict: MountedServer;
    let unbounded: MountedServer;
    let checking: MountedServer;

    beforeAll(async () => {
      s3 = await startLocalS3({ buckets: ['lab-a'] });
      proxy = await startCountingProxy(s3.endpoint);
      connection = {
        bucket: 'lab-a',
        region: s3.region,
        credentials: s3.credentials,
        endpoint: proxy.endpoint,
        prefix: 'tenant-a',
      };
      const options: UploadHandlerOptions<unknown> = {
        resolveTenant: () => connection,
        allowEndpoint: (url) => url.hostname === '127.0.0.1',
        rules: { maxFileSize: 200 * MiB, allowedTypes: ['image/*', 'application/pdf', '.zip'] },
        multipartThreshold: 6 * MiB,
      };
      strict = await startServer(options);
      unbounded = await startServer({ ...options, companionMultipart: 'unbounded' });
      checking = await startServer({
        ...options,
        rules: { ...options.rules, maxFileSize: 10 * MiB },
        companionMultipart: 'check-on-complete',
      });
    });
    afterAll(async () => {
      await strict?.close();
      await unbounded?.close();
      await checking?.close();
      await proxy?.close();
      await s3?.stop();
    });

    const call = async (server: MountedServer, path: string, body?: unknown) => {
      const response = await fetch(`${server.baseUrl}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as Answer };
    };
    const signUploads = (files: unknown[]) => call(strict, '/uploads', { files });
    const readObject = async (key: string) => {
      const client = createS3Client({ ...connection, endpoint: s3.endpoint });
      const object = await client.send(new GetObjectCommand({ Bucket: 'lab-a', Key: key }));
      const body = Buffer.from((await object.Body?.transformToByteArray()) ?? []);
      client.destroy();
      return { object, body };
    };

    describe('the declared type', () => {
      it.each([
        ['r.pdf', 'application/pdf;a=,text/html'],
        ['x.png', 'image/png, text/html'],
      ])('refuses %s declared as %j on every route that signs a type', async (name, type) => {
        const routes = [
          await signUploads([{ name, type, size: 1000 }]),
          await signUploads([{ name, type, size: 8 * MiB }]),
          await call(strict, `/s3/params?${new URLSearchParams({ filename: name, type })}`),
          await call(unbounded, '/s3/multipart', { filename: name, type }),
        ];
        for (const answer of routes) {
          expect(answer.status).toBe(400);
          expect(answer.body.error?.code).toBe('INVALID_CONTENT_TYPE');
          expect(answer.body.error?.hint).toEqual(expect.any(String));
        }
      });

      it('never lets image/* admit SVG, on any route', async () => {
        const type = 'image/svg+xml';
        for (const answer of [
          await signUploads([{ name: 'logo.svg', type, size: 1000 }]),
          await call(strict, `/s3/params?${new URLSearchParams({ filename: 'logo.svg', type })}`),
          await call(unbounded, '/s3/multipart', { filename: 'logo.svg', type }),
        ]) {
          expect(answer.status).toBe(415);
          expect(answer.body.error?.code).toBe('FILE_TYPE_NOT_ALLOWED');
        }
      });

      it('signs the normalised type and Content-Disposition: attachment, and S3 stores exactly them', async () => {
        const html = Buffer.from('<script>document.title = "ran"</script>');
        const { body } = await signUploads([{ name: 'x.png', type: 'IMAGE/PNG', size: html.length }]);
        const upload = body.uploads?.[0];
        expect(upload?.headers).toEqual({ 'content-type': 'image/png', 'content-disposition': 'attachment' });
        // Another type than the one signed is refused by S3.
        const swapped = await fetch(upload?.url ?? '', {
          method: 'PUT',
          headers: { ...upload?.headers, 'content-type': 'text/html' },
          body: html,
        });
        expect(swapped.status).toBe(403);
        const put = await fetch(upload?.url ?? '', { method: 'PUT', headers: upload?.headers, body: html });
        expect(put.status).toBe(200);
        const { object } = await readObject(upload?.key ?? '');
        expect(object.ContentType).toBe('image/png');
        expect(object.ContentDisposition).toBe('attachment');
      });

      describe.skipIf(browserMissing && !process.env.CI)('opened in Chromium', () => {
        let browser: Browser;
        let beacon: Awaited<ReturnType<typeof startBeacon>>;

        beforeAll(async () => {
          beacon = await startBeacon();
          browser = await chromium.launch({
            executablePath: CHROMIUM,
            args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
          });
        }, 60_000);
        afterAll(async () => {
          await browser?.close();
          await beacon?.close();
        });

        const payload = (): string =>
          `<html><body><script>new Image().src = ${JSON.stringify(beacon.url)};</script></body></html>`;

        /** Uploads the HTML payload with a PUT, opens a GET URL of it in a new page, and counts the script's calls. */
        const open = async (url: string, headers: Record<string, string>, key: string): Promise<number> => {
          const put = await fetch(url, { method: 'PUT', headers, body: payload() });
          expect(put.status).toBe(200);
          const client = createS3Client({ ...connection, endpoint: s3.endpoint });
          const getUrl = await getSignedUrl(client, new GetObjectCommand({ Bucket: 'lab-a', Key: key }), {
            expiresIn: 60,
          });
          client.destroy();
          const before = beacon.hits();
          const page = await browser.newPage();
          // An attachment starts a download instead of a page: the navigation is aborted.
          await page.goto(getUrl).catch(() => undefined);
          await page.waitForTimeout(500);
          await page.close();
          return beacon.hits() - before;
        };

        it('does not run a script uploaded through sos, whatever type the browser declared', async () => {
          for (const [name, type] of [
            ['x.png', 'image/png'],
            ['x.png', ''],
            ['r.pdf', 'application/pdf'],
          ] as const) {
            const { status, body } = await signUploads([{ name, type, size: Buffer.byteLength(payload()) }]);
            expect(status).toBe(200);
            const upload = body.uploads?.[0];
            expect(upload?.method).toBe('PUT');
            expect(await open(upload?.url ?? '', upload?.headers ?? {}, upload?.key ?? '')).toBe(0);
          }
        }, 30_000);

        it('(the check itself) does run the script of an object stored as "image/png, text/html"', async () => {
          // What the routes used to sign: the declared string as it was sent, and no disposition.
          const key = 'tenant-a/control/x.png';
          const client = createS3Client({ ...connection, endpoint: s3.endpoint });
          const url = await getSignedUrl(
            client,
            new PutObjectCommand({ Bucket: 'lab-a', Key: key, ContentType: 'image/png, text/html' }),
            { expiresIn: 60, signableHeaders: new Set(['content-type']) },
          );
          client.destroy();
          expect(await open(url, { 'content-type': 'image/png, text/html' }, key)).toBeGreaterThan(0);
        }, 30_000);
      });
    });

    describe('multipart uploads under maxFileSize', () => {
      it('refuses the Companion routes that would sign parts of unknown size', async () => {
        const { body } = await signUploads([{ name: 'scan.zip', type: 'application/zip', size: 8 * MiB }]);
        const upload = body.uploads?.[0];
        expect(upload?.method).toBe('MULTIPART');
        const query = `key=${encodeURIComponent(upload?.key ?? '')}`;
        for (const answer of [
          await call(strict, `/s3/multipart/${upload?.uploadId}/1?${query}`),
          await call(strict, `/s3/multipart/${upload?.uploadId}/batch?${query}&partNumbers=1,2`),
          await call(strict, '/s3/multipart', { filename: 'scan.zip', type: 'application/zip' }),
        ]) {
          expect(answer.status).toBe(403);
          expect(answer.body.error?.code).toBe('MULTIPART_SIZE_UNKNOWN');
        }
      });

      it('lets no part grow past its signed size, and completes the planned parts', async () => {
        const size = 8 * MiB;
        const { body } = await signUploads([{ name: 'scan.zip', type: 'application/zip', size }]);
        const upload = body.uploads?.[0];
        const first = upload?.parts[0];
        expect(first).toBeDefined();
        // The attack as found: a 12 MiB part 1 under a plan that signed fewer bytes.
        const oversized = await fetch(first?.url ?? '', {
          method: 'PUT',
          headers: first?.headers,
          body: Buffer.alloc(12 * MiB, 1),
        });
        expect(oversized.status).toBe(403);
        const bytes = Buffer.alloc(size, 7);
        const parts = [];
        for (const part of upload?.parts ?? []) {
          const put = await fetch(part.url, {
            method: 'PUT',
            headers: part.headers,
            body: bytes.subarray(part.start, part.end),
          });
          expect(put.status).toBe(200);
          parts.push({ PartNumber: part.partNumber, ETag: put.headers.get('etag') ?? '' });
        }
        const query = `key=${encodeURIComponent(upload?.key ?? '')}`;
        const done = await call(strict, `/s3/multipart/${upload?.uploadId}/complete?${query}`, { parts });
        expect(done.status).toBe(200);
        expect((await readObject(upload?.key ?? '')).body.length).toBe(size);
      }, 30_000);
    });

    describe("Companion multipart with 'check-on-complete'", () => {
      /** Uploads parts of these sizes through Companion's routes, then asks to complete. */
      const uploadInParts = async (sizes: number[]) => {
        const created = (await call(checking, '/s3/multipart', { filename: 'scan.zip', type: 'application/zip' }))
          .body as unknown as { key: string; uploadId: string };
        const query = `key=${encodeURIComponent(created.key)}`;
        const parts = [];
        for (const [index, size] of sizes.entries()) {
          const signed = (await call(checking, `/s3/multipart/${created.uploadId}/${index + 1}?${query}`))
            .body as unknown as { url: string };
          const put = await fetch(signed.url, { method: 'PUT', body: Buffer.alloc(size, index + 1) });
          expect(put.status).toBe(200);
          parts.push({ PartNumber: index + 1, ETag: put.headers.get('etag') ?? '' });
        }
        const done = await call(checking, `/s3/multipart/${created.uploadId}/complete?${query}`, { parts });
        return { key: created.key, uploadId: created.uploadId, query, done };
      };

      it('refuses and aborts an upload whose parts add up to more than maxFileSize', async () => {
        // The attack as found: a 12 MiB part 1 and a 6 MiB part 2 under a 10 MiB limit.
        const { key, uploadId, query, done } = await uploadInParts([12 * MiB, 6 * MiB]);
        expect(done.status).toBe(413);
        expect(done.body.error?.code).toBe('FILE_TOO_LARGE');
        await expect(readObject(key)).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
        // Aborted: the upload is gone, so nothing can complete it later.
        expect((await call(checking, `/s3/multipart/${uploadId}?${query}`)).body.error?.code).toBe('NO_SUCH_UPLOAD');
      }, 30_000);

      it('completes parts within the limit', async () => {
        const { key, done } = await uploadInParts([6 * MiB, 3 * MiB]);
        expect(done.status).toBe(200);
        expect((await readObject(key)).body.length).toBe(9 * MiB);
      }, 30_000);
    });

    describe('fan-out of one request', () => {
      it('refuses more than 100 files when the rules set no maxFiles', async () => {
        const files = Array.from({ length: 101 }, (_, index) => ({
          name: `p${index}.png`,
          type: 'image/png',
          size: 9,
        }));
        const answer = await signUploads(files);
        expect(answer.status).toBe(400);
        expect(answer.body.error?.code).toBe('TOO_MANY_FILES');
      });

      it('makes at most 4 CreateMultipartUpload calls to S3 at once', async () => {
        const files = Array.from({ length: 12 }, (_, index) => ({
          name: `s${index}.zip`,
          type: 'application/zip',
          size: 20 * MiB,
        }));
        const answer = await signUploads(files);
        expect(answer.status).toBe(200);
        expect(answer.body.uploads).toHaveLength(12);
        expect(proxy.mostCreatesAtOnce()).toBeGreaterThan(1);
        expect(proxy.mostCreatesAtOnce()).toBeLessThanOrEqual(4);
      }, 30_000);
    });
  });
}

/**
 * A hostile tenant's endpoint, through the adapter: one that redirects every
 * request to a cloud-metadata stand-in, and one on the metadata address.
 */
export function describeTenantEndpoints(adapter: string, startServer: StartServer): void {
  describe(`${adapter}: the tenant's endpoint`, () => {
    let servers: SsrfServers;
    let allowing: MountedServer;
    let defaults: MountedServer;
    const tenant = (endpoint: string): Connection => ({
      bucket: 'lab-a',
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
      endpoint,
    });

    beforeAll(async () => {
      servers = await startSsrfServers();
      const endpoints: Record<string, string> = { hostile: servers.endpoint, metadata: 'http://169.254.169.254' };
      const resolveTenant: UploadHandlerOptions<unknown>['resolveTenant'] = ({ request }) =>
        tenant(endpoints[request.headers.get('x-tenant') ?? ''] ?? '');
      // The app vets endpoints, and lets the hostile one through as if it looked like a storage service.
      allowing = await startServer({ resolveTenant, allowEndpoint: (url) => url.origin === servers.endpoint });
      defaults = await startServer({ resolveTenant });
    });
    afterAll(async () => {
      await allowing?.close();
      await defaults?.close();
      await servers?.close();
    });

    const post = async (server: MountedServer, path: string, name: string, body: unknown) => {
      const response = await fetch(`${server.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'x-tenant': name, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, text: await response.text() };
    };

    it('follows no redirect of an endpoint the app allowed, and answers nothing of the target', async () => {
      const verify = await post(allowing, '/connection/verify', 'hostile', {});
      expect(verify.status).toBe(200);
      const create = await post(allowing, '/uploads', 'hostile', { files: [{ name: 'a.zip', size: 200 * MiB }] });
      // The 307 is S3's answer, not a place to go: an S3 error with its code, never a crash.
      expect(create.status).toBeGreaterThanOrEqual(400);
      expect(create.status).not.toBe(500);
      expect(servers.endpointHits()).toBeGreaterThan(0);
      expect(servers.metadataHits()).toBe(0);
      expect(`${verify.text}${create.text}`).not.toContain(METADATA_MARKER);
    });

    it('refuses an endpoint on an internal address by default, before any request', async () => {
      const before = servers.endpointHits();
      for (const name of ['hostile', 'metadata']) {
        for (const [path, body] of [
          ['/connection/verify', {}],
          ['/uploads', { files: [{ name: 'a.zip', size: 200 * MiB }] }],
        ] as const) {
          const answer = await post(defaults, path, name, body);
          expect(answer.status).toBe(403);
          expect((JSON.parse(answer.text) as Answer).error?.code).toBe('ENDPOINT_NOT_ALLOWED');
        }
      }
      expect(servers.endpointHits()).toBe(before);
      expect(servers.metadataHits()).toBe(0);
    });
  });
}
