// 10,000 part URLs of one multipart upload: sos signParts in one call against
// a loop of the SDK's getSignedUrl, checked to sign the same URLs.
import { UploadPartCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { S3ClientCache, signParts } from '@sos/core';
import { median } from './measure';
import type { BenchMode } from './mode';
import { benchConnection as connection, benchKey as key } from './tenant';

/** Milliseconds for 10,000 part URLs. */
export interface PartsResult {
  signPartsMs: number;
  getSignedUrlLoopMs: number;
}

const PARTS = 10_000;

/** Times both after checking that they sign the same first, middle and last URLs. */
export async function benchParts(mode: BenchMode): Promise<PartsResult> {
  const now = new Date();
  const clients = new S3ClientCache();
  const client = clients.get(connection);
  const uploadId = 'VXBsb2FkIElEIGZvciBlbHZpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA';
  const partNumbers = Array.from({ length: PARTS }, (_, i) => i + 1);
  const sign = () => signParts({ connection, key, uploadId, partNumbers, now, clients });
  const sdkPartUrl = (partNumber: number) =>
    getSignedUrl(
      client,
      new UploadPartCommand({ Bucket: connection.bucket, Key: key, UploadId: uploadId, PartNumber: partNumber }),
      {
        signingDate: now,
        expiresIn: 900,
      },
    );

  let signed = await sign();
  for (const partNumber of [1, 5_000, PARTS]) {
    if (signed.parts[partNumber - 1]?.url !== (await sdkPartUrl(partNumber)))
      throw new Error('signParts and getSignedUrl differ');
  }
  const runs: number[] = [];
  for (let run = 0; run < mode.partRuns; run++) {
    const start = performance.now();
    signed = await sign();
    runs.push(performance.now() - start);
  }
  const loopStart = performance.now();
  for (const partNumber of partNumbers) await sdkPartUrl(partNumber);
  const getSignedUrlLoopMs = performance.now() - loopStart;
  clients.clear();
  return { signPartsMs: median(runs), getSignedUrlLoopMs };
}
