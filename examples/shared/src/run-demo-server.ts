import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isSosError } from '@sos/core';
import { readDemoConfig } from './config';
import { type Demo, startDemo } from './demo';

/** A server listening for the demo. */
export interface ListeningServer {
  /** The port it listens on (the real one when 0 was asked for). */
  port: number;
  /** Stops accepting requests and closes open connections. */
  close(): Promise<void>;
}

/** The framework line: build the app around `demo` and listen on `port` and `host`. */
export type DemoListen = (demo: Demo, port: number, host: string) => Promise<ListeningServer>;

/** Options of {@link runDemoServer}. */
export interface RunDemoServerOptions {
  /** Named in the console: `Express`, `Fastify`. */
  framework: string;
  /** The data folder when `SOS_DATA_DIR` is not set (database, generated vault key). */
  dataDir: string | URL;
  listen: DemoListen;
}

const CHECK_WORDS = { ok: 'passed', degraded: 'passed with warnings', failed: 'failed', none: 'not run' } as const;

const ENV_FILE = fileURLToPath(new URL('../../.env', import.meta.url));

function describeFailure(error: unknown, port: number): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE')
    return `Port ${port} is in use.\n  Stop the other server, or start this one with PORT=${port + 1}.`;
  if (isSosError(error)) return `${error.message}${error.hint ? `\n  ${error.hint}` : ''}`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Starts the demo for a command line: reads `examples/.env` when there is
 * one, then the environment, starts the demo, listens, prints the URL to
 * open, and on Ctrl+C or SIGTERM closes the server and stops the embedded S3
 * server (its folder is deleted). A bad setting or a busy port is reported in
 * words, with exit status 1.
 */
export async function runDemoServer(options: RunDemoServerOptions): Promise<void> {
  if (existsSync(ENV_FILE)) process.loadEnvFile(ENV_FILE);
  // The SDK's notice that its releases from 2027 need Node 22 reads like an error in the
  // demo's console; the lockfile pins versions that work on Node 20 (see the README).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const dataDir = options.dataDir instanceof URL ? fileURLToPath(options.dataDir) : options.dataDir;
  let demo: Demo | undefined;
  let server: ListeningServer | undefined;
  let port = 3000;
  try {
    const config = readDemoConfig(process.env, { dataDir });
    port = config.port;
    demo = await startDemo(config);
    server = await options.listen(demo, config.port, config.host);
    await demo.listening(server.port);
    // Stop cleanly from the moment the server listens, before anyone is told it runs.
    const [running, listening] = [demo, server];
    const shutdown = async (): Promise<void> => {
      config.log('stopping…');
      await listening.close();
      await running.stop();
      process.exit(0);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
    const labs = demo.labs.listRecords();
    const url = demo.origins[0] ?? `http://localhost:${server.port}`;
    config.log(
      [
        `Simple Order System demo (sos example, ${options.framework})`,
        '',
        `  open ${url}`,
        '',
        `  storage: ${demo.storage.description}`,
        labs.length === 0
          ? `  labs: none yet; add your lab's bucket and keys at ${url}/labs`
          : `  labs: ${labs.map((lab) => `${lab.name} (bucket ${lab.bucket}, connection check ${CHECK_WORDS[lab.lastCheck?.status ?? 'none']})`).join('; ')}`,
        `  data: ${config.dataDir}`,
        '  Ctrl+C stops it.',
      ].join('\n'),
    );
  } catch (error) {
    console.error(`The demo could not start: ${describeFailure(error, port)}`);
    await server?.close();
    await demo?.stop();
    process.exitCode = 1;
  }
}
