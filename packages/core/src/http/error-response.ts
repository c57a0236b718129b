import { isSosError, SosError } from '../errors';

/**
 * The JSON response for any thrown value. A {@link SosError} keeps its code,
 * message and hint; anything else becomes `INTERNAL_ERROR` with a generic
 * message, so no stack, cause or secret reaches the client. Like every sos
 * answer, it must not be cached (`Cache-Control: no-store`).
 */
export function errorResponse(error: unknown): Response {
  const sosError = isSosError(error)
    ? error
    : new SosError('INTERNAL_ERROR', 'The upload server failed unexpectedly.', {
        hint: 'Try again; if it keeps failing, the server log has the details.',
      });
  return Response.json(
    { error: sosError.toJSON() },
    { status: sosError.status, headers: { 'cache-control': 'no-store' } },
  );
}
