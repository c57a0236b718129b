/**
 * The exit statuses of `sos`. `usage` and `software` follow BSD `sysexits.h`
 * (EX_USAGE, EX_SOFTWARE), so scripts can tell a wrong command line from a
 * failed check.
 */
export const EXIT_STATUS = {
  /** The command did its job; the policy is clean; the connection check passed. */
  ok: 0,
  /** `lint-policy` found an error or a security warning; `check` passed with warnings. */
  findings: 1,
  /** `check` found a failure: uploads will not work. */
  failed: 2,
  /** The command line is wrong: unknown command or option, missing or invalid value, no credentials. */
  usage: 64,
  /** Something unexpected went wrong inside `sos`. */
  software: 70,
  /** The person pressed Ctrl+C at a prompt. */
  interrupted: 130,
} as const;

/**
 * A mistake on the command line that commander cannot see by itself (an
 * invalid bucket name, a missing credential, an unreadable file). It ends
 * with a one-line message, the hint, `Run 'sos <command> --help'` and exit
 * status 64.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  /** What to do about it. */
  readonly hint: string | undefined;

  constructor(message: string, hint?: string) {
    super(message);
    this.hint = hint;
  }
}
