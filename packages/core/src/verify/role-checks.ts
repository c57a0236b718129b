import type { STSClient } from '@aws-sdk/client-sts';
import { validateBucketName } from '../bucket';
import type { RoleConnection } from '../connection';
import { isSosError, type SosError, type ValidationIssue } from '../errors';
import type { TenantCredentials } from '../redaction';
import { parseRegion } from '../region';
import { assumeRole, generateTrustPolicy, parseRoleArn, validateRoleCredentials } from '../roles';
import { loadStsModule } from '../roles/sts-module';
import type { Deadline } from './deadline';
import type { CheckOutcome } from './run-context';
import type { ConnectionCheck, VerifyOptions } from './types';

/** The session name the checks assume the role with, as the customer's CloudTrail shows it. */
const CHECK_SESSION_NAME = 'sos-connection-check';
/** The shortest session STS grants: the check needs only seconds. */
const CHECK_SESSION_SECONDS = 900;

/** The format check of a role connection and, when it passes, the connection with cleaned-up values. */
export interface RoleFormatResult {
  check: ConnectionCheck;
  connection: RoleConnection | undefined;
}

const pick = ({ code, message, hint }: ValidationIssue) => ({ code, message, hint });

/** Checks bucket name, region, role ARN and external ID offline. */
export function checkRoleFormat(connection: RoleConnection): RoleFormatResult {
  const started = performance.now();
  const bucket = validateBucketName(connection.bucket);
  const region = parseRegion(connection.region);
  const errors: ValidationIssue[] = [...bucket.errors, ...validateRoleCredentials(connection.credentials)];
  const warnings: ValidationIssue[] = [...bucket.warnings];
  if (!region.ok) (connection.endpoint !== undefined ? warnings : errors).push(region.error);
  const durationMs = Math.round(performance.now() - started);
  const details = { errors, warnings };
  const [firstError] = errors;
  if (firstError !== undefined) {
    return { check: { id: 'format', status: 'fail', ...pick(firstError), durationMs, details }, connection: undefined };
  }
  const cleaned: RoleConnection = {
    ...connection,
    bucket: bucket.name,
    region: region.ok ? region.region : connection.region.trim(),
    credentials: { roleArn: connection.credentials.roleArn.trim(), externalId: connection.credentials.externalId },
  };
  const [firstWarning] = warnings;
  if (firstWarning !== undefined) {
    return { check: { id: 'format', status: 'warn', ...pick(firstWarning), durationMs, details }, connection: cleaned };
  }
  return {
    check: {
      id: 'format',
      status: 'pass',
      code: 'FORMAT_OK',
      message: 'The bucket name, region, role ARN and external ID look right.',
      hint: 'Nothing to do.',
      durationMs,
    },
    connection: cleaned,
  };
}

/** What the two role checks found. */
export interface RoleChecks {
  role: CheckOutcome;
  externalId: CheckOutcome;
  /** The temporary credentials assumed WITH the external ID, for the checks that follow. */
  credentials?: TenantCredentials;
}

/** What one assumption attempt ended in. */
type Attempt = { ok: true; credentials: TenantCredentials } | { ok: false; error: unknown };

async function attempt(work: () => Promise<TenantCredentials>): Promise<Attempt> {
  try {
    return { ok: true, credentials: await work() };
  } catch (error) {
    return { ok: false, error };
  }
}

const codeOf = (error: unknown): string => (isSosError(error) ? error.code : 'S3_TIMEOUT');

async function trustPolicyText(sts: STSClient, connection: RoleConnection, options: VerifyOptions, deadline: Deadline) {
  let vendorAccountId = options.vendorAccountId;
  if (vendorAccountId === undefined) {
    // Free and permission-less: which account the vendor's own credentials belong to.
    const { GetCallerIdentityCommand } = await loadStsModule();
    const answer = await deadline
      .guard(sts.send(new GetCallerIdentityCommand({}), { abortSignal: deadline.signal }))
      .catch(() => undefined);
    vendorAccountId = answer?.Account;
  }
  if (vendorAccountId === undefined || !/^\d{12}$/.test(vendorAccountId)) return undefined;
  const partition = parseRoleArn(connection.credentials.roleArn)?.partition ?? 'aws';
  const policy = generateTrustPolicy({ vendorAccountId, externalId: connection.credentials.externalId, partition });
  return JSON.stringify(policy, null, 2);
}

/**
 * Assumes the tenant's role twice, at the same time: WITH the external ID,
 * which must work, and WITHOUT it, which must be refused. A role that can be
 * assumed without the external ID lets any other customer of the service
 * point it at this bucket (the confused deputy): that fails the check.
 */
export async function checkRole(
  sts: STSClient,
  connection: RoleConnection,
  options: VerifyOptions,
  deadline: Deadline,
): Promise<RoleChecks> {
  const role = connection.credentials;
  const vendorSecrets =
    typeof options.vendorCredentials === 'object'
      ? [options.vendorCredentials.secretAccessKey, options.vendorCredentials.sessionToken ?? '']
      : [];
  const assume = (withoutExternalId: boolean) => () =>
    deadline.guard(
      assumeRole(sts, {
        role,
        withoutExternalId,
        sessionName: CHECK_SESSION_NAME,
        durationSeconds: CHECK_SESSION_SECONDS,
        abortSignal: deadline.signal,
        secrets: vendorSecrets,
      }),
    );
  const [withId, withoutId] = await Promise.all([attempt(assume(false)), attempt(assume(true))]);
  const needsPolicy = !withId.ok || withoutId.ok;
  const trustPolicy = needsPolicy ? await trustPolicyText(sts, connection, options, deadline) : undefined;
  const policyDetails = trustPolicy === undefined ? {} : { trustPolicy };
  const pasteHint = trustPolicy === undefined ? '' : ' Replace the role’s trust policy with the trust policy to paste.';

  let roleOutcome: CheckOutcome;
  if (withId.ok) {
    roleOutcome = {
      status: 'pass',
      code: 'ROLE_OK',
      message: `The role ${role.roleArn} can be assumed with the external ID.`,
      hint: 'Nothing to do: no long-lived secret is needed.',
    };
  } else {
    const error = withId.error as SosError | Error;
    const code = codeOf(error);
    roleOutcome = {
      status: 'fail',
      code,
      message: isSosError(error) ? error.message : 'STS did not answer in time.',
      hint: `${isSosError(error) ? (error.hint ?? '') : 'Try again.'}${code === 'ROLE_ASSUME_DENIED' ? pasteHint : ''}`,
      details: { roleArn: role.roleArn, ...(code === 'ROLE_ASSUME_DENIED' ? policyDetails : {}) },
    };
  }

  let externalId: CheckOutcome;
  if (withoutId.ok) {
    externalId = {
      status: 'fail',
      code: 'ROLE_EXTERNAL_ID_NOT_ENFORCED',
      message:
        'The role can be assumed WITHOUT the external ID: any other customer of this service could make it act on this bucket (the confused deputy).',
      hint: `Add the condition StringEquals sts:ExternalId to the role’s trust policy.${pasteHint}`,
      details: { roleArn: role.roleArn, ...policyDetails },
    };
  } else if (codeOf(withoutId.error) === 'ROLE_ASSUME_DENIED' && withId.ok) {
    externalId = {
      status: 'pass',
      code: 'EXTERNAL_ID_ENFORCED',
      message: 'Without the external ID, AWS refuses to let this service assume the role, as it should.',
      hint: 'Nothing to do.',
    };
  } else if (withId.ok) {
    externalId = {
      status: 'warn',
      code: 'EXTERNAL_ID_NOT_CHECKED',
      message: 'It could not be checked that the role refuses to be assumed without the external ID.',
      hint: 'Check again; the role’s trust policy must require sts:ExternalId.',
      details: { cause: codeOf(withoutId.error) },
    };
  } else {
    externalId = {
      status: 'skip',
      code: 'CHECK_SKIPPED',
      message: 'Not checked: the role cannot be assumed with the external ID either.',
      hint: 'Fix the role check above, then check again.',
    };
  }
  return { role: roleOutcome, externalId, ...(withId.ok ? { credentials: withId.credentials } : {}) };
}
