/// <reference path="./s3rver.d.ts" />
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from '@20minutes/s3rver';
import AWSAccount from '@20minutes/s3rver/lib/models/account.js';
import { corsRulesToXml, type LocalS3CorsRule } from './cors-xml';

/** A key pair the embedded server accepts. */
export interface LocalS3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** A bucket to create when the server starts. */
export interface LocalS3Bucket {
  name: string;
  /** CORS rules for browser uploads; without them preflights are refused. */
  cors?: LocalS3CorsRule[];
}

/** Options of {@link startLocalS3}. */
export interface LocalS3Options {
  /** Buckets to create, by name or with CORS rules. */
  buckets?: (string | LocalS3Bucket)[];
  /**
   * The region the server claims; any works, since it signs and checks with it.
   * @default 'us-east-1'
   */
  region?: string;
  /**
   * The first key pair the server accepts.
   * @default a random pair, shaped like an IAM user's keys
   */
  credentials?: LocalS3Credentials;
  /**
   * The port to listen on, on 127.0.0.1.
   * @default 0 (any free port)
   */
  port?: number;
}

/** A running embedded S3 server. */
export interface LocalS3 {
  /** `http://127.0.0.1:PORT`: use it with path-style requests. */
  endpoint: string;
  region: string;
  /** The key pair given or generated at start. */
  credentials: LocalS3Credentials;
  /** The folder that holds the objects; removed by `stop()`. */
  directory: string;
  /** Creates (or reconfigures) a bucket while the server runs. */
  createBucket(bucket: string | LocalS3Bucket): Promise<void>;
  /** Makes one more key pair that the server accepts, e.g. one per demo tenant. */
  createAccessKey(): LocalS3Credentials;
  /** Stops the server, forgets its keys and deletes its files. Safe to call twice. */
  stop(): Promise<void>;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A random key pair shaped like an IAM user's: `AKIA` + 16 base32 chars, and 40 base64 chars. */
export function generateLocalCredentials(): LocalS3Credentials {
  const id = Array.from(randomBytes(16), (byte) => BASE32[byte % 32]).join('');
  const secret = randomBytes(30).toString('base64');
  return { accessKeyId: `AKIA${id}`, secretAccessKey: secret };
}

let nextAccountId = 100_000_000_000;

function toBucketConfig(bucket: string | LocalS3Bucket): { name: string; configs: string[] } {
  const { name, cors } = typeof bucket === 'string' ? { name: bucket, cors: undefined } : bucket;
  return { name, configs: cors === undefined ? [] : [corsRulesToXml(cors)] };
}

interface S3rverInternals {
  _configureBuckets: { name: string; configs: string[] }[];
  configureBuckets(): Promise<void>;
}

/**
 * Starts an S3-compatible server (`@20minutes/s3rver`) on 127.0.0.1 in a
 * temporary folder. It verifies SigV4 signatures, header and presigned, but
 * enforces no IAM policy, POST policy condition or payload checksum.
 *
 * @example
 * const s3 = await startLocalS3({ buckets: ['lab-a'] });
 * // ... use s3.endpoint, s3.region, s3.credentials with forcePathStyle
 * await s3.stop();
 */
export async function startLocalS3(options: LocalS3Options = {}): Promise<LocalS3> {
  // The package ships a well-known key pair; only keys made here may work.
  AWSAccount.DUMMY_ACCOUNT.revokeAccessKey('S3RVER');

  const directory = await mkdtemp(join(tmpdir(), 'sos-local-s3-'));
  const region = options.region ?? 'us-east-1';
  const credentials = options.credentials ?? generateLocalCredentials();
  const account = new AWSAccount(nextAccountId++, 'sos-local-s3');
  const keys: string[] = [];
  const addKey = (pair: LocalS3Credentials): LocalS3Credentials => {
    account.createKeyPair(pair.accessKeyId, pair.secretAccessKey);
    keys.push(pair.accessKeyId);
    return pair;
  };
  addKey(credentials);

  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 0,
    silent: true,
    directory,
    vhostBuckets: false,
    configureBuckets: (options.buckets ?? []).map(toBucketConfig),
  });
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    for (const key of keys) account.revokeAccessKey(key);
    if (server.httpServer?.listening) {
      const closed = server.close();
      server.httpServer.closeAllConnections();
      await closed;
    }
    await rm(directory, { recursive: true, force: true });
  };

  try {
    const { port } = await server.run();
    return {
      endpoint: `http://127.0.0.1:${port}`,
      region,
      credentials,
      directory,
      async createBucket(bucket) {
        const internals = server as unknown as S3rverInternals;
        internals._configureBuckets = [toBucketConfig(bucket)];
        await internals.configureBuckets();
      },
      createAccessKey: () => addKey(generateLocalCredentials()),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
