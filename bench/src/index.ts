// `pnpm bench`: one run, one table. sos's presigning against the SDK and the
// cryptographic floor, 10,000 part URLs, each plugin's sign route against its
// framework's hello world, the cold start of @sos/core against the SDK's S3
// client alone, a large upload through @sos/client against plain fetch, and
// @sos/client's size. SOS_BENCH_SHORT=1 runs a short version (CI) that still
// prints the table and still fails on any error.
import { cpus } from 'node:os';
import { benchClientSize } from './client-size';
import { benchColdStart } from './cold-start';
import { benchHttp, type HttpResult, type Share } from './http';
import { benchMode } from './mode';
import { benchParts } from './parts';
import { benchPresign } from './presign';
import { fixed, markdownTable, whole } from './table';
import { benchUploadThroughput } from './upload/upload-throughput';

// The SDK's notice about its future Node 22 requirement would break up the table.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** The issue's targets: presign at least 15 times faster than getSignedUrl; each sign route at least 70% of hello world. */
const PRESIGN_TARGET = 15;
const HTTP_TARGET = 0.7;
/** @sos/client's targets: a large upload at least 90% as fast as plain fetch; its main entry under 6 KB, min+gzip. */
const UPLOAD_TARGET = 0.9;
const CLIENT_SIZE_BUDGET = 6 * 1024;

const verdict = (met: boolean): string => (met ? 'met' : 'MISSED');
const percent = (share: number): string => `${Math.round(share * 100)}%`;
const shareCell = (share: Share): string =>
  `${percent(share.median)} of hello world (rounds ${percent(share.min)}–${percent(share.max)})`;

async function main(): Promise<void> {
  const mode = benchMode();
  const started = performance.now();
  const presign = await benchPresign(mode);
  const parts = await benchParts(mode);
  const http: HttpResult[] = [];
  for (const framework of ['express', 'fastify'] as const) http.push(await benchHttp(framework, mode));
  const cold = await benchColdStart(mode);
  const upload = await benchUploadThroughput(mode);
  const size = await benchClientSize();

  const presignRatio = presign.getSignedUrlUs / presign.presignPutUs;
  const rows: string[][] = [
    [
      'presign one PUT URL (µs)',
      `presignPut ${fixed(presign.presignPutUs)}`,
      `getSignedUrl ${fixed(presign.getSignedUrlUs)}`,
      `${fixed(presignRatio, 1)}× faster`,
      `≥ ${PRESIGN_TARGET}× faster: ${verdict(presignRatio >= PRESIGN_TARGET)}`,
    ],
    [
      'presign one PUT URL, against the crypto floor (µs)',
      `presignPut ${fixed(presign.presignPutUs)}`,
      `SHA-256 + HMAC ${fixed(presign.floorUs)}`,
      `${fixed(presign.presignPutUs / presign.floorUs)}× the floor`,
      '',
    ],
    [
      '10,000 part URLs (ms)',
      `signParts ${fixed(parts.signPartsMs, 1)}`,
      `getSignedUrl loop ${whole(parts.getSignedUrlLoopMs)}`,
      `${fixed(parts.getSignedUrlLoopMs / parts.signPartsMs, 1)}× faster`,
      '',
    ],
  ];
  for (const { framework, hello, floor, sos, floorShare, sosShare } of http) {
    rows.push([
      `${framework}: POST /uploads, one file (req/s, p99)`,
      `${whole(sos.requestsPerSecond)}/s, p99 ${sos.p99Ms} ms`,
      `hello world ${whole(hello.requestsPerSecond)}/s, p99 ${hello.p99Ms} ms`,
      shareCell(sosShare),
      `≥ ${HTTP_TARGET * 100}%: ${verdict(sosShare.median >= HTTP_TARGET)}`,
    ]);
    rows.push([
      `${framework}: floor: one signature's SHA-256 + HMAC, answer as long`,
      `${whole(floor.requestsPerSecond)}/s, p99 ${floor.p99Ms} ms`,
      `hello world ${whole(hello.requestsPerSecond)}/s`,
      shareCell(floorShare),
      '',
    ]);
  }
  rows.push([
    'cold start: import in a new process (ms, median)',
    `@sos/core ${fixed(cold.sosCoreMs, 0)}`,
    `@aws-sdk/client-s3 ${fixed(cold.clientS3Ms, 0)}`,
    `${fixed(cold.sosCoreMs / cold.clientS3Ms)}× (${cold.sosCoreMs >= cold.clientS3Ms ? '+' : ''}${fixed(cold.sosCoreMs - cold.clientS3Ms, 0)} ms)`,
    '',
  ]);
  const uploadMB = whole(upload.bytes / 1e6);
  rows.push([
    `${uploadMB} MB upload to the embedded S3 server (MB/s, median)`,
    `@sos/client ${whole(upload.clientMBps)}`,
    `plain fetch ${whole(upload.plainMBps)}`,
    `${fixed(upload.ratio.median)}× (rounds ${fixed(upload.ratio.min)}–${fixed(upload.ratio.max)})`,
    `≥ ${UPLOAD_TARGET}×: ${verdict(upload.ratio.median >= UPLOAD_TARGET)}`,
  ]);
  rows.push([
    '@sos/client size (bytes, min+gzip)',
    `@sos/client ${whole(size.client.gzipped)}`,
    `budget ${whole(CLIENT_SIZE_BUDGET)}`,
    `${percent(size.client.gzipped / CLIENT_SIZE_BUDGET)} of the budget (${whole(size.client.minified)} minified)`,
    `< ${whole(CLIENT_SIZE_BUDGET)}: ${verdict(size.client.gzipped < CLIENT_SIZE_BUDGET)}`,
  ]);
  rows.push([
    '@sos/client/uppy size, for information (bytes, min+gzip)',
    `@sos/client/uppy ${whole(size.uppy.gzipped)}`,
    '',
    `${whole(size.uppy.minified)} minified, @uppy/core not included`,
    '',
  ]);

  const cpu = cpus();
  console.log(
    `sos benchmark (${mode.name} run): Node ${process.version}, ${process.platform}/${process.arch}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}`,
  );
  console.log(
    `HTTP: autocannon in a worker thread, 10 connections, 127.0.0.1; ${mode.httpRounds} rounds of ${mode.httpSeconds} s per route, back to back, after ${mode.warmupSeconds} s of warm-up; shares are per round`,
  );
  console.log(
    `Upload: ${uploadMB} MB in ${upload.partCount} parts of ${fixed(upload.partSize / 1024 ** 2, 0)} MiB, ${upload.concurrency} in flight, Node's fetch both ways; ${upload.rounds} rounds each way after a warm-up, order alternated; ratios are per round; S3 server and Express in a child process, files in ${upload.filesIn}`,
  );
  console.log('');
  console.log(markdownTable(['benchmark', 'sos', 'reference', 'sos against reference', 'target'], rows));
  console.log('');
  const failures = http.flatMap(({ framework, hello, floor, sos }) => [
    ...(hello.failures > 0 ? [`${framework} hello world: ${hello.failures} failed requests`] : []),
    ...(floor.failures > 0 ? [`${framework} floor: ${floor.failures} failed requests`] : []),
    ...(sos.failures > 0 ? [`${framework} POST /uploads: ${sos.failures} failed requests`] : []),
  ]);
  const requests = http.reduce((sum, item) => sum + item.hello.requests + item.floor.requests + item.sos.requests, 0);
  console.log(
    `${whole(requests)} HTTP requests, ${failures.length === 0 ? 'none failed' : failures.join('; ')}; ${2 * (upload.rounds + 1)} uploads of ${uploadMB} MB, each arrived whole, ${upload.retries === 0 ? 'no retries' : `${upload.retries} retries by @sos/client`}; ${fixed((performance.now() - started) / 1000, 0)} s in all.`,
  );
  if (failures.length > 0) process.exitCode = 1;
}

await main();
