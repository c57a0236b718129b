import type { S3Client } from '@aws-sdk/client-s3';
import type { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { Connection, EndpointFilter, TenantConnection } from '../connection';

/** The checks {@link verifyConnection} runs for a connection with keys, in order. */
export const CHECK_IDS = [
  'format',
  'identity',
  'region',
  'bucket',
  'write',
  'presigned-write',
  'least-privilege',
  'cors',
  'clock',
] as const;

/**
 * The checks {@link verifyConnection} runs for a role connection, in order:
 * the same, with `role` (assume it with the external ID) and `external-id`
 * (refused without it) after `format`.
 */
export const ROLE_CHECK_IDS = [
  'format',
  'role',
  'external-id',
  'identity',
  'region',
  'bucket',
  'write',
  'presigned-write',
  'least-privilege',
  'cors',
  'clock',
] as const;

/** One of {@link ROLE_CHECK_IDS} (which include every one of {@link CHECK_IDS}). */
export type CheckId = (typeof ROLE_CHECK_IDS)[number];

/** `skip` means the check could not run; `reason` is in its message. */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

/** The outcome of one check, for a person to read. */
export interface ConnectionCheck {
  id: CheckId;
  status: CheckStatus;
  /** A stable code, documented in the core README. */
  code: string;
  message: string;
  /** What to do next (for a pass, what was proven). */
  hint: string;
  durationMs: number;
  /** Machine-readable facts (extra rights found, the CORS JSON to paste…). */
  details?: Record<string, unknown>;
}

/** Who the credentials belong to, from `sts:GetCallerIdentity`. */
export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
  /** `ASIA…` keys: temporary credentials. */
  temporary: boolean;
  /** When temporary credentials expire, when known. */
  expiresAt?: string;
}

/** The whole checklist. */
export interface VerifyResult {
  /** `failed` if any check failed, `degraded` if any warned, `ok` otherwise. */
  status: 'ok' | 'degraded' | 'failed';
  checks: ConnectionCheck[];
  identity?: CallerIdentity;
  /** The bucket's real region, when the entered one is wrong. */
  suggestedRegion?: string;
}

/** Options of {@link verifyConnection}. */
export interface VerifyOptions {
  /** The app's origins that browsers upload from, for the CORS check. */
  origins?: string[];
  /**
   * The most the whole check may take, in milliseconds.
   * @default 15000
   */
  timeoutMs?: number;
  /** Makes the S3 client the checks use (tests inject mocked clients). */
  createS3Client?: (connection: Connection) => S3Client;
  /**
   * Makes the STS clients (tests inject mocked ones): the identity check's,
   * given the connection with keys, and for a role connection the one that
   * assumes the role, given the role connection, which must carry your own
   * (the vendor's) credentials.
   */
  createStsClient?: (connection: TenantConnection) => STSClient;
  /**
   * Role mode: your own AWS credentials, which assume the tenant's role.
   * @default the SDK's default chain
   */
  vendorCredentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /**
   * Role mode: your 12-digit AWS account ID, for the trust policy a failed
   * role check offers (`details.trustPolicy`).
   * @default asked from STS (`GetCallerIdentity` with your credentials)
   */
  vendorAccountId?: string;
  /**
   * Role mode: the region of the STS endpoint that assumes the role.
   * @default `AWS_REGION`, `AWS_DEFAULT_REGION`, or `us-east-1`, as `createRoleResolver`
   */
  stsRegion?: string;
  /**
   * STS for an S3-compatible endpoint; without it the identity check is
   * skipped when `connection.endpoint` is set.
   */
  stsEndpoint?: string;
  /**
   * Decides whether the connection's `endpoint` may be contacted (see
   * `assertEndpointAllowed`); a refused one fails the `format` check with
   * `ENDPOINT_NOT_ALLOWED` before any request is sent. Give the same filter
   * as to the upload handler.
   * @default refuses loopback, link-local, private and cloud metadata addresses and `localhost`
   */
  allowEndpoint?: EndpointFilter;
  /**
   * The `fetch` used for unauthenticated probes, the presigned write and CORS
   * preflights. It is always called with `redirect: 'manual'`: a redirect is
   * an answer, never followed.
   */
  fetch?: typeof fetch;
  /** The local clock (tests). */
  now?: () => Date;
}
