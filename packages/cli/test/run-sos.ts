import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built binary the tests run, as users do. */
export const SOS_BIN = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

if (!existsSync(SOS_BIN)) {
  throw new Error(
    `${SOS_BIN} is missing. The CLI tests run the built binary: build it first with "npx tsup" in packages/cli ` +
      '(pnpm test and turbo run test build it first).',
  );
}

/** What one run of `sos` did. */
export interface SosRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Options of {@link runSos}. */
export interface RunSosOptions {
  /** Extra environment variables; the test runner's own AWS_* variables are never passed on. */
  env?: Record<string, string>;
  /** Written to standard input, which is then closed (it is never a terminal). */
  input?: string;
  /** @default 30000 */
  timeoutMs?: number;
}

function baseEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !name.startsWith('AWS_') && name !== 'SOS_DEBUG' && name !== 'NO_COLOR') {
      env[name] = value;
    }
  }
  return env;
}

/**
 * Runs `node dist/cli.js ...args` as a child process, with pipes (not a
 * terminal) for its streams, and resolves with its exit status and output.
 */
export function runSos(args: readonly string[], options: RunSosOptions = {}): Promise<SosRun> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [SOS_BIN, ...args],
      { env: { ...baseEnvironment(), ...options.env }, timeout: options.timeoutMs ?? 30_000, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== 'number') {
          reject(
            new Error(`sos ${args.join(' ')} did not exit normally (${error.signal ?? error.message})\n${stderr}`),
          );
          return;
        }
        resolve({ status: error === null ? 0 : Number(error.code), stdout, stderr });
      },
    );
    child.stdin?.end(options.input ?? '');
  });
}

/** Escape sequences of colours: output to a pipe must have none. */
export const ANSI_ESCAPE = new RegExp(`${String.fromCharCode(27)}\\[`);
