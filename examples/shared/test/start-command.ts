import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const PATHS = [
  '/',
  '/labs',
  '/orders/new',
  '/orders',
  '/css/app.css',
  '/js/new-order.js',
  '/vendor/sos-client/index.js',
];

/** Resolves with everything the child printed once `pattern` appears in it; rejects if it exits first. */
function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const read = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (pattern.test(output)) {
        clearTimeout(timer);
        resolve(output);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the demo exited with ${code} before it was ready:\n${output}`));
    });
  });
}

/**
 * Runs an example as `pnpm start` does (`tsx src/server.ts`, on a free
 * port, with the embedded S3 server), fetches its pages, then stops it with
 * SIGTERM and checks that it exits cleanly and deletes the embedded
 * server's folder.
 */
export function describeStartCommand(framework: string, exampleDir: string): void {
  describe(`${framework}: the start command`, () => {
    it('starts the demo with two labs, serves its pages, and stops cleanly on SIGTERM', async () => {
      const manifest = JSON.parse(readFileSync(join(exampleDir, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      };
      expect(manifest.scripts.start).toBe('tsx src/server.ts');
      const tsx = createRequire(join(exampleDir, 'package.json')).resolve('tsx/cli');
      const dataDir = await mkdtemp(join(tmpdir(), 'sos-demo-start-'));
      const child = spawn(process.execPath, [tsx, 'src/server.ts'], {
        cwd: exampleDir,
        env: { ...process.env, PORT: '0', SOS_DATA_DIR: dataDir, SOS_S3_ENDPOINT: '', SOS_ORIGINS: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        const output = await waitForOutput(child, /Ctrl\+C stops it/, 45_000);
        expect(output).toContain(`sos example, ${framework}`);
        const url = (/open (http:\/\/\S+)/.exec(output)?.[1] ?? '').replace('localhost', '127.0.0.1');
        const folder = /files in (\S+),/.exec(output)?.[1] ?? '';
        expect(existsSync(folder)).toBe(true);
        for (const path of PATHS) {
          const response = await fetch(`${url}${path}`);
          expect(response.status, path).toBe(200);
          await response.arrayBuffer();
        }
        const labs = (await (await fetch(`${url}/api/labs`)).json()) as { name: string; secret: string }[];
        expect(labs.map((lab) => lab.name).sort()).toEqual(['Bright Teeth Lab', 'Smile Dental Lab']);
        expect(labs.every((lab) => lab.secret === 'sealed')).toBe(true);

        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        const [code] = await exited;
        expect(code).toBe(0);
        expect(existsSync(folder)).toBe(false);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
        await rm(dataDir, { recursive: true, force: true });
      }
    }, 60_000);
  });
}
