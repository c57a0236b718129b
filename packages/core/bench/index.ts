// `pnpm bench`: how fast sos presigns compared with the SDK's getSignedUrl and
// with the cryptographic floor. Numbers vary by machine; the ratios matter.
import { createHmac, createSecretKey } from 'node:crypto';
import { PutObjectCommand, UploadPartCommand } from '@aws-sdk/client-s3';
import { getSignedUrl, S3RequestPresigner } from '@aws-sdk/s3-request-presigner';
import { HttpRequest } from '@smithy/protocol-http';
import { type Connection, presignPut, S3ClientCache, signParts } from '../src';
import { deriveSigningKey, sha256Hex } from '../src/presign/sigv4';

// The SDK's notice about its future Node 22 requirement would break up the table.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const connection: Connection = {
  bucket: 'acme-lab-uploads',
  region: 'eu-central-1',
  credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
  prefix: 'tenant-a',
};
const key = 'tenant-a/2026/03/01/0b7e7f0e-7d43-4c1c-9f55-3f4a1f3c2b11/lower jaw.stl';
const contentType = 'model/stl';
const contentLength = 48_213;
const now = new Date();
const clients = new S3ClientCache();
const client = clients.get(connection);
const signedContentType = { signableHeaders: new Set(['content-type']), signingDate: now, expiresIn: 900 };
const putCommand = () =>
  new PutObjectCommand({
    Bucket: connection.bucket,
    Key: key,
    ContentType: contentType,
    ContentLength: contentLength,
  });

/** Median microseconds per call, over batches run for at least `minMs` after a warm-up. */
async function measure(fn: () => unknown, minMs: number): Promise<number> {
  const warmUntil = performance.now() + Math.min(300, minMs / 3);
  let calls = 0;
  while (performance.now() < warmUntil) {
    await fn();
    calls++;
  }
  const batch = Math.max(1, Math.round(calls / 30));
  const samples: number[] = [];
  const until = performance.now() + minMs;
  while (performance.now() < until || samples.length < 5) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) await fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1000 / batch);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? Number.NaN;
}

async function main(): Promise<void> {
  // The same request through both paths must give the same URL, or the comparison means nothing.
  const ours = await presignPut({ connection, key, contentType, contentLength, now, clients });
  const sdk = await getSignedUrl(client, putCommand(), signedContentType);
  if (ours.url !== sdk) throw new Error(`presignPut and getSignedUrl differ:\n${ours.url}\n${sdk}`);

  // The floor: what any SigV4 presigner must compute per URL, with the signing key already derived:
  // one SHA-256 of this URL's canonical request and one HMAC. It must reproduce the URL's signature.
  const url = new URL(ours.url);
  const credentialScope = decodeURIComponent(url.searchParams.get('X-Amz-Credential') ?? '')
    .split('/')
    .slice(1)
    .join('/');
  const canonicalRequest = [
    'PUT',
    url.pathname,
    url.search.slice(1).replace(/&X-Amz-Signature=[0-9a-f]+/, ''),
    `content-length:${contentLength}`,
    `content-type:${contentType}`,
    `host:${url.host}`,
    '',
    'content-length;content-type;host',
    'UNSIGNED-PAYLOAD',
  ].join('\n');
  const signingKey = createSecretKey(
    deriveSigningKey(connection.credentials.secretAccessKey, credentialScope.slice(0, 8), connection.region, 's3'),
  );
  const amzDate = url.searchParams.get('X-Amz-Date') ?? '';
  const floor = () =>
    createHmac('sha256', signingKey)
      .update(`AWS4-HMAC-SHA256\n${amzDate}\n${credentialScope}\n${sha256Hex(canonicalRequest)}`)
      .digest('hex');
  if (floor() !== url.searchParams.get('X-Amz-Signature'))
    throw new Error('the floor does not reproduce the signature');

  // The SDK's own presigner on a request prepared once (no middleware stack per URL).
  const presigner = new S3RequestPresigner({ ...client.config });
  const prepared = new HttpRequest({
    protocol: 'https:',
    hostname: `${connection.bucket}.s3.${connection.region}.amazonaws.com`,
    method: 'PUT',
    path: `/${key.split('/').map(encodeURIComponent).join('/')}`,
    query: { 'x-id': 'PutObject' },
    headers: { 'content-type': contentType, 'content-length': String(contentLength) },
  });

  const floorUs = await measure(floor, 700);
  const presignPutUs = await measure(
    () => presignPut({ connection, key, contentType, contentLength, now, clients }),
    1000,
  );
  const presignerUs = await measure(() => presigner.presign(prepared, signedContentType), 700);
  const getSignedUrlUs = await measure(() => getSignedUrl(client, putCommand(), signedContentType), 1000);

  const partNumbers = Array.from({ length: 10_000 }, (_, i) => i + 1);
  const uploadId = 'VXBsb2FkIElEIGZvciBlbHZpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA';
  const partRuns: number[] = [];
  let signed = await signParts({ connection, key, uploadId, partNumbers, now, clients });
  for (let run = 0; run < 7; run++) {
    const start = performance.now();
    signed = await signParts({ connection, key, uploadId, partNumbers, now, clients });
    partRuns.push(performance.now() - start);
  }
  const signPartsMs = partRuns.sort((a, b) => a - b)[3] ?? Number.NaN;
  const sdkPartUrl = (partNumber: number) =>
    getSignedUrl(
      client,
      new UploadPartCommand({ Bucket: connection.bucket, Key: key, UploadId: uploadId, PartNumber: partNumber }),
      { signingDate: now, expiresIn: 900 },
    );
  if (signed.parts[9_999]?.url !== (await sdkPartUrl(10_000))) throw new Error('signParts and getSignedUrl differ');
  const loopStart = performance.now();
  for (const partNumber of partNumbers) await sdkPartUrl(partNumber);
  const loopMs = performance.now() - loopStart;

  const rows: [string, string, string, string][] = [
    ['operation', 'µs per URL', 'getSignedUrl ÷ this', 'this ÷ floor'],
    [
      'crypto floor: SHA-256 of canonical request + HMAC (cached key)',
      floorUs.toFixed(2),
      (getSignedUrlUs / floorUs).toFixed(0),
      '1.00',
    ],
    [
      'sos presignPut',
      presignPutUs.toFixed(2),
      (getSignedUrlUs / presignPutUs).toFixed(1),
      (presignPutUs / floorUs).toFixed(2),
    ],
    [
      'SDK S3RequestPresigner on a prepared request',
      presignerUs.toFixed(2),
      (getSignedUrlUs / presignerUs).toFixed(1),
      (presignerUs / floorUs).toFixed(2),
    ],
    [
      'SDK getSignedUrl(client, PutObjectCommand)',
      getSignedUrlUs.toFixed(2),
      '1.0',
      (getSignedUrlUs / floorUs).toFixed(2),
    ],
    [
      `sos signParts, 10,000 part URLs in one call: ${signPartsMs.toFixed(1)} ms (median of 7)`,
      ((signPartsMs * 1000) / 10_000).toFixed(2),
      (loopMs / signPartsMs).toFixed(1),
      ((signPartsMs * 1000) / 10_000 / floorUs).toFixed(2),
    ],
    [
      `SDK getSignedUrl loop, 10,000 part URLs: ${loopMs.toFixed(0)} ms`,
      ((loopMs * 1000) / 10_000).toFixed(2),
      '1.0',
      ((loopMs * 1000) / 10_000 / floorUs).toFixed(2),
    ],
  ];
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  const line = (row: string[]) =>
    `| ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join(' | ')} |`;
  console.log(
    `sos presign benchmark: Node ${process.version}, ${process.platform}/${process.arch}, same request, fixed clock`,
  );
  console.log(line(rows[0] ?? []));
  console.log(
    `|${widths.map((width, column) => (column === 0 ? '-'.repeat(width + 2) : `${'-'.repeat(width + 1)}:`)).join('|')}|`,
  );
  for (const row of rows.slice(1)) console.log(line(row));
  clients.clear();
}

await main();
