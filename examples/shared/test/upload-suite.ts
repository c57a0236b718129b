import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, ListPartsCommand } from '@aws-sdk/client-s3';
import type { Page, Request, Route } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MULTIPART_THRESHOLD } from '../src/file-rules';
import type { DemoListen } from '../src/run-demo-server';
import { type DemoInBrowser, skipBrowserTests, startDemoInBrowser } from './browser';

/** Options of {@link describeUploadsInBrowser}. */
export interface UploadSuiteOptions {
  /** Where the screenshots go (git-ignored). */
  artifactsDir: string;
}

const MiB = 1024 * 1024;
/** A CBCT export as a dentist sends it: 60 MiB, in parts of the demo's threshold (8 MiB): 8 parts. */
const BIG_FILE_SIZE = 60 * MiB;
const PART_COUNT = Math.ceil(BIG_FILE_SIZE / MULTIPART_THRESHOLD);
const UPLOAD_TIMEOUT = 60_000;
const LAB = 'bright-teeth-lab';

/** A file of random bytes on disk, to pick in the page. */
interface TestFile {
  name: string;
  path: string;
  size: number;
  sha256: string;
}

interface OrderFile {
  key: string;
  name: string;
  size: number | null;
  status: string;
  method: string;
  uploadId: string | null;
  note: string | null;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A part of a multipart upload, as the page sends it to S3: `PUT ...?partNumber=N&uploadId=...`. */
function partNumberOf(request: Request): number | undefined {
  if (request.method() !== 'PUT') return undefined;
  const value = new URL(request.url()).searchParams.get('partNumber');
  return value === null ? undefined : Number(value);
}

const isPart = (url: URL): boolean => url.searchParams.has('partNumber') && url.searchParams.has('uploadId');

/**
 * Records every state and status line a file's row shows, so a test can tell
 * what the person saw. Runs in the page (the tests are not compiled with the
 * DOM's types).
 */
const RECORD_ROW_STATES = `(() => {
  const seen = (window.seenStates = []);
  const list = document.getElementById('file-list');
  new MutationObserver(() => {
    for (const row of list.querySelectorAll('.file-row')) {
      const line = row.dataset.state + ': ' + (row.querySelector('.file-status')?.textContent ?? '');
      if (seen.at(-1) !== line) seen.push(line);
    }
  }).observe(list, { subtree: true, childList: true, characterData: true, attributes: true });
})()`;

const seenStates = (page: Page): Promise<string[]> => page.evaluate('window.seenStates') as Promise<string[]>;

/** The numbers of the parts the client has saved for resuming (`persist`), read from the page's storage. */
const SAVED_PARTS = `(() => {
  const key = Object.keys(localStorage).find((name) => name.startsWith('sos:'));
  const saved = key === undefined ? {} : JSON.parse(localStorage.getItem(key) ?? '{}');
  return (saved.etags ?? []).map(([partNumber]) => partNumber).sort((a, b) => a - b);
})()`;

/**
 * The new-order page's uploads when things go wrong, in headless Chromium on
 * the demo built by `listen`: a connection that drops (the row says it waits
 * for the network) and part requests that fail mid-upload (a 60 MB file
 * still arrives byte for byte, nobody clicks anything), pause and resume, cancel (nothing left in the bucket, and the
 * page says so), and a reload mid-upload after which picking the same file
 * again sends only the parts that were missing. Files of random bytes are
 * written to a temporary folder; the demo's threshold (8 MiB) cuts them
 * into parts.
 */
export function describeUploadsInBrowser(framework: string, listen: DemoListen, options: UploadSuiteOptions): void {
  describe.skipIf(skipBrowserTests)(`${framework}: uploads that go wrong, in Chromium`, () => {
    let running: DemoInBrowser;
    let folder: string;
    let big: TestFile;
    const prefix = framework.toLowerCase();

    beforeAll(async () => {
      running = await startDemoInBrowser(listen);
      folder = await mkdtemp(join(tmpdir(), 'sos-demo-uploads-'));
      const create = async (name: string, size: number): Promise<TestFile> => {
        const bytes = randomBytes(size);
        const path = join(folder, name);
        await writeFile(path, bytes);
        return { name, path, size, sha256: sha256(bytes) };
      };
      big = await create('cbct export.zip', BIG_FILE_SIZE);
    }, 60_000);

    afterEach(() => {
      expect(running.pageErrors, 'errors in the page').toEqual([]);
    });

    afterAll(async () => {
      await running?.close();
      if (folder) await rm(folder, { recursive: true, force: true });
    });

    async function orderFiles(number: string): Promise<OrderFile[]> {
      const orders = (await (await fetch(`${running.origin}/api/orders`)).json()) as {
        number: string;
        labId: string;
        files: OrderFile[];
      }[];
      return orders.find((order) => order.number === number && order.labId === LAB)?.files ?? [];
    }

    async function storedSha(key: string): Promise<string> {
      const object = await running.s3.send(new GetObjectCommand({ Bucket: LAB, Key: key }));
      return sha256((await object.Body?.transformToByteArray()) ?? new Uint8Array());
    }

    /** Opens the new-order page, fills in order `number` for the lab, picks `file` and places the order. */
    async function placeOrder(number: string, file: TestFile, setUp?: (page: Page) => Promise<void>): Promise<Page> {
      const page = await running.open('/orders/new');
      await page.locator('#lab option').first().waitFor({ state: 'attached' });
      await setUp?.(page);
      await page.evaluate(RECORD_ROW_STATES);
      await page.locator('#lab').selectOption(LAB);
      await page.locator('#number').fill(number);
      await page.locator('#patientInitials').fill('K.M.');
      await page.locator('#file-input').setInputFiles(file.path);
      await page.getByRole('button', { name: 'Place order and upload' }).click();
      return page;
    }

    const row = (page: Page, file: TestFile) => page.locator(`.file-row[data-file="${file.name}"]`);
    const waitForState = (page: Page, file: TestFile, state: string) =>
      page.locator(`.file-row[data-file="${file.name}"][data-state="${state}"]`).waitFor({ timeout: UPLOAD_TIMEOUT });

    /** Counts the part requests the page sends, stores, and loses (with Chromium's reason). */
    function watchParts(page: Page) {
      const parts = { sent: [] as number[], stored: [] as number[], failed: [] as string[] };
      page.on('request', (request) => {
        const n = partNumberOf(request);
        if (n !== undefined) parts.sent.push(n);
      });
      page.on('response', (response) => {
        const n = partNumberOf(response.request());
        if (n !== undefined && response.status() === 200) parts.stored.push(n);
      });
      page.on('requestfailed', (request) => {
        if (partNumberOf(request) !== undefined) parts.failed.push(request.failure()?.errorText ?? '');
      });
      return parts;
    }

    /**
     * Holds the part requests numbered `from` and up until `release()`,
     * through Chromium's own Fetch domain matched on the URL: unlike
     * `page.route`, which intercepts every request and makes each one with a
     * body seconds slower, it leaves the other parts untouched.
     */
    async function holdPartsFrom(page: Page, from: number) {
      const cdp = await page.context().newCDPSession(page);
      const held: string[] = [];
      cdp.on('Fetch.requestPaused', (event) => held.push(event.requestId));
      const patterns = Array.from({ length: PART_COUNT - from + 1 }, (_, i) => ({
        urlPattern: `*&partNumber=${from + i}&*`,
        requestStage: 'Request' as const,
      }));
      await cdp.send('Fetch.enable', { patterns });
      return {
        held,
        /** Stops holding; requests the page gave up on meanwhile (pause, cancel, reload) are gone. */
        async release(): Promise<void> {
          await cdp.send('Fetch.disable');
          await cdp.detach();
        },
      };
    }

    it(
      'finishes a 60 MB upload byte for byte through failed part requests and a dropped connection, waiting for the network, without a click',
      async () => {
        let parts: ReturnType<typeof watchParts> | undefined;
        let connectionBack: Promise<void> | undefined;
        const page = await placeOrder('F-1', big, async (page) => {
          parts = watchParts(page);
          // Once the first part is stored, the connection drops for 2 s, with the next parts on the way: longer
          // than the page's first retry may wait, so a request fails while the browser knows it is offline.
          connectionBack = new Promise((resolve) => {
            page.once('response', async function dropOnFirstPart(response) {
              if (partNumberOf(response.request()) === undefined) return void page.once('response', dropOnFirstPart);
              await page.context().setOffline(true);
              await new Promise((back) => setTimeout(back, 2000));
              await page.context().setOffline(false);
              resolve();
            });
          });
        });
        const watched = parts as ReturnType<typeof watchParts>;
        await connectionBack;
        // Then the first try of the next two part requests dies on the way to S3, as on a flaky network.
        const aborted: number[] = [];
        let bothAborted: () => void = () => {};
        const abortedTwo = new Promise<void>((resolve) => {
          bothAborted = resolve;
        });
        const failNextTwo = async (route: Route): Promise<void> => {
          const n = partNumberOf(route.request()) ?? 0;
          if (aborted.length < 2 && !aborted.includes(n)) {
            aborted.push(n);
            await route.abort('connectionreset');
            if (aborted.length === 2) bothAborted();
          } else await route.continue().catch(() => {});
        };
        await page.route(isPart, failNextTwo);
        await abortedTwo;
        await page.unroute(isPart, failNextTwo);

        await waitForState(page, big, 'done');
        expect(watched.failed.filter((reason) => reason.includes('CONNECTION_RESET'))).toHaveLength(2);
        expect(watched.failed.some((reason) => reason.includes('INTERNET_DISCONNECTED'))).toBe(true);
        const states = await seenStates(page);
        expect(states.some((line) => line.startsWith('offline: Waiting for the network: '))).toBe(true);
        expect(states.some((line) => /^retrying: Trying again \(attempt 2 of \d+\)/.test(line))).toBe(true);
        expect(states.at(-1)).toContain('Uploaded into Bright Teeth Lab’s bucket');
        await page.screenshot({ path: join(options.artifactsDir, `${prefix}-new-order-retried.png`), fullPage: true });
        await page.close();

        const [file] = await orderFiles('F-1');
        expect(file).toMatchObject({ status: 'uploaded', method: 'MULTIPART', size: BIG_FILE_SIZE });
        expect(await storedSha(file?.key ?? '')).toBe(big.sha256);
      },
      UPLOAD_TIMEOUT,
    );

    it(
      'pauses and resumes an upload, which then completes byte for byte',
      async () => {
        let parts: ReturnType<typeof watchParts> | undefined;
        let gate: Awaited<ReturnType<typeof holdPartsFrom>> | undefined;
        const page = await placeOrder('P-1', big, async (page) => {
          parts = watchParts(page);
          gate = await holdPartsFrom(page, 4);
        });
        const watched = parts as ReturnType<typeof watchParts>;
        // Parts 1 to 3 are in the bucket, 4 to 6 on their way (held): pause there.
        await expect.poll(() => gate?.held.length, { timeout: UPLOAD_TIMEOUT }).toBe(3);
        await row(page, big)
          .getByRole('button', { name: /^Pause/ })
          .click();
        await waitForState(page, big, 'paused');
        expect(await row(page, big).locator('.file-status').textContent()).toMatch(/^Paused at 24 MB of 60 MB/);
        await gate?.release();
        const sentWhilePaused = watched.sent.length;
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(watched.sent.length, 'no part is sent while paused').toBe(sentWhilePaused);

        await row(page, big)
          .getByRole('button', { name: /^Resume/ })
          .click();
        await waitForState(page, big, 'done');
        expect(new Set(watched.stored)).toEqual(new Set(Array.from({ length: PART_COUNT }, (_, i) => i + 1)));
        await page.close();
        const [file] = await orderFiles('P-1');
        expect(file?.status).toBe('uploaded');
        expect(await storedSha(file?.key ?? '')).toBe(big.sha256);
      },
      UPLOAD_TIMEOUT,
    );

    it(
      'cancels an upload: nothing stays in the bucket, no upload is left pending, and the page and the order say so',
      async () => {
        let gate: Awaited<ReturnType<typeof holdPartsFrom>> | undefined;
        const page = await placeOrder('C-1', big, async (page) => {
          gate = await holdPartsFrom(page, 4);
        });
        // Parts 1 to 3 are in the bucket, 4 to 6 on their way (held): cancel there.
        await expect.poll(() => gate?.held.length, { timeout: UPLOAD_TIMEOUT }).toBe(3);
        await row(page, big)
          .getByRole('button', { name: /^Cancel/ })
          .click();
        await waitForState(page, big, 'cancelled');
        await gate?.release();
        const status = (await row(page, big).locator('.file-status').textContent()) ?? '';
        expect(status).toMatch(/^Cancelled/);
        expect(status).toContain('deleted from the bucket');
        await page.locator('#form-messages .message').waitFor();
        expect(await page.locator('#form-messages').textContent()).toContain('1 cancelled');
        await page.screenshot({
          path: join(options.artifactsDir, `${prefix}-new-order-cancelled.png`),
          fullPage: true,
        });
        await page.close();

        const [file] = await orderFiles('C-1');
        expect(file).toMatchObject({ status: 'cancelled', method: 'MULTIPART' });
        expect(file?.note).toContain('deleted from the bucket');
        const head = running.s3.send(new HeadObjectCommand({ Bucket: LAB, Key: file?.key }));
        await expect(head).rejects.toMatchObject({ name: 'NotFound' });
        const listed = await running.s3.send(new ListObjectsV2Command({ Bucket: LAB, Prefix: 'orders/C-1/' }));
        expect(listed.KeyCount ?? 0).toBe(0);
        const pending = running.s3.send(
          new ListPartsCommand({ Bucket: LAB, Key: file?.key, UploadId: file?.uploadId ?? '' }),
        );
        await expect(pending).rejects.toMatchObject({ name: 'NoSuchUpload' });

        const list = await running.open('/orders');
        await list.locator('[data-order] tbody tr').first().waitFor();
        const orderCard = list.locator('[data-order]', { hasText: 'Order C-1' });
        expect(await orderCard.locator('[data-status="cancelled"]').count()).toBeGreaterThan(0);
        expect(await orderCard.locator('[data-status="uploaded"]').count()).toBe(0);
        await list.close();
      },
      UPLOAD_TIMEOUT,
    );

    it(
      'resumes after a reload when the same file is picked again, sending only the missing parts',
      async () => {
        const signed: string[] = [];
        let gate: Awaited<ReturnType<typeof holdPartsFrom>> | undefined;
        const page = await placeOrder('R-1', big, async (page) => {
          page.on('request', (request) => {
            if (request.method() === 'POST' && new URL(request.url()).pathname.endsWith('/sos/uploads')) {
              signed.push(request.url());
            }
          });
          gate = await holdPartsFrom(page, 4);
        });
        // Parts 1 to 3 arrive and are saved; 4 to 6 are held on their way, so the upload cannot finish.
        await expect.poll(() => page.evaluate(SAVED_PARTS), { timeout: UPLOAD_TIMEOUT }).toEqual([1, 2, 3]);
        const saved = [1, 2, 3];
        expect(signed).toHaveLength(1);

        // The reload drops the held requests; what the page sends after it is counted afresh.
        await page.reload();
        await gate?.release();
        const after = watchParts(page);
        const offer = page.locator('#resume-messages .message.info');
        await offer.waitFor();
        expect(await offer.textContent()).toContain('Order R-1 did not finish uploading: cbct export.zip (60 MB).');
        expect(await page.locator('#number').inputValue()).toBe('R-1');
        await page.evaluate(RECORD_ROW_STATES);
        await page.locator('#file-input').setInputFiles(big.path);
        await waitForState(page, big, 'ready');
        expect(await row(page, big).textContent()).toContain('Ready to resume');
        await page.getByRole('button', { name: 'Upload into order R-1' }).click();
        await waitForState(page, big, 'done');
        const resumed = `${saved.length} of ${PART_COUNT} parts`;
        const states = await seenStates(page);
        expect(states.some((line) => line.includes(`Resuming: ${resumed} already in the bucket.`))).toBe(true);
        expect(await row(page, big).textContent()).toContain(`Resumed: ${resumed} were already in the bucket.`);
        await page.screenshot({ path: join(options.artifactsDir, `${prefix}-new-order-resumed.png`), fullPage: true });
        expect(signed, 'no new upload is signed').toHaveLength(1);
        const missing = Array.from({ length: PART_COUNT }, (_, i) => i + 1).filter((n) => !saved.includes(n));
        expect([...after.sent].sort((a, b) => a - b)).toEqual(missing);
        expect(await page.locator('#resume-messages').textContent()).toBe('');
        await page.close();

        const files = await orderFiles('R-1');
        expect(files).toHaveLength(1);
        expect(files[0]).toMatchObject({ status: 'uploaded', size: BIG_FILE_SIZE });
        expect(await storedSha(files[0]?.key ?? '')).toBe(big.sha256);
      },
      UPLOAD_TIMEOUT,
    );
  });
}
