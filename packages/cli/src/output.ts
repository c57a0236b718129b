import type { Writable } from 'node:stream';
import type { ValidationIssue } from '@sos/core';
import pc from 'picocolors';
import type { Colors } from 'picocolors/types';
import type { CliContext } from './context';

/**
 * Whether to colour what goes to a stream: only a terminal, and never when
 * `NO_COLOR` is set to anything but the empty string (https://no-color.org).
 */
export function colourEnabled(stream: { isTTY?: boolean }, env: CliContext['env']): boolean {
  return stream.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '');
}

/** The colours for a stream: real ones on a terminal, no-ops otherwise. */
export function coloursFor(stream: { isTTY?: boolean }, env: CliContext['env']): Colors {
  return pc.createColors(colourEnabled(stream, env));
}

/** Writes lines of text, each ending in a newline. */
export function writeLines(stream: Writable, lines: readonly string[]): void {
  if (lines.length > 0) stream.write(`${lines.join('\n')}\n`);
}

/** Writes a value as indented JSON: the form of every `--json` output and every generated document. */
export function writeJson(stream: Writable, value: unknown): void {
  stream.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Writes warnings about the input (a bucket name with dots, a wildcard origin) to stderr, so stdout stays pipeable. */
export function writeWarnings(context: CliContext, issues: readonly ValidationIssue[]): void {
  const colours = coloursFor(context.stderr, context.env);
  writeLines(
    context.stderr,
    issues.flatMap((issue) => [`${colours.yellow('warning:')} ${issue.message}`, `  ${issue.hint}`]),
  );
}

/** Replaces every known secret in a text, so no error message can show one. */
export function redact(text: string, secrets: ReadonlySet<string>): string {
  let clean = text;
  for (const secret of secrets) if (secret !== '') clean = clean.split(secret).join('[redacted]');
  return clean;
}

/** Writes a usage error in the same three lines commander uses: message, hint, where to find help. */
export function writeUsageError(
  context: CliContext,
  error: { message: string; hint?: string | undefined },
  helpLine: string,
): void {
  const colours = coloursFor(context.stderr, context.env);
  const lines = [`${colours.red('error:')} ${redact(error.message, context.secrets)}`];
  if (error.hint !== undefined && error.hint !== '') lines.push(`hint: ${redact(error.hint, context.secrets)}`);
  lines.push(helpLine);
  writeLines(context.stderr, lines);
}

/**
 * Writes an unexpected error as one line, without its stack unless
 * `SOS_DEBUG=1`, and never with a secret in it.
 */
export function writeUnexpectedError(context: CliContext, error: unknown): void {
  const colours = coloursFor(context.stderr, context.env);
  const message = error instanceof Error ? error.message : String(error);
  const oneLine =
    redact(message, context.secrets)
      .replace(/\s*\n\s*/g, ' ')
      .trim() || 'unknown error';
  const debug = context.env.SOS_DEBUG === '1';
  const lines = [
    `${colours.red('error:')} unexpected failure: ${oneLine}${debug ? '' : ' (set SOS_DEBUG=1 to see the stack trace)'}`,
  ];
  if (debug && error instanceof Error && error.stack !== undefined) lines.push(redact(error.stack, context.secrets));
  writeLines(context.stderr, lines);
}
