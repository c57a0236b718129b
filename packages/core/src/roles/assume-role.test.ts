import { inspect } from 'node:util';
import { STSServiceException } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { roleAssumeError } from './assume-role';

const ROLE = { roleArn: 'arn:aws:iam::111122223333:role/sos-upload', externalId: 'sos-7f3a9c2e' };
const stsError = (name: string, status: number, message = `${name} from STS`) =>
  new STSServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status }, message });

describe('roleAssumeError', () => {
  it.each([
    ['AccessDenied', 403, 'ROLE_ASSUME_DENIED', 502],
    ['InvalidClientTokenId', 403, 'ROLE_VENDOR_CREDENTIALS_INVALID', 500],
    ['SignatureDoesNotMatch', 403, 'ROLE_VENDOR_CREDENTIALS_INVALID', 500],
    ['ExpiredToken', 400, 'ROLE_VENDOR_CREDENTIALS_INVALID', 500],
    ['RegionDisabledException', 403, 'ROLE_ASSUME_FAILED', 503],
    ['ValidationError', 400, 'ROLE_ASSUME_FAILED', 503],
    ['InternalFailure', 500, 'ROLE_ASSUME_FAILED', 503],
  ])('maps %s (%i) to %s', (name, status, code, httpStatus) => {
    const error = roleAssumeError(stsError(name, status), ROLE);
    expect(error).toMatchObject({ code, status: httpStatus, details: { roleArn: ROLE.roleArn, stsError: name } });
    expect(error.hint).toEqual(expect.any(String));
  });

  it('maps a missing credential chain to ROLE_VENDOR_CREDENTIALS_INVALID', () => {
    const error = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
    expect(roleAssumeError(error, ROLE).code).toBe('ROLE_VENDOR_CREDENTIALS_INVALID');
  });

  it('keeps a scrubbed cause, without the vendor secret', () => {
    const vendorSecret = 'vEnDoR/SeCrEt+0123456789abcdefghijklmnop';
    const error = roleAssumeError(stsError('SignatureDoesNotMatch', 403, `bad sig for ${vendorSecret}`), ROLE, [
      vendorSecret,
    ]);
    expect(inspect(error, { depth: Number.POSITIVE_INFINITY })).not.toContain(vendorSecret);
    expect(error.message).not.toContain('STS');
  });
});
