import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

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
