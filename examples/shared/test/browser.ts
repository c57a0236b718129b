import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '@sos/core';
import { type Browser, chromium, type Page } from 'playwright-core';
import { readDemoConfig } from '../src/config';
import { type Demo, startDemo } from '../src/demo';
import type { DemoListen, ListeningServer } from '../src/run-demo-server';

/** Debian's Chromium, or `SOS_CHROMIUM`. */
export const CHROMIUM = process.env.SOS_CHROMIUM ?? '/usr/bin/chromium';

/** Without Chromium the browser tests are skipped, except in CI, where its absence fails them. */
export const skipBrowserTests = !existsSync(CHROMIUM) && !process.env.CI;

/** Headless Chromium as the tests drive it: no sandbox (containers), no background traffic. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
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
}

/** The demo running on a framework line with the embedded S3 server, and Chromium to use it. */
export interface DemoInBrowser {
  demo: Demo;
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  browser: Browser;
  /** The embedded S3 server with its admin key, as a lab's admin sees the buckets. */
  s3: S3Client;
  /** Uncaught errors of every page opened with {@link DemoInBrowser.open}. */
  pageErrors: string[];
  /** Opens a path of the demo in a fresh browser context (its own storage). */
  open(path: string, viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

/** Starts the demo through `listen` (Express or Fastify) on a free port, its two labs, and Chromium. */
export async function startDemoInBrowser(listen: DemoListen): Promise<DemoInBrowser> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sos-demo-browser-'));
  let demo: Demo | undefined;
  let server: ListeningServer | undefined;
  let browser: Browser | undefined;
  let s3: S3Client | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    s3?.destroy();
    await server?.close();
    await demo?.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    demo = await startDemo(readDemoConfig({ PORT: '0' }, { dataDir, log: () => {} }));
    server = await listen(demo, 0, '127.0.0.1');
    await demo.listening(server.port);
    const origin = `http://127.0.0.1:${server.port}`;
    const localS3 = demo.storage.localS3;
    if (localS3 === undefined) throw new Error('the demo did not start the embedded S3 server');
    s3 = createS3Client({
      bucket: 'smile-dental-lab',
      region: localS3.region,
      credentials: localS3.credentials,
      endpoint: localS3.endpoint,
    });
    const launched = await launchChromium();
    browser = launched;
    const pageErrors: string[] = [];
    return {
      demo,
      origin,
      browser: launched,
      s3,
      pageErrors,
      async open(path, viewport = { width: 1200, height: 900 }) {
        const page = await launched.newPage({ viewport });
        page.on('pageerror', (error) => pageErrors.push(`${path}: ${error.message.split('\n')[0]}`));
        await page.goto(`${origin}${path}`);
        return page;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
