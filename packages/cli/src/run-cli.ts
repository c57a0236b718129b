import { isSosError } from '@sos/core';
import { type Command, CommanderError } from 'commander';
import type { CliContext } from './context';
import { EXIT_STATUS, UsageError } from './errors';
import { writeLines, writeUnexpectedError, writeUsageError } from './output';
import { createProgram, helpLineFor } from './program';

/** The streams and environment `sos` runs with. */
export type CliIo = Pick<CliContext, 'stdin' | 'stdout' | 'stderr' | 'env'>;

function exitStatusFor(error: unknown, context: CliContext, command: Command): number {
  // Commander has already printed its message (or the help, or the version).
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_STATUS.ok : EXIT_STATUS.usage;
  if (error instanceof UsageError || (isSosError(error) && error.code === 'INVALID_INPUT')) {
    writeUsageError(context, error, helpLineFor(command));
    return EXIT_STATUS.usage;
  }
  if (error instanceof Error && error.name === 'ExitPromptError') {
    writeLines(context.stderr, ['Cancelled.']);
    return EXIT_STATUS.interrupted;
  }
  writeUnexpectedError(context, error);
  return EXIT_STATUS.software;
}

/**
 * Runs `sos` with its arguments (without `node` and the script) and returns
 * the exit status: 0 ok, 1 findings or a degraded check, 2 a failed check,
 * 64 a usage error, 70 an unexpected error, 130 a prompt cancelled.
 *
 * @example
 * process.exitCode = await runCli(process.argv.slice(2), process);
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let status: number = EXIT_STATUS.ok;
  const context: CliContext = {
    stdin: io.stdin,
    stdout: io.stdout,
    stderr: io.stderr,
    env: io.env,
    secrets: new Set(),
    setExitStatus: (value) => {
      status = value;
    },
  };
  const program = createProgram(context);
  let active: Command = program;
  program.hook('preAction', (_program, actionCommand) => {
    active = actionCommand;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return status;
  } catch (error) {
    return exitStatusFor(error, context, active);
  }
}
