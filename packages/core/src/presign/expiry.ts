import type { AccessKeyCredentials } from '../connection';
import { SosError } from '../errors';
import type { TenantCredentials } from '../redaction';

/** The lifetime of a presigned URL when none is given: 15 minutes. */
export const DEFAULT_EXPIRES_IN = 900;
/** The longest lifetime SigV4 allows: 7 days. */
export const MAX_EXPIRES_IN = 604_800;

/**
 * Checks a requested URL lifetime, in whole seconds, against SigV4's limits
 * and the credentials' own expiry, and returns it. A URL never outlives
 * temporary credentials: with credentials you passed in, a longer lifetime is
 * refused (`INVALID_EXPIRY`); with credentials core assumed from a role
 * (which it renews itself), the lifetime is capped at their expiry.
 */
export function resolveExpiresIn(expiresIn: number | undefined, credentials: AccessKeyCredentials, now: Date): number {
  const seconds = expiresIn ?? DEFAULT_EXPIRES_IN;
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_EXPIRES_IN) {
    throw new SosError('INVALID_EXPIRY', `expiresIn must be a whole number of seconds from 1 to ${MAX_EXPIRES_IN}.`, {
      hint: 'Presigned URLs live at most 7 days (604800 s); the default is 900 s.',
      details: { expiresIn: seconds },
    });
  }
  const { expiration } = credentials;
  if (expiration !== undefined) {
    const left = Math.floor((expiration.getTime() - now.getTime()) / 1000);
    if (left <= 0) {
      throw new SosError('CREDENTIALS_EXPIRED', 'The temporary credentials for this bucket have expired.', {
        hint: 'Refresh the temporary credentials (assume the role again) before signing.',
        details: { expiration: expiration.toISOString() },
      });
    }
    if (seconds > left) {
      // Read as a field, not with instanceof, so a second copy of the package agrees.
      if (typeof (credentials as Partial<TenantCredentials>).assumedRole === 'string') return left;
      throw new SosError(
        'INVALID_EXPIRY',
        `The URL would outlive its temporary credentials, which expire in ${left} s.`,
        {
          hint: `Ask for at most ${left} s, or refresh the credentials first: S3 refuses URLs signed with expired credentials.`,
          details: { expiresIn: seconds, credentialsExpireIn: left },
        },
      );
    }
  }
  return seconds;
}
