import { z } from 'zod';
import { SosError } from '../errors';
import { normalizeUploadPrefix } from '../policy';

/** Options of {@link generateLifecycleConfiguration}. */
export interface LifecycleOptions {
  /** Delete uploaded files this many days after they arrive; `null` keeps them. */
  expireAfterDays: number | null;
  /**
   * Delete the parts of multipart uploads that were never completed after this many days.
   * @default 1
   */
  abortIncompleteAfterDays?: number;
  /** Apply the rule to this folder only (`orders` means `orders/`). */
  prefix?: string;
}

/** One lifecycle rule in the S3 API's JSON form. */
export interface LifecycleRule {
  ID: string;
  Status: 'Enabled';
  Filter: { Prefix: string };
  Expiration?: { Days: number };
  AbortIncompleteMultipartUpload: { DaysAfterInitiation: number };
}

/** The bucket lifecycle configuration, as `put-bucket-lifecycle-configuration` takes it. */
export interface LifecycleConfiguration {
  Rules: LifecycleRule[];
}

/** The rule's ID, shown in the S3 console's list of lifecycle rules. */
export const LIFECYCLE_RULE_ID = 'sos-expire-uploads';

let optionsSchema: ReturnType<typeof buildOptionsSchema> | undefined;

/** Built on first use: building zod schemas when `@sos/core` is imported slowed the import down. */
function buildOptionsSchema() {
  return z.object({
    expireAfterDays: z.number().int().min(1).max(36_500).nullable(),
    abortIncompleteAfterDays: z.number().int().min(1).max(36_500).default(1),
    prefix: z.string().optional(),
  });
}

/**
 * Writes the bucket lifecycle rule that deletes uploads after a while (the
 * setup guide suggests about five days) and cleans up abandoned multipart
 * uploads, whose parts otherwise cost money forever without being visible.
 *
 * @example
 * generateLifecycleConfiguration({ expireAfterDays: 5, abortIncompleteAfterDays: 1 });
 * // { Rules: [{ ID: 'sos-expire-uploads', Status: 'Enabled', Filter: { Prefix: '' },
 * //   Expiration: { Days: 5 }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }] }
 */
export function generateLifecycleConfiguration(options: LifecycleOptions): LifecycleConfiguration {
  optionsSchema ??= buildOptionsSchema();
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SosError(
      'INVALID_INPUT',
      `Invalid lifecycle option ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`,
      {
        hint: 'Days are whole numbers of at least 1; pass expireAfterDays: null to keep files.',
      },
    );
  }
  const { expireAfterDays, abortIncompleteAfterDays } = parsed.data;
  const prefix = normalizeUploadPrefix(parsed.data.prefix);
  const rule: LifecycleRule = {
    ID: LIFECYCLE_RULE_ID,
    Status: 'Enabled',
    Filter: { Prefix: prefix === undefined ? '' : `${prefix}/` },
    ...(expireAfterDays === null ? {} : { Expiration: { Days: expireAfterDays } }),
    AbortIncompleteMultipartUpload: { DaysAfterInitiation: abortIncompleteAfterDays },
  };
  return { Rules: [rule] };
}
