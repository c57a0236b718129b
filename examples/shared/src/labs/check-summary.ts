import type { VerifyResult } from '@sos/core';
import type { LastCheck } from '../store';

/** The part of a connection check kept with the lab: its status and the first problem. */
export function summarizeCheck(result: VerifyResult, now = new Date()): LastCheck {
  const problem =
    result.checks.find((check) => check.status === 'fail') ?? result.checks.find((check) => check.status === 'warn');
  return {
    status: result.status,
    at: now.toISOString(),
    ...(problem === undefined
      ? {}
      : { problem: { id: problem.id, code: problem.code, message: problem.message, hint: problem.hint } }),
  };
}
