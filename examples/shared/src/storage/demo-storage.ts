import { type LocalS3, startLocalS3 } from '@sos/local-s3';
import type { StorageConfig } from '../config';

/** Where the labs' buckets are, once started. */
export interface DemoStorage {
  config: StorageConfig;
  /** The endpoint every lab's connection uses; `undefined` for Amazon S3. */
  endpoint: string | undefined;
  /** The embedded S3 server (embedded mode only). */
  localS3: LocalS3 | undefined;
  /** One line for the console. */
  description: string;
  /** Stops the embedded server and deletes its files; nothing to do otherwise. */
  stop(): Promise<void>;
}

/**
 * Starts the embedded S3 server (`@sos/local-s3`, on 127.0.0.1, files in a
 * temporary folder) in embedded mode; for Amazon S3 or another service there
 * is nothing to start.
 */
export async function startDemoStorage(config: StorageConfig): Promise<DemoStorage> {
  if (config.mode === 'aws') {
    return { config, endpoint: undefined, localS3: undefined, description: 'Amazon S3', stop: async () => {} };
  }
  if (config.mode === 'custom') {
    return {
      config,
      endpoint: config.endpoint,
      localS3: undefined,
      description: `the S3-compatible service at ${config.endpoint}`,
      stop: async () => {},
    };
  }
  const localS3 = await startLocalS3();
  return {
    config,
    endpoint: localS3.endpoint,
    localS3,
    description: `the embedded S3 server at ${localS3.endpoint} (files in ${localS3.directory}, deleted when the demo stops)`,
    stop: () => localS3.stop(),
  };
}
