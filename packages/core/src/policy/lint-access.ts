import type { AwsPartition } from '../region';
import type { RequestContext } from './conditions';
import { evaluatePolicy, type PolicyDecision } from './evaluate-policy';
import type { ExpectedAccess } from './lint-elements';
import { finding, type PolicyFinding } from './lint-finding';
import { isObjectAction, knownS3Action, S3_ACTIONS, UPLOAD_ACTIONS, type UploadTier } from './s3-actions';
import { elementValues, locateStatements } from './statements';
import type { PolicyDocument, PolicyStatement } from './types';
import { splitArn } from './wildcard';

/** A browser upload with a presigned URL: over HTTPS, without an encryption header. */
const UPLOAD_CONTEXT: RequestContext = { 'aws:SecureTransport': true };
/** Rights outside S3 that an upload key must never have; probed to catch `*` and NotAction. */
const FOREIGN_ACTIONS = [
  'iam:CreateUser',
  'iam:CreateAccessKey',
  'sts:AssumeRole',
  'ec2:RunInstances',
  'kms:Decrypt',
  'dynamodb:Scan',
  'lambda:InvokeFunction',
  'cloudformation:CreateStack',
];
/** With tier put-only these are tolerated: they only abort or list the parts of uploads into the same folder. */
const HARMLESS_UPLOAD_ACTIONS = new Set(UPLOAD_ACTIONS.multipart.map((action) => action.toLowerCase()));

type Scope = 'inside' | 'outside' | 'bucket' | 'other-bucket' | 'anything';

interface Probe {
  resource: string;
  scope: Scope;
  /** Object actions are probed on object ARNs, bucket actions on bucket ARNs, anything on the rest. */
  kind: 'object' | 'bucket' | 'any';
  /** What to call it in the list of extra rights. */
  label: string;
}

/** The partition to probe with: the expected one, else the one the policy's S3 ARNs agree on, else `aws`. */
function probePartition(policy: PolicyDocument, expected: ExpectedAccess): AwsPartition {
  if (expected.partition !== undefined) return expected.partition;
  const seen = new Set<string>();
  for (const located of locateStatements(policy)) {
    for (const { value } of elementValues(located, 'Resource') ?? []) {
      const parts = splitArn(value);
      if (parts?.[2] === 's3' && parts[1] !== undefined) seen.add(parts[1]);
    }
  }
  const [only] = seen;
  return seen.size === 1 && (only === 'aws-cn' || only === 'aws-us-gov') ? only : 'aws';
}

function insidePrefix(expected: ExpectedAccess, partition: AwsPartition): string {
  return `arn:${partition}:s3:::${expected.bucket}/${expected.prefix === undefined ? '' : `${expected.prefix}/`}`;
}

/** The policy as it could apply at worst: every Allow condition met, every conditional Deny not. */
function worstCase(policy: PolicyDocument): PolicyDocument {
  const statements: PolicyStatement[] = [];
  for (const { statement } of locateStatements(policy)) {
    if (statement.Condition === undefined) statements.push(statement);
    else if (statement.Effect === 'Allow') {
      const { Condition: _dropped, ...unconditional } = statement;
      statements.push(unconditional);
    }
  }
  return { ...policy, Statement: statements };
}

function classify(resource: string, expected: ExpectedAccess, partition: AwsPartition): Scope | undefined {
  const parts = splitArn(resource);
  if (parts === undefined || parts[2] !== 's3') return 'anything';
  if (parts[1] !== partition) return undefined;
  const path = parts[5] ?? '';
  const slash = path.indexOf('/');
  const bucket = slash === -1 ? path : path.slice(0, slash);
  if (bucket !== expected.bucket) return 'other-bucket';
  if (slash === -1) return 'bucket';
  return resource.startsWith(insidePrefix(expected, partition)) && !resource.endsWith('/') ? 'inside' : 'outside';
}

function scopeLabel(scope: Scope, expected: ExpectedAccess, pattern: string): string {
  switch (scope) {
    case 'inside':
      return `on files in ${expected.prefix === undefined ? 'the bucket' : `${expected.prefix}/`}`;
    case 'outside':
      return `outside ${expected.prefix}/`;
    case 'bucket':
      return 'on the bucket';
    case 'other-bucket':
      return 'in other buckets';
    default:
      return `on ${pattern}`;
  }
}

/** Rights listed first because they matter most to a lab's data and account. */
const NOTABLE_RIGHTS = [
  '*',
  's3:GetObject',
  's3:DeleteObject',
  's3:ListBucket',
  's3:PutObject',
  's3:PutObjectAcl',
  's3:DeleteBucket',
  's3:PutBucketPolicy',
  's3:PutBucketAcl',
  's3:ListAllMyBuckets',
  'iam:CreateUser',
  'iam:CreateAccessKey',
  'sts:AssumeRole',
  'ec2:RunInstances',
];

function byImportance(a: string, b: string): number {
  const rank = (name: string) => {
    const index = NOTABLE_RIGHTS.indexOf(name);
    return index === -1 ? NOTABLE_RIGHTS.length : index;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}

function probesFor(policy: PolicyDocument, expected: ExpectedAccess, partition: AwsPartition): Probe[] {
  const inside = insidePrefix(expected, partition);
  const folder = expected.prefix === undefined ? 'the bucket' : `${expected.prefix}/`;
  const probes: Probe[] = [
    { resource: `${inside}sos-lint/probe.stl`, scope: 'inside', kind: 'object', label: `on files in ${folder}` },
    {
      resource: `${inside}2024/order 42/scan (1).stl`,
      scope: 'inside',
      kind: 'object',
      label: `on files in ${folder}`,
    },
    { resource: `arn:${partition}:s3:::${expected.bucket}`, scope: 'bucket', kind: 'bucket', label: 'on the bucket' },
    {
      resource: `arn:${partition}:s3:::sos-lint-other-bucket/probe.stl`,
      scope: 'other-bucket',
      kind: 'object',
      label: 'in other buckets',
    },
    {
      resource: `arn:${partition}:s3:::sos-lint-other-bucket`,
      scope: 'other-bucket',
      kind: 'bucket',
      label: 'on other buckets',
    },
    { resource: '*', scope: 'anything', kind: 'any', label: 'on any resource' },
    {
      resource: `arn:${partition}:iam::123456789012:user/sos-lint`,
      scope: 'anything',
      kind: 'any',
      label: 'on any resource',
    },
  ];
  if (expected.prefix !== undefined) {
    probes.push({
      resource: `arn:${partition}:s3:::${expected.bucket}/sos-lint-outside/probe.stl`,
      scope: 'outside',
      kind: 'object',
      label: `outside ${expected.prefix}/`,
    });
  }
  // Make each Allow's own resource patterns concrete, to catch grants the fixed probes miss.
  for (const located of locateStatements(policy)) {
    if (located.statement.Effect !== 'Allow') continue;
    for (const { value } of elementValues(located, 'Resource') ?? []) {
      if (value === '*') continue;
      const resource = value
        .replace(/\$\{[^}]*\}/g, 'sos-lint')
        .replace(/\*/g, 'sos-lint')
        .replace(/\?/g, 'x');
      const scope = classify(resource, expected, partition);
      // Other buckets are reported as BUCKET_MISMATCH or PLACEHOLDER_BUCKET already.
      if (scope === undefined || scope === 'other-bucket') continue;
      const kind = scope === 'bucket' ? 'bucket' : scope === 'anything' ? 'any' : 'object';
      probes.push({ resource, scope, kind, label: scopeLabel(scope, expected, value) });
    }
  }
  return probes;
}

function actionsToProbe(policy: PolicyDocument): string[] {
  const actions = new Set([...S3_ACTIONS, ...FOREIGN_ACTIONS]);
  for (const located of locateStatements(policy)) {
    if (located.statement.Effect !== 'Allow') continue;
    for (const { value } of elementValues(located, 'Action') ?? []) {
      if (value.toLowerCase().startsWith('s3:')) continue;
      actions.add(value.replace(/[*?]/g, 'SosLint'));
    }
  }
  return [...actions];
}

function statementPointer(policy: PolicyDocument, index: number | undefined): string {
  if (index === undefined) return '/Statement';
  return Array.isArray(policy.Statement) ? `/Statement/${index}` : '/Statement';
}

function conditionKeys(statement: PolicyStatement | undefined): string[] {
  const keys = Object.values(statement?.Condition ?? {}).flatMap((block) => Object.keys(block ?? {}));
  return [...new Set(keys)];
}

function explainDenial(
  policy: PolicyDocument,
  action: string,
  resource: string,
  decision: PolicyDecision,
  objectArn: string,
): { hint: string; path: string } {
  const path = statementPointer(policy, decision.statementIndex);
  if (decision.decision === 'explicit-deny') {
    const withHeader = ['AES256', 'aws:kms'].some(
      (algorithm) =>
        evaluatePolicy(policy, {
          action,
          resource,
          context: { ...UPLOAD_CONTEXT, 's3:x-amz-server-side-encryption': algorithm },
        }).decision === 'allow',
    );
    if (withHeader) {
      return {
        path,
        hint: 'This Deny refuses uploads without an x-amz-server-side-encryption header. Browser uploads and multipart parts do not send it: remove the Deny and turn on default encryption for the bucket instead.',
      };
    }
    const keys = conditionKeys(decision.statement);
    return {
      path,
      hint: `Remove this Deny or narrow it${keys.length > 0 ? ` (its condition on ${keys.join(', ')} matches browser uploads)` : ''}.`,
    };
  }
  const conditional = evaluatePolicy(worstCase(policy), { action, resource, context: UPLOAD_CONTEXT });
  if (conditional.decision === 'allow') {
    const keys = conditionKeys(locateStatements(policy).find((s) => s.index === conditional.statementIndex)?.statement);
    return {
      path: statementPointer(policy, conditional.statementIndex),
      hint: `The Allow only applies when its condition on ${keys.join(', ')} holds, which browser uploads with presigned URLs do not meet. Remove the condition.`,
    };
  }
  return { path, hint: `Allow "${action}" on "${objectArn}*".` };
}

function checkUploads(
  policy: PolicyDocument,
  expected: ExpectedAccess,
  tier: UploadTier,
  partition: AwsPartition,
  findings: PolicyFinding[],
): void {
  const objectArn = insidePrefix(expected, partition);
  const probes = [`${objectArn}sos-lint/probe.stl`, `${objectArn}2024/order 42/scan (1).stl`];
  const missing = (action: string) =>
    probes
      .map((resource) => ({
        resource,
        decision: evaluatePolicy(policy, { action, resource, context: UPLOAD_CONTEXT }),
      }))
      .find(({ decision }) => decision.decision !== 'allow');

  const put = missing('s3:PutObject');
  if (put !== undefined) {
    const { hint, path } = explainDenial(policy, 's3:PutObject', put.resource, put.decision, objectArn);
    findings.push(
      finding(
        'UPLOAD_NOT_ALLOWED',
        `This policy does not allow uploads into "${objectArn}…"${put.decision.decision === 'explicit-deny' ? ': a Deny statement refuses them' : ''}. Every upload would fail with AccessDenied.`,
        hint,
        path,
      ),
    );
  }
  if (tier !== 'multipart') return;
  for (const action of ['s3:AbortMultipartUpload', 's3:ListMultipartUploadParts']) {
    const denied = missing(action);
    if (denied === undefined) continue;
    const { hint, path } = explainDenial(policy, action, denied.resource, denied.decision, objectArn);
    findings.push(
      finding(
        'MULTIPART_NOT_ALLOWED',
        `This policy does not allow "${action}", so large uploads cannot be ${action.includes('Abort') ? 'cancelled' : 'resumed'}.`,
        hint,
        path,
      ),
    );
  }
}

function checkExtraRights(
  policy: PolicyDocument,
  expected: ExpectedAccess,
  tier: UploadTier,
  partition: AwsPartition,
  findings: PolicyFinding[],
): void {
  const needed = new Set<string>(UPLOAD_ACTIONS[tier].map((action) => action.toLowerCase()));
  const atWorst = worstCase(policy);
  const probes = probesFor(policy, expected, partition);
  const rights = new Map<string, Set<string>>();
  let firstStatement: number | undefined;
  for (const action of actionsToProbe(policy)) {
    const lower = action.toLowerCase();
    const isS3 = lower.startsWith('s3:');
    for (const probe of probes) {
      if (probe.kind !== 'any' && (!isS3 || isObjectAction(action) !== (probe.kind === 'object'))) continue;
      if (probe.scope === 'inside' && (needed.has(lower) || HARMLESS_UPLOAD_ACTIONS.has(lower))) continue;
      const decision = evaluatePolicy(atWorst, { action, resource: probe.resource, context: UPLOAD_CONTEXT });
      if (decision.decision !== 'allow') continue;
      firstStatement ??= decision.statementIndex;
      const name = knownS3Action(action) ?? action.replace(/SosLint/g, '*');
      const scopes = rights.get(name) ?? new Set<string>();
      scopes.add(probe.label);
      rights.set(name, scopes);
    }
  }
  if (rights.size === 0) return;
  const list = [...rights.keys()]
    .sort(byImportance)
    .map((name) => `${name} (${[...(rights.get(name) ?? [])].join(', ')})`);
  const shown = list.slice(0, 8).join('; ');
  findings.push(
    finding(
      'EXTRA_PERMISSIONS',
      `This policy allows more than uploads need: ${shown}${list.length > 8 ? `; and ${list.length - 8} more` : ''}. Anyone holding these keys can do the same.`,
      `Keep only ${UPLOAD_ACTIONS[tier].map((action) => `"${action}"`).join(', ')} on "${insidePrefix(expected, partition)}*": the policy from the setup guide is exactly that.`,
      statementPointer(policy, firstStatement),
      { rights: list },
    ),
  );
}

/**
 * The two checks that matter most, decided by the evaluator rather than by
 * reading strings: do uploads work, and does the policy allow anything more?
 */
export function lintAccess(
  policy: PolicyDocument,
  expected: ExpectedAccess,
  tier: UploadTier,
  findings: PolicyFinding[],
): void {
  const partition = probePartition(policy, expected);
  checkUploads(policy, expected, tier, partition, findings);
  checkExtraRights(policy, expected, tier, partition, findings);
}
