import type { AccessKeyCredentials } from '../connection';
import { isSosError, SosError } from '../errors';
import { scrubError } from '../redaction';

/**
 * What a failure inside the SDK's own presigner becomes: a `SosError` whose
 * cause is scrubbed of the credentials that were signing.
 */
export function signingError(error: unknown, credentials: AccessKeyCredentials): SosError {
  if (isSosError(error)) return error;
  return new SosError('INTERNAL_ERROR', 'The upload could not be signed.', {
    hint: 'Check the connection’s region, endpoint and bucket; the server log has the cause.',
    cause: scrubError(error, [credentials.secretAccessKey, credentials.sessionToken ?? '']),
  });
}
