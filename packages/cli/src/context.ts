import type { Readable, Writable } from 'node:stream';

/** What the command line reads from and writes to: the process's own streams and environment in `cli.ts`. */
export interface CliContext {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
  /** Records the exit status the command ends with (0 unless a command says otherwise). */
  setExitStatus(status: number): void;
  /** Values blanked out of any error text: the secret and session token, once they are known. */
  readonly secrets: Set<string>;
}
