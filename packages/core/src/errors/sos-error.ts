import { httpStatusFor, type SosErrorCode } from './codes';

/** Options for {@link SosError}. */
export interface SosErrorOptions {
  /** What the person who sees the error should do next. */
  hint?: string;
  /** The lower-level error, kept for logs. It is never sent to a client. */
  cause?: unknown;
  /** Machine-readable facts about the failure (never a secret). */
  details?: Readonly<Record<string, unknown>>;
}

/** The JSON shape of an error, as sent to a client. */
export interface SosErrorJSON {
  code: SosErrorCode;
  message: string;
  hint?: string;
}

/**
 * The one error class of sos: a stable `code`, a `message` a person can act
 * on, an optional `hint`, and the HTTP `status` from the code table.
 *
 * @example
 * try { await presignPut(input); }
 * catch (error) {
 *   if (isSosError(error) && error.code === 'INVALID_EXPIRY') { ... }
 * }
 */
export class SosError extends Error {
  override readonly name = 'SosError';
  /** The stable error code. */
  readonly code: SosErrorCode;
  /** What to do next, when there is something useful to say. */
  readonly hint: string | undefined;
  /** Machine-readable facts about the failure. */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: SosErrorCode, message: string, options: SosErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
  }

  /** The HTTP status that goes with this error's code. */
  get status(): number {
    return httpStatusFor(this.code);
  }

  /** What a client may see: code, message and hint; never the cause or stack. */
  toJSON(): SosErrorJSON {
    return this.hint === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, hint: this.hint };
  }
}

/** Whether a value is a {@link SosError} (also across duplicated package copies). */
export function isSosError(value: unknown): value is SosError {
  return (
    value instanceof SosError ||
    (value instanceof Error && value.name === 'SosError' && typeof (value as SosError).code === 'string')
  );
}
