// Requests per second and p99 latency of POST /uploads (one file) on each
// plugin, next to a hello-world route of the same framework, in the same
// process and run, with the same connections, duration and request body.
import autocannon from 'autocannon';
import { type Framework, startBenchServer } from './apps';
import { median } from './measure';
import type { BenchMode } from './mode';
import { benchConnection } from './tenant';

/** One route under load. */
export interface RouteLoad {
  requestsPerSecond: number;
  p99Ms: number;
  requests: number;
  /** Connection errors, timeouts and non-2xx answers: must be 0. */
  failures: number;
}

/** One framework's routes: hello world, hello world with some work (calibration), sos. */
export interface HttpResult {
  framework: Framework;
  hello: RouteLoad;
  busy: RouteLoad;
  sos: RouteLoad;
}

const CONNECTIONS = 10;
const body = JSON.stringify({ files: [{ name: 'lower jaw.stl', size: 48_213, type: 'model/stl' }] });

/**
 * Loads one URL. autocannon runs in a worker thread, so on two cores the
 * server (this thread) and the load generator do not share one.
 */
async function load(url: string, seconds: number): Promise<RouteLoad> {
  const result = await autocannon({
    url,
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json' },
    connections: CONNECTIONS,
    duration: seconds,
    workers: 1,
  });
  return {
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    failures: result.errors + result.timeouts + result.non2xx,
  };
}

const medianLoad = (loads: RouteLoad[]): RouteLoad => ({
  requestsPerSecond: median(loads.map((item) => item.requestsPerSecond)),
  p99Ms: median(loads.map((item) => item.p99Ms)),
  requests: loads.reduce((sum, item) => sum + item.requests, 0),
  failures: loads.reduce((sum, item) => sum + item.failures, 0),
});

/** Warms the routes up, then takes turns on them `mode.httpRounds` times; medians of the rounds. */
export async function benchHttp(framework: Framework, mode: BenchMode): Promise<HttpResult> {
  const server = await startBenchServer(framework, { resolveTenant: () => benchConnection });
  try {
    const hello = `${server.origin}/hello`;
    const busy = `${server.origin}/busy`;
    const sos = `${server.origin}/sos/uploads`;
    for (const url of [hello, busy, sos]) await load(url, mode.warmupSeconds);
    const rounds: Omit<HttpResult, 'framework'>[] = [];
    for (let round = 0; round < mode.httpRounds; round++) {
      rounds.push({
        hello: await load(hello, mode.httpSeconds),
        busy: await load(busy, mode.httpSeconds),
        sos: await load(sos, mode.httpSeconds),
      });
    }
    return {
      framework,
      hello: medianLoad(rounds.map((round) => round.hello)),
      busy: medianLoad(rounds.map((round) => round.busy)),
      sos: medianLoad(rounds.map((round) => round.sos)),
    };
  } finally {
    await server.close();
  }
}
