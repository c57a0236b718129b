// The load test: POST /uploads through one plugin, each request for the next
// of many tenants, so the client cache keeps creating clients and destroying
// the least recently used. Counts every failure, checks the cache stays within
// its bound, and compares the server's memory after the run (after a full
// garbage collection) with before it. `tsx src/load/run-load.ts` runs both
// plugins and prints a table; SOS_LOAD_FULL=1 runs the long version.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { FRAMEWORKS, type Framework } from '../apps';
import { markdownTable, whole } from '../table';
import type { LoadServerCommand, LoadServerStats } from './load-server';

/** What to run. */
export interface LoadOptions {
  framework: Framework;
  /** Distinct tenants, cycled through in order. */
  tenants: number;
  /** Requests in all. */
  requests: number;
  /** The client cache's bound. */
  maxClients: number;
  /**
   * Stop after this long even if requests remain (they then count as not completed): a bound
   * against a hang, far above the ~15 s a run takes alone, since CI runs other suites beside it.
   */
  timeLimitSeconds: number;
  connections?: number;
}

/** What happened. Memory in bytes. */
export interface LoadResult {
  framework: Framework;
  requests: number;
  completed: number;
  /** Connection errors, timeouts and non-2xx answers. */
  failures: number;
  seconds: number;
  p99Ms: number;
  maxClients: number;
  cacheSizeAfter: number;
  before: LoadServerStats;
  after: LoadServerStats;
}

/** The short run CI does and the full run of the published numbers. */
export function loadProfile(full = process.env.SOS_LOAD_FULL === '1'): Omit<LoadOptions, 'framework'> {
  return full
    ? { tenants: 10_000, requests: 50_000, maxClients: 500, timeLimitSeconds: 120 }
    : { tenants: 10_000, requests: 10_000, maxClients: 500, timeLimitSeconds: 90 };
}

const serverPath = fileURLToPath(new URL('./load-server.ts', import.meta.url));
const body = JSON.stringify({ files: [{ name: 'lower jaw.stl', size: 48_213, type: 'model/stl' }] });

function ask<T>(child: ChildProcess, command: LoadServerCommand): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (message) => resolve(message as T));
    child.send(command);
  });
}

/** Sends `amount` requests, tenant after tenant from `firstTenant`, stopping at the time limit. */
async function fire(
  origin: string,
  amount: number,
  firstTenant: number,
  options: LoadOptions,
): Promise<autocannon.Result> {
  let next = firstTenant;
  let limit: NodeJS.Timeout | undefined;
  try {
    return await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url: `${origin}/sos/uploads`,
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json' },
          connections: options.connections ?? 10,
          amount,
          timeout: 10,
          requests: [
            {
              setupRequest: (request) => {
                const tenant = String(next++ % options.tenants);
                return { ...request, headers: { ...request.headers, 'x-tenant': tenant } };
              },
            },
          ],
        },
        (error, result) => (error ? reject(error) : resolve(result)),
      );
      limit = setTimeout(() => instance.stop(), options.timeLimitSeconds * 1000);
    });
  } finally {
    clearTimeout(limit);
  }
}

/** Runs one plugin's load test in a fresh server process. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const child = fork(serverPath, [options.framework, String(options.tenants), String(options.maxClients)], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const { origin } = await new Promise<{ origin: string }>((resolve, reject) => {
      child.once('message', (message) => resolve(message as { origin: string }));
      child.once('exit', (code) => reject(new Error(`the load server exited with ${code}`)));
    });
    // Warm-up: fill the cache to its bound with tenants the run reaches last, so the baseline holds a full cache.
    const warm = await fire(origin, options.maxClients, options.tenants - options.maxClients, options);
    if (warm.non2xx + warm.errors > 0)
      throw new Error(`the warm-up failed: ${warm.non2xx} non-2xx, ${warm.errors} errors`);
    const before = await ask<LoadServerStats>(child, 'measure');
    await ask(child, 'reset-peak');
    const started = performance.now();
    const run = await fire(origin, options.requests, 0, options);
    const seconds = (performance.now() - started) / 1000;
    const after = await ask<LoadServerStats>(child, 'measure');
    return {
      framework: options.framework,
      requests: options.requests,
      completed: run['2xx'],
      failures: run.errors + run.timeouts + run.non2xx,
      seconds,
      p99Ms: run.latency.p99,
      maxClients: options.maxClients,
      cacheSizeAfter: after.cacheSize,
      before,
      after,
    };
  } finally {
    if (child.connected) child.send('stop');
    const killer = setTimeout(() => child.kill(), 5_000);
    await exited;
    clearTimeout(killer);
  }
}

const MB = 1024 * 1024;
const mb = (bytes: number): string => `${(bytes / MB).toFixed(1)} MB`;

/** The results as a Markdown table. */
export function loadTable(results: readonly LoadResult[]): string {
  return markdownTable(
    [
      'plugin',
      'requests (tenants)',
      'failed',
      'req/s, p99',
      'clients cached (bound)',
      'RSS before / peak / after',
      'heap before / after',
    ],
    results.map((result) => [
      result.framework,
      `${whole(result.completed)} of ${whole(result.requests)}`,
      whole(result.failures),
      `${whole(result.completed / result.seconds)}/s, ${result.p99Ms} ms`,
      `${result.cacheSizeAfter} (${result.maxClients})`,
      `${mb(result.before.rss)} / ${mb(result.after.peakRss)} / ${mb(result.after.rss)}`,
      `${mb(result.before.heapUsed)} / ${mb(result.after.heapUsed)}`,
    ]),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const profile = loadProfile();
  const results: LoadResult[] = [];
  for (const framework of FRAMEWORKS) results.push(await runLoad({ framework, ...profile }));
  console.log(
    `load: ${whole(profile.requests)} requests across ${whole(profile.tenants)} tenants per plugin, client cache bound ${profile.maxClients}`,
  );
  console.log(loadTable(results));
  if (results.some((result) => result.failures > 0 || result.completed < result.requests)) process.exitCode = 1;
}
