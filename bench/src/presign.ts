// One presigned PUT: sos presignPut against the SDK's getSignedUrl and against
// the cryptographic floor, for the same request with the same clock.
import { createHash, createHmac, createSecretKey } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { presignPut, S3ClientCache } from '@sos/core';
import { microsecondsPerCall } from './measure';
import type { BenchMode } from './mode';
import { benchConnection as connection, benchKey as key } from './tenant';

/** Microseconds per presigned PUT URL. */
export interface PresignResult {
  floorUs: number;
  presignPutUs: number;
  getSignedUrlUs: number;
}

const hmac = (secret: string | Buffer, text: string): Buffer => createHmac('sha256', secret).update(text).digest();

/**
 * The floor: what any SigV4 presigner must compute per URL once the signing key
 * is derived: one SHA-256 of the canonical request and one HMAC. It must
 * reproduce the signature of sos's URL, or it is not the same work.
 */
function cryptoFloor(url: URL, contentType: string, contentLength: number): () => string {
  const credential = decodeURIComponent(url.searchParams.get('X-Amz-Credential') ?? '').split('/');
  const [, shortDate = '', region = '', service = ''] = credential;
  const scope = credential.slice(1).join('/');
  const signingKey = createSecretKey(
    hmac(hmac(hmac(hmac(`AWS4${connection.credentials.secretAccessKey}`, shortDate), region), service), 'aws4_request'),
  );
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
  const amzDate = url.searchParams.get('X-Amz-Date') ?? '';
  return () =>
    createHmac('sha256', signingKey)
      .update(`AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${createHash('sha256').update(canonicalRequest).digest('hex')}`)
      .digest('hex');
}

/** Measures the three, after checking that sos and the SDK sign the same URL and that the floor reproduces it. */
export async function benchPresign(mode: BenchMode): Promise<PresignResult> {
  const contentType = 'model/stl';
  const contentLength = 48_213;
  const now = new Date();
  const clients = new S3ClientCache();
  const client = clients.get(connection);
  const options = { signableHeaders: new Set(['content-type']), signingDate: now, expiresIn: 900 };
  const command = () =>
    new PutObjectCommand({
      Bucket: connection.bucket,
      Key: key,
      ContentType: contentType,
      ContentLength: contentLength,
    });

  const ours = await presignPut({ connection, key, contentType, contentLength, now, clients });
  const sdk = await getSignedUrl(client, command(), options);
  if (ours.url !== sdk) throw new Error(`presignPut and getSignedUrl differ:\n${ours.url}\n${sdk}`);
  const url = new URL(ours.url);
  const floor = cryptoFloor(url, contentType, contentLength);
  if (floor() !== url.searchParams.get('X-Amz-Signature'))
    throw new Error('the floor does not reproduce the signature');

  const floorUs = await microsecondsPerCall(floor, mode.presignMs);
  const presignPutUs = await microsecondsPerCall(
    () => presignPut({ connection, key, contentType, contentLength, now, clients }),
    mode.presignMs,
  );
  const getSignedUrlUs = await microsecondsPerCall(() => getSignedUrl(client, command(), options), mode.presignMs);
  clients.clear();
  return { floorUs, presignPutUs, getSignedUrlUs };
}
