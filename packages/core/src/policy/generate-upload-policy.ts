import { z } from 'zod';
import { validateBucketName } from '../bucket';
import { SosError } from '../errors';
import type { AwsPartition } from '../region';
import { UPLOAD_ACTIONS, type UploadTier } from './s3-actions';
import type { PolicyDocument, PolicyStatement } from './types';
import { normalizeUploadPrefix } from './upload-prefix';

/** Options of {@link generateUploadPolicy}. */
export interface UploadPolicyOptions {
  /** The customer's bucket. */
  bucket: string;
  /** Limit uploads to this folder of the bucket (`orders` allows `orders/*` only). */
  prefix?: string;
  /**
   * The AWS partition of the bucket's region.
   * @default 'aws'
   */
  partition?: AwsPartition;
  /**
   * `put-only` allows `s3:PutObject`, which covers PUT, POST and multipart
   * create, upload and complete. `multipart` also allows aborting
   * (`s3:AbortMultipartUpload`) and resuming (`s3:ListMultipartUploadParts`).
   * @default 'put-only'
   */
  tier?: UploadTier;
  /**
   * Deny every request made over plain HTTP (`aws:SecureTransport` false).
   * @default false
   */
  requireTls?: boolean;
  /**
   * Deny uploads that ask for any other server-side encryption than this one
   * (`true` means `AES256`). Uploads that send no encryption header, such as
   * multipart parts, are encrypted by the bucket's default encryption, so set
   * that to the same algorithm.
   * @default false
   */
  requireEncryption?: boolean | 'AES256' | 'aws:kms';
}

let optionsSchema: ReturnType<typeof buildOptionsSchema> | undefined;

/** Built on first use: building zod schemas when `@sos/core` is imported slowed the import down. */
function buildOptionsSchema() {
  return z.object({
    bucket: z.string(),
    prefix: z.string().optional(),
    partition: z.enum(['aws', 'aws-cn', 'aws-us-gov']).default('aws'),
    tier: z.enum(['put-only', 'multipart']).default('put-only'),
    requireTls: z.boolean().default(false),
    requireEncryption: z.union([z.boolean(), z.enum(['AES256', 'aws:kms'])]).default(false),
  });
}

/**
 * Writes the IAM policy the customer's upload user (or role) needs, and
 * nothing more. With only `{ bucket }` it is the classic one-statement policy:
 * Allow `s3:PutObject` on `arn:aws:s3:::BUCKET/*`.
 *
 * Throws `SosError('INVALID_INPUT')` for an invalid bucket name or prefix,
 * with the validator's hint.
 *
 * @example
 * generateUploadPolicy({ bucket: 'ronssosbucket' });
 * // { Version: '2012-10-17', Statement: [{ Sid: 'AllowUploads', Effect: 'Allow', Action: 's3:PutObject',
 * //   Resource: 'arn:aws:s3:::ronssosbucket/*' }] }
 */
export function generateUploadPolicy(options: UploadPolicyOptions): PolicyDocument & { Statement: PolicyStatement[] } {
  optionsSchema ??= buildOptionsSchema();
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SosError(
      'INVALID_INPUT',
      `Invalid upload policy option ${issue?.path.join('.') || ''}: ${issue?.message}`,
      {
        hint: "Pass { bucket, prefix?, partition?: 'aws' | 'aws-cn' | 'aws-us-gov', tier?: 'put-only' | 'multipart', requireTls?, requireEncryption? }.",
      },
    );
  }
  const { partition, tier, requireTls, requireEncryption } = parsed.data;
  const bucket = validateBucketName(parsed.data.bucket);
  const [problem] = bucket.errors;
  if (problem !== undefined) {
    throw new SosError('INVALID_INPUT', problem.message, { hint: problem.hint, details: { issues: bucket.errors } });
  }
  const prefix = normalizeUploadPrefix(parsed.data.prefix);
  const resource = `arn:${partition}:s3:::${bucket.name}/${prefix === undefined ? '' : `${prefix}/`}*`;
  const actions = UPLOAD_ACTIONS[tier];
  const action = actions.length === 1 ? actions[0] : [...actions];

  const statements: PolicyStatement[] = [{ Sid: 'AllowUploads', Effect: 'Allow', Action: action, Resource: resource }];
  if (requireTls) {
    statements.push({
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Action: action,
      Resource: resource,
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
  }
  if (requireEncryption !== false) {
    statements.push({
      Sid: 'DenyOtherEncryption',
      Effect: 'Deny',
      Action: 's3:PutObject',
      Resource: resource,
      Condition: {
        StringNotEquals: {
          's3:x-amz-server-side-encryption': requireEncryption === true ? 'AES256' : requireEncryption,
        },
        Null: { 's3:x-amz-server-side-encryption': 'false' },
      },
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}
