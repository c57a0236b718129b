// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub is written ${Like::This}
import { Document, isScalar, visit } from 'yaml';
import { z } from 'zod';
import { validateBucketName } from '../bucket';
import { SosError } from '../errors';
import { generateUploadPolicy, type PolicyStatement, type UploadTier } from '../policy';
import { type CorsRule, generateCorsConfiguration } from './cors';
import { generateLifecycleConfiguration, LIFECYCLE_RULE_ID } from './lifecycle';

/** Options of {@link generateCloudFormationTemplate}. */
export interface CloudFormationOptions {
  /** The bucket to create (the default of the `BucketName` parameter). */
  bucket: string;
  /**
   * The app's origins, for the bucket's CORS rule (the default of
   * `AllowedOrigins`). Leave it out, or empty, when files are uploaded from
   * your servers only (no browser): the bucket then gets no CORS rule, and the
   * template no `AllowedOrigins` parameter.
   * @default no CORS rule
   */
  origins?: string[];
  /**
   * `role` creates a role your AWS account assumes with an external ID, so no
   * secret exists at all: the path to offer first. `user` creates an IAM user
   * with an access key (its secret is a stack output), the fallback for
   * accounts that cannot create a role for an outside service.
   * @default 'role' when `vendorAccountId` and `externalId` are given, otherwise 'user'
   */
  mode?: 'user' | 'role';
  /** Your (the vendor's) 12-digit AWS account ID, trusted by the role. Required with `mode: 'role'`. */
  vendorAccountId?: string;
  /** The external ID you generated for this customer. Required with `mode: 'role'`. */
  externalId?: string;
  /** Limit uploads (and the lifecycle rule) to this folder. */
  prefix?: string;
  /**
   * The upload policy's tier.
   * @default 'put-only'
   */
  tier?: UploadTier;
  /**
   * Days after which uploads are deleted; `null` keeps them.
   * @default 5
   */
  retentionDays?: number | null;
  /**
   * Days after which unfinished multipart uploads are cleaned up.
   * @default 1
   */
  abortIncompleteAfterDays?: number;
  /**
   * Deny uploads over plain HTTP in the upload policy.
   * @default true
   */
  requireTls?: boolean;
  /**
   * The bucket's default encryption.
   * @default 'AES256'
   */
  encryption?: 'AES256' | 'aws:kms';
  /**
   * Your app's name, used in descriptions.
   * @default 'the upload service'
   */
  appName?: string;
}

/** A CloudFormation template, as an object. */
export interface CloudFormationTemplate {
  AWSTemplateFormatVersion: '2010-09-09';
  Description: string;
  Parameters: Record<string, Record<string, unknown>>;
  Resources: Record<string, { Type: string; Properties: Record<string, unknown>; [key: string]: unknown }>;
  Outputs: Record<string, { Description: string; Value: unknown }>;
}

/** The template in every form it is needed. */
export interface GeneratedTemplate {
  template: CloudFormationTemplate;
  json: string;
  yaml: string;
  /** The capabilities the stack must be created with (IAM resources). */
  capabilities: ['CAPABILITY_IAM'];
  /** The names of the outputs that hold a secret (`SecretAccessKey` in user mode). */
  secretOutputs: string[];
}

let optionsSchema: ReturnType<typeof buildOptionsSchema> | undefined;

/** Built on first use: building zod schemas when `@sos/core` is imported slowed the import down. */
function buildOptionsSchema() {
  return z.object({
    bucket: z.string(),
    origins: z.array(z.string()).default([]),
    mode: z.enum(['user', 'role']).optional(),
    vendorAccountId: z
      .string()
      .regex(/^\d{12}$/, 'The vendor account ID is 12 digits.')
      .optional(),
    externalId: z
      .string()
      .regex(/^[\w+=,.@:/-]{2,1224}$/, 'An external ID is 2 to 1224 letters, digits or +=,.@:/-_.')
      .optional(),
    prefix: z.string().optional(),
    tier: z.enum(['put-only', 'multipart']).default('put-only'),
    retentionDays: z.number().int().min(1).nullable().default(5),
    abortIncompleteAfterDays: z.number().int().min(1).default(1),
    requireTls: z.boolean().default(true),
    encryption: z.enum(['AES256', 'aws:kms']).default('AES256'),
    appName: z.string().min(1).max(80).default('the upload service'),
  });
}

type ParsedOptions = z.infer<ReturnType<typeof buildOptionsSchema>> & { mode: 'user' | 'role' };

function invalid(message: string, hint: string): SosError {
  return new SosError('INVALID_INPUT', message, { hint });
}

/** The upload policy with the bucket's ARN taken from the stack, so any partition and bucket name work. */
function policyFor(options: ParsedOptions, bucket: string): Record<string, unknown> {
  const policy = generateUploadPolicy({
    bucket,
    tier: options.tier,
    requireTls: options.requireTls,
    ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
  });
  const literal = `arn:aws:s3:::${bucket}`;
  const statements = policy.Statement.map((statement: PolicyStatement) => ({
    ...statement,
    Resource: { 'Fn::Sub': String(statement.Resource).replace(literal, 'arn:${AWS::Partition}:s3:::${UploadBucket}') },
  }));
  return { Version: policy.Version, Statement: statements };
}

/** The bucket's CORS rule, or undefined when no origin was given: uploads then come from servers only. */
function corsRuleFor(options: ParsedOptions): CorsRule | undefined {
  return options.origins.length === 0 ? undefined : generateCorsConfiguration({ origins: options.origins }).rules[0];
}

function bucketResource(options: ParsedOptions, cors: CorsRule | undefined): Record<string, unknown> {
  const lifecycle = generateLifecycleConfiguration({
    expireAfterDays: options.retentionDays,
    abortIncompleteAfterDays: options.abortIncompleteAfterDays,
    ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
  }).Rules[0];
  return {
    Type: 'AWS::S3::Bucket',
    // Deleting the stack must never delete the customer's files.
    DeletionPolicy: 'Retain',
    UpdateReplacePolicy: 'Retain',
    Properties: {
      BucketName: { Ref: 'BucketName' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            ServerSideEncryptionByDefault: { SSEAlgorithm: options.encryption },
            ...(options.encryption === 'aws:kms' ? { BucketKeyEnabled: true } : {}),
          },
        ],
      },
      LifecycleConfiguration: {
        Rules: [
          {
            Id: LIFECYCLE_RULE_ID,
            Status: 'Enabled',
            Prefix: lifecycle?.Filter.Prefix ?? '',
            ...(options.retentionDays === null ? {} : { ExpirationInDays: { Ref: 'RetentionDays' } }),
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: options.abortIncompleteAfterDays },
          },
        ],
      },
      ...(cors === undefined
        ? {}
        : {
            CorsConfiguration: {
              CorsRules: [
                {
                  AllowedOrigins: { Ref: 'AllowedOrigins' },
                  AllowedMethods: cors.AllowedMethods,
                  AllowedHeaders: cors.AllowedHeaders,
                  ExposedHeaders: cors.ExposeHeaders,
                  MaxAge: cors.MaxAgeSeconds,
                },
              ],
            },
          }),
    },
  };
}

function parametersFor(
  options: ParsedOptions,
  bucket: string,
  cors: CorsRule | undefined,
): CloudFormationTemplate['Parameters'] {
  const parameters: CloudFormationTemplate['Parameters'] = {
    BucketName: {
      Type: 'String',
      Default: bucket,
      AllowedPattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$',
      ConstraintDescription: 'lower-case letters, digits, dots and hyphens, 3 to 63 characters',
      Description: 'Name of the new bucket (globally unique).',
    },
  };
  if (cors !== undefined) {
    parameters.AllowedOrigins = {
      Type: 'CommaDelimitedList',
      Default: cors.AllowedOrigins.join(','),
      Description: `Web addresses of ${options.appName} that may upload from the browser.`,
    };
  }
  if (options.retentionDays !== null) {
    parameters.RetentionDays = {
      Type: 'Number',
      Default: options.retentionDays,
      MinValue: 1,
      Description: 'Days after which uploaded files are deleted.',
    };
  }
  if (options.mode === 'role') {
    parameters.VendorAccountId = {
      Type: 'String',
      Default: options.vendorAccountId,
      AllowedPattern: '^\\d{12}$',
      Description: `AWS account of ${options.appName}, which may assume the upload role.`,
    };
    parameters.ExternalId = {
      Type: 'String',
      Default: options.externalId,
      AllowedPattern: '^[\\w+=,.@:/-]{2,1224}$',
      Description: `Your external ID at ${options.appName}; keep it as given.`,
    };
  }
  return parameters;
}

/** YAML with date-like strings quoted, so that no parser turns "2012-10-17" into a date. */
function toYaml(template: CloudFormationTemplate): string {
  const document = new Document(template, { aliasDuplicateObjects: false });
  visit(document, {
    Scalar(_key, node) {
      if (isScalar(node) && typeof node.value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(node.value)) {
        node.type = 'QUOTE_DOUBLE';
      }
    },
  });
  return document.toString({ lineWidth: 0 });
}

/**
 * Writes a CloudFormation template that sets up the customer's side in one
 * stack: the bucket (public access blocked, default encryption, the lifecycle
 * and CORS rules) and either a role that trusts your account under an
 * `sts:ExternalId` condition and has the upload policy (`mode: 'role'`, the
 * default when `vendorAccountId` and `externalId` are given: no secret exists
 * at all), or, as the fallback, an IAM user with the upload policy and an
 * access key.
 *
 * In user mode the secret access key is a stack output: the template's
 * description says so, and `secretOutputs` names it.
 *
 * @example
 * // A role (no secret): your account ID and this customer's external ID.
 * const { yaml } = generateCloudFormationTemplate({
 *   bucket: 'acme-lab-orders',
 *   origins: ['https://orders.example.com'],
 *   vendorAccountId: '123456789012',
 *   externalId: lab.externalId, // newExternalId(), stored with the customer
 * });
 * // The fallback: an IAM user and its access key.
 * const user = generateCloudFormationTemplate({ bucket: 'acme-lab-orders', origins, mode: 'user' });
 */
export function generateCloudFormationTemplate(options: CloudFormationOptions): GeneratedTemplate {
  optionsSchema ??= buildOptionsSchema();
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(
      `Invalid CloudFormation option ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`,
      'Pass { bucket, origins?, mode?, vendorAccountId?, externalId?, prefix?, tier?, retentionDays? }.',
    );
  }
  // The role is the safer path: offered whenever the caller can set it up.
  const roleReady = parsed.data.vendorAccountId !== undefined && parsed.data.externalId !== undefined;
  const config: ParsedOptions = { ...parsed.data, mode: parsed.data.mode ?? (roleReady ? 'role' : 'user') };
  const bucket = validateBucketName(config.bucket);
  const [problem] = bucket.errors;
  if (problem !== undefined) throw invalid(problem.message, problem.hint);
  if (config.mode === 'role' && (config.vendorAccountId === undefined || config.externalId === undefined)) {
    throw invalid(
      "A role template needs your AWS account ID and the customer's external ID.",
      'Pass vendorAccountId (12 digits) and a random externalId generated for this customer.',
    );
  }

  const policy = policyFor(config, bucket.name);
  const cors = corsRuleFor(config);
  const outputs: CloudFormationTemplate['Outputs'] = {
    BucketName: { Description: 'The bucket to enter in the app.', Value: { Ref: 'UploadBucket' } },
    Region: { Description: 'The region to enter in the app.', Value: { Ref: 'AWS::Region' } },
  };
  const resources: CloudFormationTemplate['Resources'] = {
    UploadBucket: bucketResource(config, cors) as CloudFormationTemplate['Resources'][string],
  };
  let description: string;
  if (config.mode === 'user') {
    resources.UploadUser = {
      Type: 'AWS::IAM::User',
      Properties: { Policies: [{ PolicyName: 'sos-upload', PolicyDocument: policy }] },
    };
    resources.UploadAccessKey = {
      Type: 'AWS::IAM::AccessKey',
      Properties: { UserName: { Ref: 'UploadUser' }, Status: 'Active' },
    };
    outputs.AccessKeyId = { Description: 'Access key ID of the upload user.', Value: { Ref: 'UploadAccessKey' } };
    outputs.SecretAccessKey = {
      Description: 'SECRET access key of the upload user. Copy it into the app, and do not share it.',
      Value: { 'Fn::GetAtt': ['UploadAccessKey', 'SecretAccessKey'] },
    };
    description =
      `Bucket and upload-only IAM user for ${config.appName}. ` +
      'WARNING: the Outputs tab shows the SECRET access key of the new user (output SecretAccessKey); anyone who may view this stack can read it. ' +
      'Copy the bucket, region, access key ID and secret into the app, then keep stack access restricted.';
  } else {
    resources.UploadRole = {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${VendorAccountId}:root' } },
              Action: 'sts:AssumeRole',
              Condition: { StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } } },
            },
          ],
        },
        Policies: [{ PolicyName: 'sos-upload', PolicyDocument: policy }],
      },
    };
    outputs.RoleArn = { Description: 'The role to enter in the app.', Value: { 'Fn::GetAtt': ['UploadRole', 'Arn'] } };
    outputs.ExternalId = { Description: 'The external ID the app uses.', Value: { Ref: 'ExternalId' } };
    description =
      `Bucket and upload-only IAM role for ${config.appName}, which assumes the role with your external ID. ` +
      'No secret is created: the outputs are the bucket, region and role ARN.';
  }

  if (cors === undefined) {
    description += ' The bucket has no CORS rule: files are uploaded from servers, not from browsers.';
  }
  const template: CloudFormationTemplate = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: description,
    Parameters: parametersFor(config, bucket.name, cors),
    Resources: resources,
    Outputs: outputs,
  };
  return {
    template,
    json: `${JSON.stringify(template, null, 2)}\n`,
    yaml: toYaml(template),
    capabilities: ['CAPABILITY_IAM'],
    secretOutputs: config.mode === 'user' ? ['SecretAccessKey'] : [],
  };
}
