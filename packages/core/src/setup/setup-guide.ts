import { z } from 'zod';
import { validateBucketName } from '../bucket';
import { SosError } from '../errors';
import type { UploadTier } from '../policy';
import { parseRegion } from '../region';
import { AWS_CONSOLE } from './console-urls';
import type { CorsMethod } from './cors';
import { estimateMonthlyCost, type S3PriceTable } from './cost';
import {
  accessKeyFallbackSection,
  accessKeySection,
  bucketSection,
  corsSection,
  costSection,
  enterRoleSection,
  enterSection,
  type GuideContext,
  introSection,
  lifecycleSection,
  quickCreateSection,
  roleSection,
  troubleshootingSection,
  userSection,
} from './guide-sections';
import { escapeMarkdown } from './markdown';

/** Options of {@link renderSetupGuide}. */
export interface SetupGuideOptions {
  /** The customer's bucket name. */
  bucket: string;
  /** The bucket's region: a code or a name such as "Frankfurt". */
  region: string;
  /** Where your app runs, for the CORS rule. */
  origins: string[];
  /**
   * Your app's name, as the customer knows it, written as given (also at the
   * start of a sentence).
   * @default 'our app' ('Our app' at the start of a sentence)
   */
  appName?: string;
  /** Limit uploads to this folder of the bucket. */
  prefix?: string;
  /**
   * The upload policy's tier.
   * @default 'put-only'
   */
  tier?: UploadTier;
  /**
   * Browser methods for CORS.
   * @default ['PUT', 'POST']
   */
  methods?: CorsMethod[];
  /**
   * Days after which files are deleted; `null` keeps them (and leaves out the expiry).
   * @default 5
   */
  retentionDays?: number | null;
  /**
   * Deny plain-HTTP requests in the upload policy.
   * @default false
   */
  requireTls?: boolean;
  /**
   * The IAM user to create.
   * @default 'sos-orders'
   */
  userName?: string;
  /**
   * The name of its inline policy.
   * @default 'sos-upload-policy'
   */
  policyName?: string;
  /**
   * The expected volume, for the cost section.
   * @default { gbPerMonth: 10, downloadsPerObject: 1 }
   */
  usage?: { gbPerMonth: number; downloadsPerObject: number; averageFileMb?: number };
  /** Prices to use instead of the built-in table (shown with their date). */
  prices?: Partial<S3PriceTable>;
  /** A CloudFormation quick-create link (see `cloudFormationQuickCreateUrl`) to offer as a one-click alternative. */
  quickCreateUrl?: string;
  /**
   * Offer the role path first: the customer creates a role that your AWS
   * account may assume only with this customer's external ID (see
   * `generateTrustPolicy`, `newExternalId`), so no secret is handed over; the
   * IAM user with an access key becomes the fallback.
   * @default the IAM user and access key only
   */
  role?: {
    /** Your (the vendor's) 12-digit AWS account ID. */
    vendorAccountId: string;
    /** The external ID you generated for this customer. */
    externalId: string;
    /**
     * The role to create.
     * @default 'sos-upload'
     */
    roleName?: string;
  };
}

const IAM_NAME = /^[\w+=,.@-]{1,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

let optionsSchema: ReturnType<typeof buildOptionsSchema> | undefined;

/** Built on first use: building zod schemas when `@sos/core` is imported slowed the import down. */
function buildOptionsSchema() {
  return z.object({
    bucket: z.string(),
    region: z.string(),
    origins: z.array(z.string()).min(1),
    appName: z.string().min(1).max(80).optional(),
    prefix: z.string().optional(),
    tier: z.enum(['put-only', 'multipart']).default('put-only'),
    methods: z.array(z.enum(['PUT', 'POST', 'GET', 'HEAD'])).optional(),
    retentionDays: z.number().int().min(1).nullable().default(5),
    requireTls: z.boolean().default(false),
    userName: z
      .string()
      .regex(IAM_NAME, 'IAM user names are up to 64 letters, digits and +=,.@_-.')
      .default('sos-orders'),
    policyName: z
      .string()
      .regex(/^[\w+=,.@-]{1,128}$/, 'Policy names are letters, digits and +=,.@_-.')
      .default('sos-upload-policy'),
    usage: z
      .object({ gbPerMonth: z.number(), downloadsPerObject: z.number(), averageFileMb: z.number().optional() })
      .default({ gbPerMonth: 10, downloadsPerObject: 1 }),
    quickCreateUrl: z.url({ protocol: /^https$/ }).optional(),
    role: z
      .object({
        vendorAccountId: z.string().regex(/^\d{12}$/, 'The vendor account ID is 12 digits.'),
        externalId: z.string().regex(EXTERNAL_ID, 'An external ID is 2 to 1224 letters, digits or +=,.@:/-_.'),
        roleName: z
          .string()
          .regex(/^[\w+=,.@-]{1,64}$/, 'IAM role names are up to 64 letters, digits and +=,.@_-.')
          .default('sos-upload'),
      })
      .optional(),
  });
}

/**
 * Writes the customer's setup guide in Markdown: the classic steps (bucket,
 * IAM user, policy, access key), corrected for today's console and completed
 * with CORS, a lifecycle rule and the region, with the customer's bucket,
 * region and your origins filled in, the console path and the AWS CLI
 * command for each step, a cost estimate with its price table, and what the
 * common errors mean. With `role`, the guide offers the role path first (a
 * role your account assumes with the customer's external ID: no secret
 * changes hands) and the access key as the fallback.
 *
 * Throws `SosError('INVALID_INPUT')` for an invalid bucket, region, origin or
 * prefix, with the validator's hint.
 *
 * @example
 * const markdown = renderSetupGuide({
 *   appName: 'Simple Order System',
 *   bucket: 'ronssosbucket',
 *   region: 'N. Virginia',
 *   origins: ['https://orders.example.com'],
 * });
 */
export function renderSetupGuide(options: SetupGuideOptions): string {
  optionsSchema ??= buildOptionsSchema();
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SosError(
      'INVALID_INPUT',
      `Invalid setup guide option ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`,
      {
        hint: 'Pass { bucket, region, origins } and optional appName, prefix, tier, retentionDays, usage, prices.',
      },
    );
  }
  const config = parsed.data;
  const bucket = validateBucketName(config.bucket);
  const [problem] = bucket.errors;
  if (problem !== undefined) throw new SosError('INVALID_INPUT', problem.message, { hint: problem.hint });
  const region = parseRegion(config.region);
  if (!region.ok) throw new SosError('INVALID_INPUT', region.error.message, { hint: region.error.hint });

  const context: GuideContext = {
    config,
    app: escapeMarkdown(config.appName ?? 'our app'),
    appAtStart: escapeMarkdown(config.appName ?? 'Our app'),
    bucket: bucket.name,
    region: region.region,
    regionName: region.name,
    console: AWS_CONSOLE[region.partition],
    partition: region.partition,
  };
  const estimate = estimateMonthlyCost({
    gbPerMonth: config.usage.gbPerMonth,
    retentionDays: config.retentionDays ?? 365,
    downloadsPerObject: config.usage.downloadsPerObject,
    ...(config.usage.averageFileMb === undefined ? {} : { averageFileMb: config.usage.averageFileMb }),
    ...(options.prices === undefined ? {} : { prices: options.prices }),
  });
  const { role } = config;
  const access =
    role === undefined
      ? [userSection(context), accessKeySection(context), enterSection(context)]
      : [roleSection(context, role), enterRoleSection(context, role), accessKeyFallbackSection(context)];
  const sections = [
    introSection(context),
    quickCreateSection(context),
    bucketSection(context),
    corsSection(context),
    lifecycleSection(context),
    ...access,
    costSection(estimate, config.usage, config.retentionDays),
    troubleshootingSection(context),
  ];
  return `${sections.filter((section) => section !== undefined).join('\n\n')}\n`;
}
