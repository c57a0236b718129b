import { validateBucketName } from '../bucket';
import { generateUploadPolicy, type UploadTier } from '../policy';
import type { AwsPartition } from '../region';
import { generateTrustPolicy } from '../roles';
import { type CorsMethod, generateCorsConfiguration } from './cors';
import type { CostEstimate } from './cost';
import { generateLifecycleConfiguration, LIFECYCLE_RULE_ID } from './lifecycle';
import { codeBlock, dollars, escapeMarkdown, table, unitPrice } from './markdown';

/** The guide's settings, validated. */
export interface GuideSettings {
  origins: string[];
  prefix?: string | undefined;
  tier: UploadTier;
  methods?: CorsMethod[] | undefined;
  retentionDays: number | null;
  requireTls: boolean;
  userName: string;
  policyName: string;
  quickCreateUrl?: string | undefined;
  /** Role mode: the customer creates a role your account assumes, and access keys are the fallback. */
  role?: GuideRole | undefined;
}

/** The role the customer creates in role mode. */
export interface GuideRole {
  vendorAccountId: string;
  externalId: string;
  roleName: string;
}

/** What every section of the guide needs. */
export interface GuideContext {
  config: GuideSettings;
  /** The app's name in the middle of a sentence. */
  app: string;
  /** The app's name at the start of a sentence: `Our app` for the default, a given name as it was given. */
  appAtStart: string;
  bucket: string;
  region: string;
  regionName: string;
  console: string;
  partition: AwsPartition;
}

const json = (value: unknown): string => JSON.stringify(value, null, 2);

/** The title and what the customer is about to create. */
export function introSection({ app, appAtStart, bucket, region, regionName, config }: GuideContext): string {
  const retention =
    config.retentionDays === null
      ? 'a lifecycle rule that cleans up unfinished uploads'
      : `a lifecycle rule that deletes files ${config.retentionDays} days after they arrive`;
  return [
    `# Connect your own Amazon S3 bucket to ${app}`,
    `${appAtStart} uploads your files straight from the browser into a storage bucket in **your** AWS account. The files never pass through ${app}'s servers, and you pay AWS directly for storage and downloads (see [What it costs](#what-it-costs)).`,
    'You will create:',
    [
      `- the bucket \`${bucket}\` in the region ${regionName} (\`${region}\`),`,
      `- a CORS rule that lets ${app} upload from the browser,`,
      `- ${retention},`,
      config.role === undefined
        ? `- an IAM user \`${config.userName}\` that may only upload into this bucket, and its access key.`
        : `- an IAM role \`${config.role.roleName}\` that ${app} may use only with your own external ID, and only to upload into this bucket. No password or access key is handed over: nothing secret leaves your account.`,
    ].join('\n'),
    'Each step shows where to click in the AWS console and the same step with the AWS CLI. Do one or the other. Every value below is already filled in for you: copy it exactly.',
  ].join('\n\n');
}

/** The one-click CloudFormation alternative, when a link is given. */
export function quickCreateSection({ config }: GuideContext): string | undefined {
  if (config.quickCreateUrl === undefined) return undefined;
  const [enter, last] = config.role === undefined ? [6, 5] : [5, 4];
  return [
    '## The fast way: one click',
    `[Open this link](${config.quickCreateUrl.replace(/\(/g, '%28').replace(/\)/g, '%29')}) while signed in to AWS. It opens CloudFormation with everything below filled in: tick "I acknowledge that AWS CloudFormation might create IAM resources" and click **Create stack**. When the stack is complete, the **Outputs** tab shows what to enter in the app (step ${enter}). You can then skip steps 1 to ${last}.`,
  ].join('\n\n');
}

/** Step 1: create the bucket in the right region. */
export function bucketSection({ bucket, region, regionName, console: home }: GuideContext): string {
  const dots = validateBucketName(bucket).warnings[0];
  const create =
    region === 'us-east-1'
      ? `aws s3api create-bucket --bucket ${bucket} --region ${region}`
      : `aws s3api create-bucket --bucket ${bucket} --region ${region} \\\n  --create-bucket-configuration LocationConstraint=${region}`;
  return [
    '## 1. Create the bucket',
    `**In the console:** [S3 › Buckets › Create bucket](${home}/s3/bucket/create?region=${region})`,
    [
      `1. Check the region at the top right of the page: **${regionName}** (\`${region}\`).${region === 'us-east-1' ? ' Old guides call it "US Standard".' : ''}`,
      `2. Bucket name: \`${bucket}\``,
      '3. Object Ownership: keep **ACLs disabled (recommended)**.',
      '4. Block Public Access settings: keep **Block all public access** ticked. Uploads do not need public access.',
      '5. Default encryption: keep **Server-side encryption with Amazon S3 managed keys (SSE-S3)**.',
      '6. Click **Create bucket**.',
    ].join('\n'),
    ...(dots === undefined ? [] : [`> Note: ${escapeMarkdown(dots.message)}`]),
    '**With the AWS CLI:**',
    codeBlock(
      'sh',
      `${create}\naws s3api put-public-access-block --bucket ${bucket} \\\n  --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`,
    ),
  ].join('\n\n');
}

/** Step 2: the CORS rule browsers need to upload. */
export function corsSection({ app, bucket, region, config, console: home }: GuideContext): string {
  const cors = generateCorsConfiguration({
    origins: config.origins,
    ...(config.methods === undefined ? {} : { methods: config.methods }),
  });
  return [
    `## 2. Let ${app} upload from the browser (CORS)`,
    `Without this rule the browser refuses every upload and only reports a network error. It allows ${cors.rules[0]?.AllowedOrigins.map((origin) => `\`${origin}\``).join(', ')} and nothing else.`,
    `**In the console:** [S3 › Buckets › ${escapeMarkdown(bucket)} › Permissions](${home}/s3/buckets/${bucket}?region=${region}&tab=permissions) › **Cross-origin resource sharing (CORS)** › **Edit**. Replace the contents with the following and click **Save changes**:`,
    codeBlock('json', json(cors.rules)),
    '**With the AWS CLI:** save this as `cors.json`, then run the command below it.',
    codeBlock('json', json(cors.putBucketCors)),
    codeBlock('sh', `aws s3api put-bucket-cors --bucket ${bucket} --cors-configuration file://cors.json`),
  ].join('\n\n');
}

/** Step 3: the lifecycle rule that deletes old files and abandoned parts. */
export function lifecycleSection({ bucket, region, config, console: home }: GuideContext): string {
  const lifecycle = generateLifecycleConfiguration({
    expireAfterDays: config.retentionDays,
    abortIncompleteAfterDays: 1,
    ...(config.prefix === undefined ? {} : { prefix: config.prefix }),
  });
  const scope = lifecycle.Rules[0]?.Filter.Prefix
    ? `**Limit the scope of this rule using one or more filters**, Prefix: \`${lifecycle.Rules[0].Filter.Prefix}\``
    : '**Apply to all objects in the bucket** (tick the acknowledgement)';
  const expire = config.retentionDays === null;
  return [
    expire ? '## 3. Clean up unfinished uploads (lifecycle)' : '## 3. Delete old files automatically (lifecycle)',
    expire
      ? 'Large files are uploaded in parts; parts of uploads that never finish are invisible but still cost money. This rule removes them after a day.'
      : `Files are deleted ${config.retentionDays} days after they arrive, so the bucket does not grow forever. Parts of large uploads that never finished are removed after a day: they are invisible but still cost money.`,
    `**In the console:** [S3 › Buckets › ${escapeMarkdown(bucket)} › Management](${home}/s3/buckets/${bucket}?region=${region}&tab=management) › **Create lifecycle rule**`,
    [
      `1. Lifecycle rule name: \`${LIFECYCLE_RULE_ID}\``,
      `2. Choose a rule scope: ${scope}.`,
      expire
        ? '3. Lifecycle rule actions: tick **Delete expired object delete markers or incomplete multipart uploads**.'
        : '3. Lifecycle rule actions: tick **Expire current versions of objects** and **Delete expired object delete markers or incomplete multipart uploads**.',
      ...(expire ? [] : [`4. Days after object creation: \`${config.retentionDays}\``]),
      `${expire ? 4 : 5}. Delete incomplete multipart uploads, Number of days: \`1\`. Click **Create rule**.`,
    ].join('\n'),
    '**With the AWS CLI:** save this as `lifecycle.json`, then run the command below it.',
    codeBlock('json', json(lifecycle)),
    codeBlock(
      'sh',
      `aws s3api put-bucket-lifecycle-configuration --bucket ${bucket} --lifecycle-configuration file://lifecycle.json`,
    ),
  ].join('\n\n');
}

/** Step 4: the IAM user and its upload-only inline policy. */
export function userSection(
  { appAtStart, bucket, config, console: home, partition }: GuideContext,
  heading = '## 4. Create the upload user',
): string {
  const policy = generateUploadPolicy({
    bucket,
    partition,
    tier: config.tier,
    requireTls: config.requireTls,
    ...(config.prefix === undefined ? {} : { prefix: config.prefix }),
  });
  return [
    heading,
    `${appAtStart} signs uploads with the keys of this user. Its policy allows one thing only: putting files into \`${bucket}\`${config.prefix === undefined ? '' : ` under \`${config.prefix}/\``}. It cannot read, list or delete anything.`,
    `**In the console:** [IAM › Users › Create user](${home}/iam/home#/users/create)`,
    [
      `1. User name: \`${config.userName}\`. Leave **Provide user access to the AWS Management Console** unticked. Click **Next**.`,
      '2. Permissions options: leave as they are, click **Next**, then **Create user**.',
      `3. Open the user \`${config.userName}\` › **Permissions** › **Add permissions** › **Create inline policy** › **JSON**.`,
      '4. Delete everything in the editor and paste the policy below. Your bucket name is already in it: do not change anything.',
      `5. Click **Next**, Policy name: \`${config.policyName}\`, then **Create policy**.`,
    ].join('\n'),
    codeBlock('json', json(policy)),
    '**With the AWS CLI:** save the policy above as `policy.json`, then run:',
    codeBlock(
      'sh',
      `aws iam create-user --user-name ${config.userName}\naws iam put-user-policy --user-name ${config.userName} --policy-name ${config.policyName} --policy-document file://policy.json`,
    ),
  ].join('\n\n');
}

/** Step 5: the access key, and what never to use instead. */
export function accessKeySection(
  { appAtStart, config, console: home }: GuideContext,
  heading = '## 5. Create the access key',
): string {
  return [
    heading,
    `**In the console:** [IAM › Users](${home}/iam/home#/users) › \`${config.userName}\` › **Security credentials** › **Access keys** › **Create access key**`,
    [
      `1. Use case: **Third-party service**. AWS suggests roles instead; tick the confirmation and click **Next**, then **Create access key**.`,
      '2. Click **Download .csv file**. AWS shows the secret access key only this once.',
      '3. Keep the file safe, and never e-mail it. Do **not** use the keys of your root user (your AWS sign-in): they can do anything in your account.',
    ].join('\n'),
    '**With the AWS CLI:**',
    codeBlock('sh', `aws iam create-access-key --user-name ${config.userName}`),
    `The answer contains \`AccessKeyId\` and \`SecretAccessKey\`. ${appAtStart} accepts the two values, a line of the .csv file, or this whole answer pasted as it is.`,
  ].join('\n\n');
}

/** Step 6: what to type into the app. */
export function enterSection(
  { app, bucket, region }: GuideContext,
  heading = `## 6. Enter the details in ${app}`,
  keyStep = 'step 5',
): string {
  return [
    heading,
    table(
      ['Field', 'Value'],
      [
        ['Bucket', `\`${bucket}\``],
        ['Region', `\`${region}\``],
        ['Access key ID', `from ${keyStep} (starts with AKIA)`],
        ['Secret access key', `from ${keyStep} (40 characters)`],
      ],
    ),
  ].join('\n\n');
}

/** Role mode, step 4: the role your account assumes with the customer's external ID, and its upload policy. */
export function roleSection(context: GuideContext, role: GuideRole): string {
  const { app, appAtStart, bucket, config, console: home, partition } = context;
  const policy = generateUploadPolicy({
    bucket,
    partition,
    tier: config.tier,
    requireTls: config.requireTls,
    ...(config.prefix === undefined ? {} : { prefix: config.prefix }),
  });
  const trust = generateTrustPolicy({ vendorAccountId: role.vendorAccountId, externalId: role.externalId, partition });
  return [
    '## 4. Create the upload role',
    `${appAtStart} uploads with short-lived credentials of this role, which expire within the hour. Only ${app}'s AWS account (\`${role.vendorAccountId}\`) may use the role, and only with your external ID \`${role.externalId}\`, which ${app} made for you alone. Its policy allows one thing only: putting files into \`${bucket}\`${config.prefix === undefined ? '' : ` under \`${config.prefix}/\``}. It cannot read, list or delete anything.`,
    `**In the console:** [IAM › Roles › Create role](${home}/iam/home#/roles/create)`,
    [
      `1. Trusted entity type: **AWS account**, then **Another AWS account**, Account ID: \`${role.vendorAccountId}\`.`,
      `2. Tick **Require external ID** and enter \`${role.externalId}\`. Leave **Require MFA** unticked. Click **Next**.`,
      '3. Add permissions: add nothing here, click **Next**.',
      `4. Role name: \`${role.roleName}\`. Click **Create role**.`,
      `5. Open the role \`${role.roleName}\` › **Permissions** › **Add permissions** › **Create inline policy** › **JSON**. Delete everything in the editor and paste the policy below; click **Next**, Policy name: \`${config.policyName}\`, then **Create policy**.`,
      `6. Copy the role’s **ARN** from the top of its page (it ends in \`:role/${role.roleName}\`).`,
    ].join('\n'),
    codeBlock('json', json(policy)),
    `The role's **Trust relationships** tab then shows this rule, which lets in ${app}'s account only with your external ID:`,
    codeBlock('json', json(trust)),
    '**With the AWS CLI:** save the trust rule above as `trust-policy.json` and the policy as `policy.json`, then run:',
    codeBlock(
      'sh',
      [
        `aws iam create-role --role-name ${role.roleName} --assume-role-policy-document file://trust-policy.json`,
        `aws iam put-role-policy --role-name ${role.roleName} --policy-name ${config.policyName} --policy-document file://policy.json`,
        `aws iam get-role --role-name ${role.roleName} --query Role.Arn --output text`,
      ].join('\n'),
    ),
  ].join('\n\n');
}

/** Role mode, step 5: what to type into the app. */
export function enterRoleSection(
  { app, appAtStart, bucket, region, partition }: GuideContext,
  role: GuideRole,
): string {
  return [
    `## 5. Enter the details in ${app}`,
    table(
      ['Field', 'Value'],
      [
        ['Bucket', `\`${bucket}\``],
        ['Region', `\`${region}\``],
        ['Role ARN', `from step 4 (\`arn:${partition}:iam::…:role/${role.roleName}\`)`],
        ['External ID', `\`${role.externalId}\` (already filled in)`],
      ],
    ),
    `${appAtStart} then checks that it can use the role with your external ID, and that nobody can use it without.`,
  ].join('\n\n');
}

/** Role mode: the access-key path, for accounts that cannot create a role for an outside service. */
export function accessKeyFallbackSection(context: GuideContext): string {
  const { app } = context;
  return [
    '## If you cannot create a role: an access key instead',
    `Use this only if your organisation does not allow roles for outside services. An access key is a secret that does not expire: ${app} stores it encrypted, but a role needs no secret at all. Do these steps instead of steps 4 and 5.`,
    userSection(context, '### A. Create the upload user'),
    accessKeySection(context, '### B. Create the access key'),
    enterSection(context, `### C. Enter the details in ${app}`, 'step B'),
  ].join('\n\n');
}

/** The cost estimate, with the prices and their date. */
export function costSection(
  estimate: CostEstimate,
  usage: { gbPerMonth: number; downloadsPerObject: number },
  retentionDays: number | null,
): string {
  const { prices } = estimate;
  const kept = retentionDays === null ? 'kept for a year' : `kept ${retentionDays} days`;
  const downloads = usage.downloadsPerObject;
  const times = downloads === 1 ? 'once' : downloads === 2 ? 'twice' : `${downloads} times`;
  return [
    '## What it costs',
    `For ${usage.gbPerMonth} GB of files a month, ${kept} and downloaded ${times} each, AWS charges about **${dollars(estimate.total)} a month**:`,
    table(
      ['Item', 'Quantity', 'Price', 'Cost'],
      [
        ...estimate.lines.map((line) => [
          line.item,
          line.unit.startsWith('1,000 ')
            ? `${Math.round(line.quantity * 1000).toLocaleString('en-US')} ${line.unit.slice(6)}`
            : `${line.quantity} ${line.unit}`,
          `${unitPrice(line.unitPrice)} per ${line.unit}`,
          dollars(line.cost),
        ]),
        ['Total', '', '', dollars(estimate.total)],
      ],
    ),
    `Prices of ${escapeMarkdown(prices.region)} on ${escapeMarkdown(prices.asOf)}: storage ${unitPrice(prices.storagePerGbMonth)} per GB-month, downloads ${unitPrice(prices.transferOutPerGb)} per GB, ${unitPrice(prices.putPer1000)} per 1,000 uploads, ${unitPrice(prices.getPer1000)} per 1,000 downloads. Check the current prices at ${escapeMarkdown(prices.source)}.`,
    estimate.notes
      .slice(0, 3)
      .map((note) => `- ${note}`)
      .join('\n'),
  ].join('\n\n');
}

/** What the common S3 errors mean and what to do. */
export function troubleshootingSection({ app, bucket, region, config }: GuideContext): string {
  const { role } = config;
  const roleRows =
    role === undefined
      ? []
      : [
          [
            'The role cannot be assumed (ROLE_ASSUME_DENIED)',
            `The role does not let ${app}'s account in with your external ID.`,
            `Compare the role's Trust relationships tab with step 4: account \`${role.vendorAccountId}\`, external ID \`${role.externalId}\`. Check the role ARN you entered.`,
          ],
          [
            'The external ID is not enforced (ROLE_EXTERNAL_ID_NOT_ENFORCED)',
            `Anyone at ${app}'s account could use the role without your external ID.`,
            'Replace the trust policy with the one in step 4 (Require external ID).',
          ],
        ];
  return [
    '## If something goes wrong',
    table(
      ['What you see', 'What it means', 'What to do'],
      [
        ...roleRows,
        [
          'AccessDenied',
          'The policy does not allow the upload.',
          role === undefined
            ? `Check step 4: the policy must name \`${bucket}\`, end in /*, and be attached to the user whose key you entered.`
            : `Check step 4: the policy must name \`${bucket}\`, end in /*, and be attached to the role \`${role.roleName}\`.`,
        ],
        [
          'InvalidAccessKeyId',
          'AWS does not know this access key ID.',
          'Copy it again from the .csv file, or create a new key (step 5).',
        ],
        [
          'SignatureDoesNotMatch',
          'The secret access key is wrong.',
          'Copy the secret again from the .csv file, without spaces.',
        ],
        [
          'PermanentRedirect or AuthorizationHeaderMalformed',
          'The bucket is in another region.',
          `Enter the bucket's region; this guide assumes \`${region}\`.`,
        ],
        ['NoSuchBucket', 'No bucket has this name.', `Check the spelling: \`${bucket}\`.`],
        ['A network error in the browser', 'The CORS rule is missing or does not name the app.', 'Redo step 2.'],
      ],
    ),
  ].join('\n\n');
}
