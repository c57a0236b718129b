import { errorResponse, isSosError } from '@sos/core';

/** Options of {@link AppError}. */
export interface AppErrorOptions {
  /** What to do next. */
  hint?: string;
  /** The form field the error is about, so the page can point at it. */
  field?: string;
}

/**
 * An error of the demo's own routes: an HTTP status, a stable code, a message
 * a person can act on, and the form field it concerns. Answered as
 * `{ error: { code, message, hint, field } }`, the shape of sos's errors.
 */
export class AppError extends Error {
  override readonly name = 'AppError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly options: AppErrorOptions = {},
  ) {
    super(message);
  }
}

/**
 * The JSON answer for anything a route threw: the demo's own errors and
 * `SosError`s keep their code, message and hint; anything else is logged and
 * answered with a generic 500, so no stack or secret reaches the page.
 */
export function errorToResponse(error: unknown, log: (line: string) => void): Response {
  if (error instanceof AppError) {
    const { hint, field } = error.options;
    return Response.json(
      { error: { code: error.code, message: error.message, ...(hint ? { hint } : {}), ...(field ? { field } : {}) } },
      { status: error.status, headers: { 'cache-control': 'no-store' } },
    );
  }
  if (!isSosError(error)) log(`request failed: ${error instanceof Error ? error.message : String(error)}`);
  const response = errorResponse(error);
  response.headers.set('cache-control', 'no-store');
  return response;
}
