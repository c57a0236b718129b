import { isSosError, SosError } from '../errors';
import type { UploadHttpResponse } from './exchange';

/** The headers of every sos answer, as a new object: JSON, never cached. */
export const jsonHeaders = (): Record<string, string> => ({
  'content-type': 'application/json',
  'cache-control': 'no-store',
});

/** Any thrown value as a {@link SosError}: anything else becomes a generic `INTERNAL_ERROR`. */
function asSosError(error: unknown): SosError {
  return isSosError(error)
    ? error
    : new SosError('INTERNAL_ERROR', 'The upload server failed unexpectedly.', {
        hint: 'Try again; if it keeps failing, the server log has the details.',
      });
}

/**
 * The JSON answer for any thrown value, as status, headers and text. A
 * {@link SosError} keeps its code, message and hint (and `Allow` for
 * `METHOD_NOT_ALLOWED`); anything else becomes `INTERNAL_ERROR` with a
 * generic message, so no stack, cause or secret reaches the client.
 */
export function errorHttpResponse(error: unknown): UploadHttpResponse {
  const sosError = asSosError(error);
  const allow = sosError.details?.allow;
  return {
    status: sosError.status,
    headers: Array.isArray(allow) ? { ...jsonHeaders(), allow: allow.join(', ') } : jsonHeaders(),
    body: JSON.stringify({ error: sosError.toJSON() }),
  };
}

/** An {@link UploadHttpResponse} as a web `Response`. */
export function toWebResponse(response: UploadHttpResponse): Response {
  return new Response(response.body, { status: response.status, headers: response.headers });
}

/**
 * The JSON response for any thrown value, as a web `Response`: see
 * {@link errorHttpResponse}. Like every sos answer, it must not be cached
 * (`Cache-Control: no-store`).
 */
export function errorResponse(error: unknown): Response {
  return toWebResponse(errorHttpResponse(error));
}
