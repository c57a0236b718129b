import type { AssumeRoleCommandOutput, STSClient } from '@aws-sdk/client-sts';
import type { RoleCredentials } from '../connection';
import { isSosError, SosError } from '../errors';
import { scrubError, TenantCredentials } from '../redaction';
import { describeS3Error } from '../s3-errors';
import { loadStsModule } from './sts-module';

/** One `sts:AssumeRole` call. */
export interface AssumeRoleRequest {
  role: RoleCredentials;
  /** Leave the external ID out: only the confused-deputy check of `verifyConnection` does. */
  withoutExternalId?: boolean;
  sessionName: string;
  durationSeconds: number;
  abortSignal?: AbortSignal;
  /** Secrets to keep out of the error (the vendor's own, when known). */
  secrets?: readonly string[];
}

const VENDOR_CREDENTIAL_ERRORS = new Set([
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'UnrecognizedClientException',
  'CredentialsProviderError',
  'MissingAuthenticationToken',
]);

function errorName(error: unknown): string {
  const record = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  return typeof record.Code === 'string' ? record.Code : typeof record.name === 'string' ? record.name : 'Error';
}

/**
 * Turns a failed `sts:AssumeRole` into a {@link SosError}: `ROLE_ASSUME_DENIED`
 * (the role's trust policy refuses your account or this external ID),
 * `ROLE_VENDOR_CREDENTIALS_INVALID` (your own AWS credentials are missing or
 * wrong) or `ROLE_ASSUME_FAILED`. The STS message is not copied (it names
 * accounts and ARNs); a scrubbed copy of the error is the cause.
 */
export function roleAssumeError(error: unknown, role: RoleCredentials, secrets: readonly string[] = []): SosError {
  if (isSosError(error)) return error;
  const name = errorName(error);
  const cause = scrubError(error, secrets);
  const details = { roleArn: role.roleArn, stsError: name.slice(0, 100) };
  if (name === 'AccessDenied' || name === 'AccessDeniedException') {
    return new SosError('ROLE_ASSUME_DENIED', 'AWS refused to let this service assume the role with its external ID.', {
      hint:
        'The role’s trust policy must allow sts:AssumeRole to the service’s AWS account, with the condition ' +
        'StringEquals sts:ExternalId = the external ID shown in the app. Check the role ARN too.',
      cause,
      details,
    });
  }
  if (VENDOR_CREDENTIAL_ERRORS.has(name)) {
    return new SosError(
      'ROLE_VENDOR_CREDENTIALS_INVALID',
      'The service’s own AWS credentials, used to assume customers’ roles, are missing or invalid.',
      {
        hint: 'Give the server working AWS credentials (an instance or task role, or vendorCredentials) that may call sts:AssumeRole.',
        cause,
        details,
      },
    );
  }
  const hint =
    name === 'RegionDisabledException'
      ? 'STS is not enabled in this region for the account: use another region for STS (the resolver’s `region`).'
      : name === 'ValidationError'
        ? 'STS refused the request: the session may be longer than the role’s maximum session duration (lower durationSeconds).'
        : `Try again; if it persists, check that STS is reachable (${describeS3Error(error).cause}).`;
  return new SosError('ROLE_ASSUME_FAILED', 'The role could not be assumed.', { hint, cause, details });
}

/**
 * Calls `sts:AssumeRole` for a tenant's role with the given STS client (which
 * holds your, the vendor's, credentials), and returns the temporary
 * credentials wrapped so that they never print.
 */
export async function assumeRole(sts: STSClient, request: AssumeRoleRequest): Promise<TenantCredentials> {
  const { role } = request;
  const { AssumeRoleCommand } = await loadStsModule();
  let answer: AssumeRoleCommandOutput;
  try {
    answer = await sts.send(
      new AssumeRoleCommand({
        RoleArn: role.roleArn,
        RoleSessionName: request.sessionName,
        DurationSeconds: request.durationSeconds,
        ...(request.withoutExternalId ? {} : { ExternalId: role.externalId }),
      }),
      request.abortSignal === undefined ? {} : { abortSignal: request.abortSignal },
    );
  } catch (error) {
    throw roleAssumeError(error, role, request.secrets);
  }
  const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = answer?.Credentials ?? {};
  if (
    typeof AccessKeyId !== 'string' ||
    typeof SecretAccessKey !== 'string' ||
    typeof SessionToken !== 'string' ||
    !(Expiration instanceof Date)
  ) {
    throw new SosError('ROLE_ASSUME_FAILED', 'STS assumed the role but returned no usable credentials.', {
      hint: 'Try again; if it persists, check the STS endpoint.',
      details: { roleArn: role.roleArn },
    });
  }
  return new TenantCredentials(
    { accessKeyId: AccessKeyId, secretAccessKey: SecretAccessKey, sessionToken: SessionToken, expiration: Expiration },
    { assumedRole: role.roleArn },
  );
}
