import { resolve } from 'node:path';
import { generateCorsConfiguration, SosError } from '@sos/core';

/** Where the labs' buckets are: the embedded server, AWS, or another S3-compatible service. */
export type StorageConfig = { mode: 'embedded' } | { mode: 'aws' } | { mode: 'custom'; endpoint: string };

/** Everything the demo reads from its environment, checked. */
export interface DemoConfig {
  /** The port to listen on; 0 takes any free port. */
  port: number;
  /** The address to listen on. */
  host: string;
  storage: StorageConfig;
  /** The app's origins from `SOS_ORIGINS`; otherwise they follow from the port once the server listens. */
  origins: string[] | undefined;
  /** The folder for the database and the generated vault key. */
  dataDir: string;
  /** `SOS_DEMO_VAULT_KEY`: 32 bytes in base64 that seal the labs' secrets. */
  vaultKey: string | undefined;
  /** `SOS_CLOUDFORMATION_TEMPLATE_URL`: where the template is hosted, for the quick-create link. */
  cloudFormationTemplateUrl: string | undefined;
  /** Where the demo says what it does (the console). */
  log(line: string): void;
}

/** What {@link readDemoConfig} needs besides the environment. */
export interface DemoConfigDefaults {
  /** The data folder when `SOS_DATA_DIR` is not set. */
  dataDir: string;
  /** @default console.log */
  log?: (line: string) => void;
}

function configError(message: string, hint: string): SosError {
  return new SosError('INVALID_INPUT', message, { hint });
}

function readPort(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw configError(
      `PORT=${value} is not a port number.`,
      'Use a whole number from 1 to 65535, or 0 for any free port.',
    );
  }
  return port;
}

function readStorage(value: string | undefined): StorageConfig {
  const text = value?.trim() ?? '';
  if (text === '' || text === 'embedded') return { mode: 'embedded' };
  if (text === 'aws') return { mode: 'aws' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw configError(
      `SOS_S3_ENDPOINT=${text} is neither "embedded", "aws" nor a URL.`,
      'Leave it empty for the embedded S3 server, write "aws" for Amazon S3, or give the URL of an S3-compatible service such as http://127.0.0.1:9000.',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw configError(`SOS_S3_ENDPOINT=${text} is not an http(s) URL.`, 'Give it as http://host:port or https://host.');
  }
  return { mode: 'custom', endpoint: url.origin };
}

function readOrigins(value: string | undefined): string[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const origins = value
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  // Checked now, so a typo stops the start rather than every CORS rule later.
  generateCorsConfiguration({ origins });
  return origins;
}

function readOptional(value: string | undefined): string | undefined {
  const text = value?.trim();
  return text === undefined || text === '' ? undefined : text;
}

/**
 * Reads the demo's settings from environment variables (documented in
 * `examples/.env.example`), failing with a message and a hint on a bad value.
 *
 * @example
 * const config = readDemoConfig(process.env, { dataDir: fileURLToPath(new URL('../.data', import.meta.url)) });
 */
export function readDemoConfig(env: NodeJS.ProcessEnv, defaults: DemoConfigDefaults): DemoConfig {
  return {
    port: readPort(env.PORT),
    host: readOptional(env.HOST) ?? '127.0.0.1',
    storage: readStorage(env.SOS_S3_ENDPOINT),
    origins: readOrigins(env.SOS_ORIGINS),
    dataDir: resolve(readOptional(env.SOS_DATA_DIR) ?? defaults.dataDir),
    vaultKey: readOptional(env.SOS_DEMO_VAULT_KEY),
    cloudFormationTemplateUrl: readOptional(env.SOS_CLOUDFORMATION_TEMPLATE_URL),
    log: defaults.log ?? ((line) => console.log(line)),
  };
}

/** The origins a browser may use to reach a server on this port: `localhost` and `127.0.0.1`. */
export function localOrigins(port: number): string[] {
  return [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
}
