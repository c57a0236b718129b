import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoListen } from '../src/run-demo-server';
import { type DemoInBrowser, skipBrowserTests, startDemoInBrowser } from './browser';

/** Options of {@link describeDemoInBrowser}. */
export interface BrowserSuiteOptions {
  /** Where the screenshots of each page go (git-ignored). */
  artifactsDir: string;
}

const MiB = 1024 * 1024;
/** Generous: a loaded CI machine runs Chromium, both servers and the checks at once. */
const STEP_TIMEOUT = 30_000;
const WRONG_SECRET = 'wJalrXUtnFEMIK7MDENGbPxRfiCYzzzzzzzzzzzz';

interface OrderAnswer {
  id: string;
  number: string;
  labId: string;
  files: { key: string; name: string; size: number | null; status: string; method: string }[];
}

/**
 * The demo as a person uses it, in headless Chromium, on a server built by
 * `listen` (Express or Fastify) with the embedded S3 server and its two
 * labs: a connection check that passes, a wrong secret that fails with its
 * hint, a 1 MB and a 12 MB upload checked byte for byte in the right lab's
 * bucket through the S3 API, a refused file type, and every page on a phone
 * screen. Screenshots of each page go to `artifactsDir`.
 */
export function describeDemoInBrowser(framework: string, listen: DemoListen, options: BrowserSuiteOptions): void {
  describe.skipIf(skipBrowserTests)(`${framework}: the demo in Chromium`, () => {
    let running: DemoInBrowser;
    let origin: string;
    let s3: S3Client;
    const prefix = framework.toLowerCase();

    const open = (path: string, viewport?: { width: number; height: number }): Promise<Page> =>
      running.open(path, viewport);

    async function screenshot(page: Page, name: string): Promise<void> {
      await page.screenshot({ path: join(options.artifactsDir, `${prefix}-${name}.png`), fullPage: true });
    }

    beforeAll(async () => {
      await mkdir(options.artifactsDir, { recursive: true });
      running = await startDemoInBrowser(listen);
      ({ origin, s3 } = running);
    }, 60_000);

    afterAll(async () => {
      await running?.close();
    });

    it(
      'shows the start page with both demo labs',
      async () => {
        const page = await open('/');
        await expect.poll(() => page.locator('#server-status li').count(), { timeout: STEP_TIMEOUT }).toBe(2);
        expect(await page.locator('#server-status').textContent()).toContain('embedded S3 server');
        await screenshot(page, 'home');
        await page.close();
      },
      STEP_TIMEOUT,
    );

    it(
      "checks a demo lab's connection and shows every check passing",
      async () => {
        const page = await open('/labs');
        const card = page.locator('[data-lab="smile-dental-lab"]');
        await card.getByRole('button', { name: 'Check connection' }).click();
        const result = page.locator('#check-output .check-result');
        await result.waitFor();
        expect(await result.getAttribute('data-status')).not.toBe('failed');
        expect(await result.locator('.check-summary').textContent()).toContain('Uploads will work');
        for (const id of ['bucket', 'write', 'presigned-write', 'cors', 'clock']) {
          expect(await result.locator(`[data-check="${id}"]`).getAttribute('class'), id).toBe('check pass');
        }
        // The embedded server's keys may do anything, which the check reports as a warning with its policy.
        expect(await result.locator('[data-check="least-privilege"]').getAttribute('data-code')).toBe(
          'LEAST_PRIVILEGE_EXCESS',
        );
        await page.locator('#guide-output .guide').waitFor({ state: 'attached' });
        expect(await page.locator('#setup-output').textContent()).toContain('arn:aws:s3:::smile-dental-lab/orders/*');
        await screenshot(page, 'labs-check-passed');
        await page.close();
      },
      STEP_TIMEOUT,
    );

    it(
      'shows the failure and its hint when the secret is wrong, and keeps the saved one',
      async () => {
        const page = await open('/labs#bright-teeth-lab');
        await expect
          .poll(() => page.locator('#bucket').inputValue(), { timeout: STEP_TIMEOUT })
          .toBe('bright-teeth-lab');
        await page.locator('#secretAccessKey').fill(WRONG_SECRET);
        await page.getByRole('button', { name: 'Check connection' }).last().click();
        const result = page.locator('#check-output .check-result');
        await result.waitFor();
        expect(await result.getAttribute('data-status')).toBe('failed');
        expect(await result.locator('.check-summary').textContent()).toContain('Uploads will not work yet');
        const failure = result.locator('[data-check="write"]');
        expect(await failure.getAttribute('data-code')).toBe('S3_SIGNATURE_MISMATCH');
        expect(await failure.textContent()).toContain('The secret access key does not match the access key ID.');
        expect(await failure.locator('.hint').textContent()).toContain('Paste the secret again');
        await screenshot(page, 'labs-wrong-secret');
        await page.close();
        const labs = (await (await fetch(`${origin}/api/labs`)).json()) as {
          id: string;
          lastCheck: { status: string };
        }[];
        expect(labs.find((lab) => lab.id === 'bright-teeth-lab')?.lastCheck.status).not.toBe('failed');
      },
      STEP_TIMEOUT,
    );

    it(
      'marks a check stale once a value changes, and clears the field error once the value is fixed',
      async () => {
        const page = await open('/labs#bright-teeth-lab');
        const bucket = page.locator('#bucket');
        await expect.poll(() => bucket.inputValue(), { timeout: STEP_TIMEOUT }).toBe('bright-teeth-lab');
        await page.locator('#check-form').click();
        const result = page.locator('#check-output .check-result');
        await result.waitFor();
        expect(await result.getAttribute('data-stale')).toBeNull();

        await bucket.fill('arn:aws:s3:::bright-teeth-lab');
        expect(await result.getAttribute('data-stale')).toBe('true');
        expect(await result.textContent()).toContain('This check was of the values before your change');
        await page.locator('#check-form').click();
        await page.locator('#form-messages .message.error').waitFor();
        expect(await page.locator('#form-messages').textContent()).toContain(
          'This is an ARN or URL, not a bucket name.',
        );
        expect(await page.locator('#check-output .check-result').count(), 'no result of other values').toBe(0);
        expect(await bucket.getAttribute('aria-invalid')).toBe('true');

        await bucket.fill('bright-teeth-lab');
        expect(await bucket.getAttribute('aria-invalid')).toBeNull();
        expect(await page.locator('#form-messages .message.error').count()).toBe(0);
        await page.close();
      },
      STEP_TIMEOUT,
    );

    it(
      'warns, not congratulates, when it saves a lab whose connection check fails',
      async () => {
        const localS3 = running.demo.storage.localS3;
        const key = localS3?.createAccessKey() ?? { accessKeyId: '', secretAccessKey: '' };
        const page = await open('/labs');
        await page.locator('#lab-list [data-lab]').first().waitFor();
        await page.locator('#add-lab').click();
        await page.locator('#name').fill('Broken Key Lab');
        await page.locator('#bucket').fill('broken-key-lab');
        await page.locator('#region').fill(localS3?.region ?? 'us-east-1');
        await page.locator('#accessKeyId').fill(key.accessKeyId);
        await page.locator('#secretAccessKey').fill(key.secretAccessKey);
        await page.locator('#save').click();
        await page.locator('#check-output .check-result').waitFor();
        expect(await page.locator('#check-output .check-result').getAttribute('data-status')).toBe('failed');
        const saved = page.locator('#form-messages .message');
        expect(await saved.getAttribute('class')).toBe('message warn');
        expect(await saved.textContent()).toContain('Saved Broken Key Lab, but uploads into its bucket will fail');
        expect(await page.locator('#form-messages .message.ok').count()).toBe(0);
        await page.close();
      },
      STEP_TIMEOUT,
    );

    it(
      "uploads a 1 MB and a 12 MB file into the chosen lab's bucket, byte for byte",
      async () => {
        const files = [
          { name: 'bite photo.jpg', bytes: randomBytes(1_000_000) },
          { name: 'cbct scan.zip', bytes: randomBytes(12 * MiB) },
        ];
        const folder = await mkdtemp(join(tmpdir(), 'sos-demo-files-'));
        for (const file of files) await writeFile(join(folder, file.name), file.bytes);
        const page = await open('/orders/new');
        await page.locator('#lab option').first().waitFor({ state: 'attached' });
        await page.locator('#lab').selectOption('bright-teeth-lab');
        await page.locator('#number').fill('A-1001');
        await page.locator('#patientInitials').fill('J.D.');
        await page.locator('#notes').fill('Zirconia crown on 36, shade A2.');
        await page.locator('#file-input').setInputFiles(files.map((file) => join(folder, file.name)));
        await expect.poll(() => page.locator('.file-row').count(), { timeout: STEP_TIMEOUT }).toBe(2);
        expect(await page.locator('.file-row[data-state="ready"]').count()).toBe(2);
        await page.getByRole('button', { name: 'Place order and upload' }).click();
        await page.locator('#form-messages .message.ok').waitFor({ timeout: 45_000 });
        expect(await page.locator('#form-messages').textContent()).toContain('2 files are now in Bright Teeth Lab');
        expect(await page.locator('.file-row[data-state="done"]').count()).toBe(2);
        expect(await page.locator('.file-row').first().textContent()).toContain(
          'Uploaded into Bright Teeth Lab’s bucket',
        );
        await screenshot(page, 'new-order-uploaded');
        await page.close();
        await rm(folder, { recursive: true, force: true });

        const orders = (await (await fetch(`${origin}/api/orders`)).json()) as OrderAnswer[];
        const order = orders.find((entry) => entry.number === 'A-1001');
        expect(order?.labId).toBe('bright-teeth-lab');
        expect(order?.files).toHaveLength(2);
        for (const file of files) {
          const recorded = order?.files.find((entry) => entry.name === file.name);
          expect(recorded?.status).toBe('uploaded');
          expect(recorded?.size).toBe(file.bytes.length);
          expect(recorded?.key.startsWith('orders/A-1001/')).toBe(true);
          const object = await s3.send(new GetObjectCommand({ Bucket: 'bright-teeth-lab', Key: recorded?.key }));
          expect(object.Metadata?.order).toBe(order?.id);
          const stored = Buffer.from((await object.Body?.transformToByteArray()) ?? []);
          expect(stored.length).toBe(file.bytes.length);
          expect(stored.equals(file.bytes)).toBe(true);
        }
        expect(order?.files.find((entry) => entry.name === 'cbct scan.zip')?.method).toBe('MULTIPART');
        const elsewhere = await s3.send(
          new ListObjectsV2Command({ Bucket: 'smile-dental-lab', Prefix: 'orders/A-1001/' }),
        );
        expect(elsewhere.KeyCount ?? 0).toBe(0);

        const list = await open('/orders');
        await list.locator('[data-order] tbody tr').first().waitFor();
        expect(await list.locator('[data-order] [data-status="uploaded"]').count()).toBe(2);
        expect(await list.locator('[data-order]').first().textContent()).toContain('12 MB');
        await screenshot(list, 'orders');
        await list.close();
      },
      2 * STEP_TIMEOUT,
    );

    it(
      'refuses a file of a type no lab takes, and says so in words',
      async () => {
        const page = await open('/orders/new');
        await page.locator('#lab option').first().waitFor({ state: 'attached' });
        await page.locator('#file-input').setInputFiles({
          name: 'setup.exe',
          mimeType: 'application/x-msdownload',
          buffer: Buffer.from('MZ not a scan'),
        });
        const refusal = page.locator('#file-messages .message.error');
        await refusal.waitFor();
        expect(await refusal.textContent()).toContain('“setup.exe” was not added: this type of file is not accepted.');
        expect(await refusal.textContent()).toContain('STL');
        expect(await page.locator('.file-row').count()).toBe(0);
        await screenshot(page, 'new-order-refused-type');
        await page.close();
      },
      STEP_TIMEOUT,
    );

    it(
      'says once, in words, why a refused file was not added, however often it is picked',
      async () => {
        const page = await open('/orders/new');
        await page.locator('#lab option').first().waitFor({ state: 'attached' });
        const exe = { name: 'setup.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ not a scan') };
        await page.locator('#file-input').setInputFiles(exe);
        await page.locator('#file-messages .message.error').waitFor();
        await page.locator('#file-input').setInputFiles(exe);
        const text = (await page.locator('main').textContent()) ?? '';
        expect(text.split('“setup.exe” was not added').length - 1, 'times the refusal is said').toBe(1);
        expect(await page.locator('main .message').count()).toBe(1);
        expect(text).not.toMatch(/allowedTypes|maxFileSize|minFileSize|maxFiles|image\/\*|FILE_/);
        await page.close();
      },
      STEP_TIMEOUT,
    );

    it(
      'refuses an empty file before anything is sent, and says it is empty',
      async () => {
        const page = await open('/orders/new');
        await page.locator('#lab option').first().waitFor({ state: 'attached' });
        const signed: string[] = [];
        page.on('request', (request) => {
          if (new URL(request.url()).pathname.includes('/sos/')) signed.push(request.url());
        });
        await page.locator('#file-input').setInputFiles({
          name: 'crown scan.stl',
          mimeType: 'model/stl',
          buffer: Buffer.alloc(0),
        });
        const refusal = page.locator('#file-messages .message.error');
        await refusal.waitFor();
        expect(await refusal.textContent()).toContain('“crown scan.stl” was not added: it is empty (0 bytes)');
        expect(await page.locator('.file-row').count()).toBe(0);
        expect(signed).toEqual([]);
        await page.close();
      },
      STEP_TIMEOUT,
    );

    it(
      'shows the setup guide on a phone in a section of its own, its steps numbered, a copy button on each value',
      async () => {
        const page = await open('/labs#smile-dental-lab', { width: 390, height: 844 });
        const guide = page.locator('#guide-output .guide');
        await guide.locator('.step').first().waitFor();
        expect(await guide.isVisible()).toBe(true);
        // No box between the guide and the page scrolls: the page itself shows all of it.
        const scrollingBoxes = (await page.evaluate(`(() => {
          const boxes = [];
          for (let box = document.querySelector('#guide-output .guide'); box && box !== document.documentElement; box = box.parentElement) {
            const { overflowY, maxHeight } = getComputedStyle(box);
            if (['auto', 'scroll', 'hidden'].includes(overflowY) || maxHeight !== 'none') boxes.push(box.tagName + '.' + box.className);
          }
          return boxes;
        })()`)) as string[];
        expect(scrollingBoxes).toEqual([]);
        const box = await guide.boundingBox();
        expect(box?.height ?? 0, 'the whole guide is laid out on the page').toBeGreaterThan(2000);
        const steps = await guide.locator('.step').allTextContents();
        expect(steps.length).toBeGreaterThanOrEqual(4);
        for (const [index, step] of steps.entries()) expect(step).toMatch(new RegExp(`^${index + 1}\\. `));
        // Every block of code and every value to type has its copy button.
        const blocks = await guide.locator('pre').count();
        expect(blocks).toBeGreaterThan(0);
        expect(await guide.locator('pre + .buttons button', { hasText: 'Copy' }).count()).toBe(blocks);
        expect(await guide.locator('li code + .buttons button', { hasText: 'Copy' }).count()).toBeGreaterThan(0);
        expect(await guide.getByRole('button', { name: 'Copy smile-dental-lab' }).count()).toBeGreaterThan(0);
        const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
        expect(overflow, '/labs scrolls sideways').toBeLessThanOrEqual(0);
        await screenshot(page, 'phone-labs-guide');
        await page.close();
      },
      STEP_TIMEOUT,
    );

    it(
      'keeps each access key ID on one line on the lab cards, on a phone and on a wide screen',
      async () => {
        for (const viewport of [
          { width: 390, height: 844 },
          { width: 1200, height: 900 },
        ]) {
          const page = await open('/labs', viewport);
          const keys = page.locator('[data-lab] dt:text-is("Access key ID") + dd code');
          await keys.first().waitFor();
          const lines = (await page.evaluate(`[...document.querySelectorAll('[data-lab] dt')]
            .filter((dt) => dt.textContent === 'Access key ID')
            .map((dt) => {
              const code = dt.nextElementSibling.querySelector('code');
              return Math.round(code.getClientRects().length === 1
                ? code.getBoundingClientRect().height / parseFloat(getComputedStyle(code).lineHeight || '16')
                : code.getClientRects().length);
            })`)) as number[];
          expect(lines.length).toBeGreaterThan(0);
          expect(lines, `lines of each key at ${viewport.width} px`).toEqual(lines.map(() => 1));
          await page.close();
        }
      },
      STEP_TIMEOUT,
    );

    it(
      'fits every page on a phone screen',
      async () => {
        for (const [name, path] of [
          ['home', '/'],
          ['labs', '/labs'],
          ['new-order', '/orders/new'],
          ['orders', '/orders'],
        ] as const) {
          const page = await open(path, { width: 390, height: 844 });
          await page.waitForLoadState('networkidle');
          const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
          expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
          await screenshot(page, `phone-${name}`);
          await page.close();
        }
        expect(running.pageErrors).toEqual([]);
      },
      2 * STEP_TIMEOUT,
    );
  });
}
