import type { S3Client } from '@aws-sdk/client-s3';
import type { Connection } from '../connection';
import { isSosError } from '../errors';
import type { S3Problem } from '../s3-errors';
import type { Deadline } from './deadline';
import type { CheckId, ConnectionCheck, VerifyOptions } from './types';

/** What every check of one run shares. */
export interface RunContext {
  /** The connection with the cleaned-up values the format check produced. */
  connection: Connection;
  options: VerifyOptions;
  deadline: Deadline;
  fetch: typeof fetch;
  now: () => Date;
  s3: S3Client;
  /** The probe object's key: `PREFIX/.sos/connection-check`. */
  probeKey: string;
}

/** A check's outcome before it is timed. */
export type CheckOutcome = Omit<ConnectionCheck, 'id' | 'durationMs'>;

/** The key of the one object the check writes, overwritten on every run. */
export function probeKeyFor(prefix: string | undefined): string {
  const folder = (prefix ?? '').replace(/^\/+|\/+$/g, '');
  return folder === '' ? '.sos/connection-check' : `${folder}/.sos/connection-check`;
}

/** Runs one check, timing it; a thrown error becomes a failed check. */
export async function timed(
  id: CheckId,
  run: () => Promise<CheckOutcome> | CheckOutcome,
  onError: (error: unknown) => S3Problem,
): Promise<ConnectionCheck> {
  const started = performance.now();
  let outcome: CheckOutcome;
  try {
    outcome = await run();
  } catch (error) {
    // A SosError (expired temporary credentials, say) already says what to do.
    const problem = isSosError(error)
      ? { code: error.code, message: error.message, hint: error.hint ?? '', cause: error.code }
      : onError(error);
    outcome = {
      status: 'fail',
      code: problem.code,
      message: problem.message,
      hint: problem.hint,
      details: { cause: problem.cause },
    };
  }
  return { id, ...outcome, durationMs: Math.round(performance.now() - started) };
}

/** A check that could not run, and why. */
export function skipped(id: CheckId, reason: string): ConnectionCheck {
  return {
    id,
    status: 'skip',
    code: 'CHECK_SKIPPED',
    message: reason,
    hint: 'Fix the failed checks above, then check again.',
    durationMs: 0,
  };
}
