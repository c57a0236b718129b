import { PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { type Connection, defaultClientCache, type S3ClientCache } from '../connection';
import { SosError } from '../errors';
import { resolveExpiresIn } from './expiry';

/** Input of {@link presignPut}. */
export interface PresignPutInput {
  /** The tenant's bucket and credentials, from your own store. */
  connection: Connection;
  /** The object key to write. */
  key: string;
  /** The file's MIME type. It is signed: the upload must send exactly this. */
  contentType: string;
  /**
   * How long the URL works, in seconds (1 to 604800).
   * @default 900
   */
  expiresIn?: number;
  /**
   * Where clients are cached.
   * @default the process-wide cache
   */
  clients?: S3ClientCache;
  /**
   * The signing time.
   * @default the current time
   */
  now?: Date;
}

/** Exactly what a browser must send to upload one file. */
export interface PresignedUpload {
  method: 'PUT';
  url: string;
  /** The headers to send with the request, no more and no less. */
  headers: Record<string, string>;
  /** When the URL stops working. */
  expiresAt: Date;
  bucket: string;
  key: string;
}

const MAX_KEY_BYTES = 1024;

/**
 * Signs a URL that lets a browser PUT one object into the tenant's bucket,
 * with its Content-Type enforced by S3.
 *
 * @example
 * const upload = await presignPut({ connection, key: 'orders/42/scan.stl', contentType: 'model/stl' });
 * await fetch(upload.url, { method: upload.method, headers: upload.headers, body: file });
 */
export async function presignPut(input: PresignPutInput): Promise<PresignedUpload> {
  const { connection, key, contentType } = input;
  if (key.length === 0 || Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) {
    throw new SosError('INVALID_INPUT', `The object key must be 1 to ${MAX_KEY_BYTES} bytes of UTF-8.`, {
      hint: 'Build keys with buildObjectKey, which keeps them within S3 limits.',
    });
  }
  if (contentType.trim() === '') {
    throw new SosError('INVALID_INPUT', 'The content type must not be empty.', {
      hint: 'Send the file type the browser reports, or application/octet-stream.',
    });
  }
  const now = input.now ?? new Date();
  const expiresIn = resolveExpiresIn(input.expiresIn, connection.credentials, now);
  const client = (input.clients ?? defaultClientCache).get(connection);
  const command = new PutObjectCommand({ Bucket: connection.bucket, Key: key, ContentType: contentType });
  const url = await getSignedUrl(client, command, {
    expiresIn,
    signingDate: now,
    signableHeaders: new Set(['content-type']),
  });
  return {
    method: 'PUT',
    url,
    headers: { 'content-type': contentType },
    expiresAt: new Date(Math.floor(now.getTime() / 1000) * 1000 + expiresIn * 1000),
    bucket: connection.bucket,
    key,
  };
}
