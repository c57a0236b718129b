// The real Uppy client (`@uppy/aws-s3` through Companion's S3 protocol), in
// headless Chromium, against an adapter and the embedded S3 server.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { type LocalS3, startLocalS3 } from '@sos/local-s3';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Connection, createS3Client, type UploadHandlerOptions } from '../src';

const CHROMIUM = process.env.SOS_CHROMIUM ?? '/usr/bin/chromium';
const MiB = 1024 * 1024;

/** A static file the test page needs, served by the adapter's app next to the sos routes. */
export interface StaticFile {
  type: string;
  body: string | Buffer;
}

/** Starts the adapter's app with the sos routes at `/api/sos` and the static files at their paths. */
export type StartAppServer = (
  options: UploadHandlerOptions<unknown>,
  files: Record<string, StaticFile>,
) => Promise<{ origin: string; close(): Promise<void> }>;

/** The same bytes in Node and in the page: a cheap deterministic generator. */
const PATTERN_SOURCE = `(size, seed) => {
  const bytes = new Uint8Array(size);
  let state = seed >>> 0;
  for (let i = 0; i < size; i++) { state = (state * 1664525 + 1013904223) >>> 0; bytes[i] = state >>> 24; }
  return bytes;
}`;
const pattern = new Function(`return ${PATTERN_SOURCE}`)() as (size: number, seed: number) => Uint8Array;

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>uppy interop</title></head><body>
<script type="module">
  import { Uppy, AwsS3 } from '/uppy.min.mjs';
  const pattern = ${PATTERN_SOURCE};
  window.runUpload = async (files) => {
    const uppy = new Uppy({ autoProceed: false }).use(AwsS3, {
      companionEndpoint: '/api/sos',
      shouldUseMultipart: (file) => file.size > 5 * 1024 * 1024,
      getChunkSize: () => 5 * 1024 * 1024,
    });
    for (const file of files) {
      uppy.addFile({ name: file.name, type: file.type, data: new Blob([pattern(file.size, file.seed)], { type: file.type }) });
    }
    const result = await uppy.upload();
    return {
      successful: result.successful.map((file) => ({ name: file.name, key: file.response?.body?.key, url: file.uploadURL })),
      failed: result.failed.map((file) => ({ name: file.name, error: String(file.error) })),
    };
  };
  window.ready = true;
</script></body></html>`;

const browserMissing = !existsSync(CHROMIUM);

/**
 * Uploads one small file (single form POST) and one over 5 MiB (multipart)
 * with the real Uppy client, then compares the bytes in the bucket. Without
 * Chromium it is skipped, except in CI, where its absence fails the run.
 */
export function describeUppyInterop(adapter: string, startApp: StartAppServer): void {
  describe.skipIf(browserMissing && !process.env.CI)(`${adapter}: the real Uppy client in Chromium`, () => {
    let s3: LocalS3;
    let app: { origin: string; close(): Promise<void> };
    let browser: Browser;
    let connection: Connection;

    beforeAll(async () => {
      s3 = await startLocalS3();
      connection = {
        bucket: 'uppy-lab',
        region: s3.region,
        credentials: s3.credentials,
        endpoint: s3.endpoint,
        prefix: 'lab-1',
      };
      const uppyBundle = await readFile(createRequire(import.meta.url).resolve('uppy/dist/uppy.min.mjs'));
      app = await startApp(
        {
          resolveTenant: () => connection,
          rules: { maxFileSize: 50 * MiB, allowedTypes: ['image/*', '.zip'] },
          // Uppy's multipart sends no size: the app names what it accepts (signing-hardening covers the refusal).
          companionMultipart: 'unbounded',
          allowEndpoint: (url) => url.hostname === '127.0.0.1',
        },
        {
          '/': { type: 'text/html; charset=utf-8', body: PAGE },
          '/uppy.min.mjs': { type: 'text/javascript; charset=utf-8', body: uppyBundle },
        },
      );
      await s3.createBucket({
        name: 'uppy-lab',
        cors: [
          {
            AllowedOrigins: [app.origin],
            AllowedMethods: ['PUT', 'POST'],
            AllowedHeaders: ['*'],
            ExposeHeaders: ['ETag', 'Location'],
          },
        ],
      });
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await app?.close();
      await s3?.stop();
    });

    it('uploads a small file as a form POST and a 6 MiB file in parts, byte for byte', async () => {
      const page = await browser.newPage();
      await page.goto(`${app.origin}/`);
      await page.waitForFunction(() => (globalThis as unknown as { ready?: boolean }).ready === true);
      const files = [
        { name: 'photo.png', type: 'image/png', size: 20_000, seed: 1 },
        { name: 'cbct scan.zip', type: 'application/zip', size: 6 * MiB + 123, seed: 2 },
      ];
      // A page error's stack points at the page's URL, which the test runner cannot map: keep the message only.
      const result = (await page
        .evaluate(
          (list) => (globalThis as unknown as { runUpload(files: unknown): Promise<unknown> }).runUpload(list),
          files,
        )
        .catch((error: Error) => {
          throw new Error(`the page failed: ${error.message.split('\n')[0]}`);
        })) as { successful: { name: string; key: string; url: string }[]; failed: { name: string; error: string }[] };
      expect(result.failed).toEqual([]);
      expect(result.successful.map((file) => file.name).sort()).toEqual(['cbct scan.zip', 'photo.png']);
      const s3Client = createS3Client(connection);
      for (const file of files) {
        const uploaded = result.successful.find((entry) => entry.name === file.name);
        expect(uploaded?.key.startsWith('lab-1/')).toBe(true);
        const object = await s3Client.send(new GetObjectCommand({ Bucket: 'uppy-lab', Key: uploaded?.key }));
        const stored = Buffer.from((await object.Body?.transformToByteArray()) ?? []);
        expect(stored.length).toBe(file.size);
        expect(stored.equals(Buffer.from(pattern(file.size, file.seed)))).toBe(true);
      }
      s3Client.destroy();
      await page.close();
    }, 60_000);
  });
}
