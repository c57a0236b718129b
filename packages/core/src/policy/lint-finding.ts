import type { AwsPartition } from '../region';
import type { UploadTier } from './s3-actions';

/** How much a finding matters, in the order IAM Access Analyzer uses. */
export type LintSeverity = 'error' | 'security_warning' | 'warning' | 'suggestion';

/**
 * Every finding {@link lintPolicy} can report, with its severity and what it
 * means. Codes are stable and safe to branch on.
 */
export const POLICY_FINDINGS = {
  MALFORMED_JSON: { severity: 'error', meaning: 'The text is not valid JSON (line and column given).' },
  MALFORMED_POLICY: {
    severity: 'error',
    meaning: 'Valid JSON, but not a valid policy: a missing or misspelt element, a wrong Effect or value type.',
  },
  MISSING_VERSION: { severity: 'warning', meaning: 'No Version: IAM falls back to 2008-10-17.' },
  OLD_VERSION: { severity: 'warning', meaning: 'Version 2008-10-17 disables policy variables.' },
  INVALID_SID: { severity: 'error', meaning: 'A Sid with characters other than letters and digits.' },
  DUPLICATE_SID: { severity: 'warning', meaning: 'Two statements share a Sid.' },
  PRINCIPAL_IN_IDENTITY_POLICY: {
    severity: 'error',
    meaning: 'Principal or NotPrincipal in a policy for a user or role; IAM refuses it.',
  },
  INVALID_ACTION: { severity: 'error', meaning: 'An action not of the form service:Name.' },
  UNKNOWN_ACTION: { severity: 'warning', meaning: 'An S3 action that does not exist (with "did you mean").' },
  UNKNOWN_CONDITION_OPERATOR: { severity: 'error', meaning: 'A condition operator IAM does not know.' },
  INVALID_ARN: { severity: 'error', meaning: 'A Resource that is not a well-formed ARN.' },
  INVALID_PARTITION: {
    severity: 'error',
    meaning: 'An ARN partition other than aws, aws-cn or aws-us-gov, or not the one of the bucket.',
  },
  S3_ARN_REGION_OR_ACCOUNT: { severity: 'error', meaning: 'A region or account ID inside an S3 bucket ARN.' },
  PLACEHOLDER_BUCKET: { severity: 'error', meaning: 'The example bucket name from the guide is still in the policy.' },
  BUCKET_MISMATCH: { severity: 'error', meaning: 'The policy names another bucket than the expected one.' },
  MISSING_OBJECT_PATH: {
    severity: 'error',
    meaning: 'Object actions on a bucket ARN without /*, which grants nothing.',
  },
  WILDCARD_ACTION: { severity: 'security_warning', meaning: 'An Allow with * or ? in an action.' },
  WILDCARD_RESOURCE: { severity: 'security_warning', meaning: 'An Allow on Resource "*" or on every bucket.' },
  ALLOW_WITH_NOT_ACTION: { severity: 'security_warning', meaning: 'An Allow with NotAction allows almost everything.' },
  ALLOW_WITH_NOT_RESOURCE: {
    severity: 'security_warning',
    meaning: 'An Allow with NotResource allows almost everywhere.',
  },
  UPLOAD_NOT_ALLOWED: {
    severity: 'error',
    meaning: 'The policy does not let uploads into the bucket (and prefix) work.',
  },
  MULTIPART_NOT_ALLOWED: {
    severity: 'error',
    meaning: 'Tier multipart, but aborting or resuming multipart uploads is not allowed.',
  },
  EXTRA_PERMISSIONS: {
    severity: 'security_warning',
    meaning: 'The policy allows more than uploads need; the extra rights are listed.',
  },
  DUPLICATE_ENTRY: { severity: 'suggestion', meaning: 'The same action or resource is listed twice in a statement.' },
} as const satisfies Record<string, { severity: LintSeverity; meaning: string }>;

/** A stable code of a policy finding. */
export type PolicyFindingCode = keyof typeof POLICY_FINDINGS;

/** One problem {@link lintPolicy} found. */
export interface PolicyFinding {
  code: PolicyFindingCode;
  severity: LintSeverity;
  /** What is wrong, in words a lab admin understands. */
  message: string;
  /** What to do about it. */
  hint: string;
  /** JSON pointer to the element concerned (`/Statement/0/Resource`); empty for the whole policy. */
  path: string;
  /** Machine-readable extras: the JSON error's position, "did you mean" candidates, the extra rights. */
  details?: {
    line?: number;
    column?: number;
    suggestions?: string[];
    rights?: string[];
  };
}

/** Options of {@link lintPolicy}: what the policy is meant to allow. */
export interface LintPolicyOptions {
  /** The bucket uploads go to. */
  bucket: string;
  /** The folder uploads are limited to, if any. */
  prefix?: string;
  /**
   * What the uploads need: `put-only` or also abort and resume (`multipart`).
   * @default 'put-only'
   */
  tier?: UploadTier;
  /**
   * The partition of the bucket's region; ARNs of another partition are reported.
   * @default the partition the policy's S3 ARNs use, or 'aws'
   */
  partition?: AwsPartition;
}

/** Builds a finding with the severity of its code. */
export function finding(
  code: PolicyFindingCode,
  message: string,
  hint: string,
  path: string,
  details?: PolicyFinding['details'],
): PolicyFinding {
  const base = { code, severity: POLICY_FINDINGS[code].severity, message, hint, path };
  return details === undefined ? base : { ...base, details };
}
