import type { S3Client } from '@aws-sdk/client-s3';
import type { STSClient } from '@aws-sdk/client-sts';
import type { Connection } from '../connection';

/** The checks {@link verifyConnection} runs, in order. */
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

/** One of {@link CHECK_IDS}. */
export type CheckId = (typeof CHECK_IDS)[number];

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
  /** Makes the STS client the identity check uses. */
  createStsClient?: (connection: Connection) => STSClient;
  /**
   * STS for an S3-compatible endpoint; without it the identity check is
   * skipped when `connection.endpoint` is set.
   */
  stsEndpoint?: string;
  /** The `fetch` used for unauthenticated probes, the presigned write and CORS preflights. */
  fetch?: typeof fetch;
  /** The local clock (tests). */
  now?: () => Date;
}
