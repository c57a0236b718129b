import { CHECK_IDS, type CheckStatus, type ConnectionCheck, type VerifyResult } from '@sos/core';
import type { Colors } from 'picocolors/types';

/** The mark in front of each check: ✓ pass, ! warn, ✗ fail, - skip. */
export const CHECK_MARKS: Readonly<Record<CheckStatus, string>> = { pass: '✓', warn: '!', fail: '✗', skip: '-' };

const ID_WIDTH = Math.max(...CHECK_IDS.map((id) => id.length)) + 2;
const INDENT = ' '.repeat(2 + ID_WIDTH);

/** The documents a check hands over to paste, each under the name its hint uses. */
const PASTE_DETAILS = [
  ['policy', 'the policy to paste:'],
  ['cors', 'the CORS rule to paste:'],
  ['trustPolicy', 'the trust policy to paste:'],
] as const;

function mark(status: CheckStatus, colours: Colors): string {
  const paint = { pass: colours.green, warn: colours.yellow, fail: colours.red, skip: colours.dim }[status];
  return paint(CHECK_MARKS[status]);
}

const messagesOf = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.flatMap((item: unknown) =>
        typeof item === 'object' && item !== null && 'message' in item && typeof item.message === 'string'
          ? [item.message]
          : [],
      )
    : [];

/** What follows a warning or failure: the hint, the format check's other findings, and any document to paste. */
function explain(check: ConnectionCheck, colours: Colors): string[] {
  const lines = [`${INDENT}${check.hint}`];
  const details = check.details ?? {};
  if (check.id === 'format') {
    const others = [...messagesOf(details.errors), ...messagesOf(details.warnings)].filter(
      (message) => message !== check.message,
    );
    lines.push(...others.map((message) => `${INDENT}${colours.dim('also:')} ${message}`));
  }
  for (const [name, label] of PASTE_DETAILS) {
    const document = details[name];
    if (typeof document !== 'string') continue;
    lines.push(`${INDENT}${colours.dim(label)}`);
    lines.push(...document.split('\n').map((line) => `${INDENT}  ${line}`));
  }
  return lines;
}

function summary(result: VerifyResult, colours: Colors): string {
  const count = (status: CheckStatus) => result.checks.filter((check) => check.status === status).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (result.status === 'failed') {
    return colours.red(
      `${CHECK_MARKS.fail} Failed: uploads will not work. Fix the ${plural(count('fail'), 'failed check')} above, then run sos check again.`,
    );
  }
  if (result.status === 'degraded') {
    return colours.yellow(
      `${CHECK_MARKS.warn} Degraded: uploads work, but see the ${plural(count('warn'), 'warning')} above.`,
    );
  }
  return colours.green(`${CHECK_MARKS.pass} OK: browsers can upload into this bucket.`);
}

/**
 * The connection check for people: one line per check with its mark and
 * message, the hint (and any policy or CORS rule to paste) indented under
 * warnings and failures, and a closing verdict.
 *
 * @example
 * writeLines(context.stdout, formatChecklist(await verifyConnection(connection), coloursFor(context.stdout, env)));
 */
export function formatChecklist(result: VerifyResult, colours: Colors): string[] {
  const lines: string[] = [];
  for (const check of result.checks) {
    lines.push(`${mark(check.status, colours)} ${colours.bold(check.id.padEnd(ID_WIDTH))}${check.message}`);
    if (check.status === 'warn' || check.status === 'fail') lines.push(...explain(check, colours));
  }
  lines.push('', summary(result, colours));
  return lines;
}
