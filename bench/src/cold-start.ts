// How long importing @sos/core takes in a fresh process, against importing
// @aws-sdk/client-s3 alone: both from their built packages, with plain node.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { median } from './measure';
import type { BenchMode } from './mode';

const run = promisify(execFile);

/** Median milliseconds of `await import(name)` in a new node process. */
export interface ColdStartResult {
  sosCoreMs: number;
  clientS3Ms: number;
}

async function importMs(specifier: string): Promise<number> {
  const script = `const t = performance.now(); await import(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now() - t));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    cwd: new URL('..', import.meta.url),
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', NODE_OPTIONS: '' },
  });
  return Number(stdout);
}

/** Alternates the two imports `mode.coldStartRuns` times, after one unmeasured run of each (disk cache). */
export async function benchColdStart(mode: BenchMode): Promise<ColdStartResult> {
  try {
    await importMs('@sos/core');
  } catch (error) {
    throw new Error('Importing the built @sos/core failed: run `pnpm build` first (pnpm bench at the root does).', {
      cause: error,
    });
  }
  await importMs('@aws-sdk/client-s3');
  const sos: number[] = [];
  const sdk: number[] = [];
  for (let i = 0; i < mode.coldStartRuns; i++) {
    sos.push(await importMs('@sos/core'));
    sdk.push(await importMs('@aws-sdk/client-s3'));
  }
  return { sosCoreMs: median(sos), clientS3Ms: median(sdk) };
}
