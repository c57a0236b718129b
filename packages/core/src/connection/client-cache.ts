import { createHash } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { LRUCache } from 'lru-cache';
import type { Connection } from './types';

/** Whether requests for this connection put the bucket in the URL path. */
export function usesPathStyle(connection: Connection): boolean {
  return connection.forcePathStyle ?? (connection.endpoint !== undefined || connection.bucket.includes('.'));
}

/**
 * A new S3 client for a connection, configured for presigned browser uploads.
 *
 * Checksums are only computed when an operation requires them: with the SDK
 * default, presigned PUT URLs carry the CRC32 of an empty body and real S3
 * rejects every upload made with them. Requests time out (the SDK's default
 * is to wait forever on an endpoint that accepts and never answers), and a
 * timed-out attempt is retried like any transient failure.
 */
export function createS3Client(connection: Connection, timeouts: S3ClientCacheOptions['timeouts'] = {}): S3Client {
  const { accessKeyId, secretAccessKey, sessionToken, expiration } = connection.credentials;
  return new S3Client({
    region: connection.region,
    credentials: { accessKeyId, secretAccessKey, sessionToken, expiration },
    forcePathStyle: usesPathStyle(connection),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: { connectionTimeout: timeouts.connectMs ?? 5_000, socketTimeout: timeouts.idleMs ?? 30_000 },
    ...(connection.endpoint === undefined ? {} : { endpoint: connection.endpoint }),
  });
}

/**
 * The cache key of a connection's client. It holds a hash of the secret, never
 * the secret, so a rotated key gets a new client and a dump of the cache's keys
 * reveals nothing.
 */
export function connectionFingerprint(connection: Connection): string {
  const { accessKeyId, secretAccessKey, sessionToken } = connection.credentials;
  return createHash('sha256')
    .update(
      JSON.stringify([
        connection.endpoint ?? '',
        connection.region,
        usesPathStyle(connection),
        accessKeyId,
        createHash('sha256').update(secretAccessKey).digest('base64'),
        sessionToken ?? '',
      ]),
    )
    .digest('base64url');
}

interface SeenConnection {
  fingerprint: string;
  endpoint: string | undefined;
  region: string;
  bucket: string;
  forcePathStyle: boolean | undefined;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string | undefined;
}

/** Options for {@link S3ClientCache}. */
export interface S3ClientCacheOptions {
  /**
   * How many tenants' clients to keep. The least recently used one is destroyed
   * (its sockets closed) when a new one would exceed this.
   * @default 500
   */
  maxClients?: number;
  /**
   * How long each S3 request attempt may stall before it fails with `S3_TIMEOUT`:
   * `connectMs` to connect, `idleMs` without a byte sent or received.
   * @default { connectMs: 5000, idleMs: 30000 }
   */
  timeouts?: { connectMs?: number; idleMs?: number };
}

/**
 * A bounded least-recently-used cache of S3 clients, one per tenant
 * connection, so each request does not pay for building a client.
 *
 * @example
 * const clients = new S3ClientCache({ maxClients: 1000 });
 * const s3 = clients.get(connection);
 */
export class S3ClientCache {
  readonly #clients: LRUCache<string, S3Client>;
  readonly #timeouts: S3ClientCacheOptions['timeouts'];
  // Fingerprints of connection objects already seen, so that signing many
  // URLs for the same connection does not hash the secret each time. An entry
  // is reused only while every field the fingerprint depends on is unchanged.
  readonly #seen = new WeakMap<Connection, SeenConnection>();

  constructor(options: S3ClientCacheOptions = {}) {
    this.#timeouts = options.timeouts;
    this.#clients = new LRUCache<string, S3Client>({
      max: options.maxClients ?? 500,
      dispose: (client) => client.destroy(),
    });
  }

  /** The cached client for a connection, created on first use. */
  get(connection: Connection): S3Client {
    const fingerprint = this.#fingerprintOf(connection);
    let client = this.#clients.get(fingerprint);
    if (client === undefined) {
      client = createS3Client(connection, this.#timeouts);
      this.#clients.set(fingerprint, client);
    }
    return client;
  }

  #fingerprintOf(connection: Connection): string {
    const seen = this.#seen.get(connection);
    const { credentials } = connection;
    if (
      seen !== undefined &&
      seen.endpoint === connection.endpoint &&
      seen.region === connection.region &&
      seen.bucket === connection.bucket &&
      seen.forcePathStyle === connection.forcePathStyle &&
      seen.accessKeyId === credentials.accessKeyId &&
      seen.secretAccessKey === credentials.secretAccessKey &&
      seen.sessionToken === credentials.sessionToken
    ) {
      return seen.fingerprint;
    }
    const fingerprint = connectionFingerprint(connection);
    this.#seen.set(connection, {
      fingerprint,
      endpoint: connection.endpoint,
      region: connection.region,
      bucket: connection.bucket,
      forcePathStyle: connection.forcePathStyle,
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
    });
    return fingerprint;
  }

  /** How many clients are cached now. */
  get size(): number {
    return this.#clients.size;
  }

  /** Destroys every cached client. */
  clear(): void {
    this.#clients.clear();
  }
}

/** The process-wide cache used when a caller does not bring its own. */
export const defaultClientCache = new S3ClientCache();
