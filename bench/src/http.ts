// Requests per second and p99 latency of POST /uploads (one file) on each
// plugin, next to a hello-world route and a floor route of the same
// framework, in the same process and run, with the same connections,
// duration and request body.
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

/** A route's throughput as a share of hello world's, from rounds measured back to back. */
export interface Share {
  /** The median over the rounds of (route's req/s) / (hello world's req/s in the same round). */
  median: number;
  min: number;
  max: number;
}

/** One framework's routes: hello world, the floor, sos. */
export interface HttpResult {
  framework: Framework;
  hello: RouteLoad;
  floor: RouteLoad;
  sos: RouteLoad;
  floorShare: Share;
  sosShare: Share;
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

type Round = Record<'hello' | 'floor' | 'sos', RouteLoad>;

const shareOf = (rounds: Round[], route: 'floor' | 'sos'): Share => {
  const shares = rounds.map((round) => round[route].requestsPerSecond / round.hello.requestsPerSecond);
  return { median: median(shares), min: Math.min(...shares), max: Math.max(...shares) };
};

/**
 * Warms the routes up, then measures them back to back `mode.httpRounds`
 * times, the order reversed every other round. The machine's speed drifts
 * from one second to the next, so each round's shares are taken within the
 * round; the table shows their median and range.
 */
export async function benchHttp(framework: Framework, mode: BenchMode): Promise<HttpResult> {
  const server = await startBenchServer(framework, { resolveTenant: () => benchConnection });
  try {
    const urls = {
      hello: `${server.origin}/hello`,
      floor: `${server.origin}/floor`,
      sos: `${server.origin}/sos/uploads`,
    };
    for (const url of Object.values(urls)) await load(url, mode.warmupSeconds);
    const rounds: Round[] = [];
    for (let index = 0; index < mode.httpRounds; index++) {
      const order = (['hello', 'floor', 'sos'] as const).slice();
      if (index % 2 === 1) order.reverse();
      const round: Partial<Round> = {};
      for (const route of order) round[route] = await load(urls[route], mode.httpSeconds);
      rounds.push(round as Round);
    }
    return {
      framework,
      hello: medianLoad(rounds.map((round) => round.hello)),
      floor: medianLoad(rounds.map((round) => round.floor)),
      sos: medianLoad(rounds.map((round) => round.sos)),
      floorShare: shareOf(rounds, 'floor'),
      sosShare: shareOf(rounds, 'sos'),
    };
  } finally {
    await server.close();
  }
}
