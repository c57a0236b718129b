import { isPlaceholderBucketName } from '../bucket';
import { closestMatches } from '../errors';
import type { AwsPartition } from '../region';
import { finding, type PolicyFinding } from './lint-finding';
import { isObjectAction, knownS3Action, S3_ACTIONS } from './s3-actions';
import { elementValues, type LocatedStatement } from './statements';
import { splitArn, wildcardMatch } from './wildcard';

/** What the policy is expected to allow, already validated. */
export interface ExpectedAccess {
  bucket: string;
  prefix: string | undefined;
  partition: AwsPartition | undefined;
}

const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov'];
/** S3 resource types that do carry a region and account (access points, batch jobs, Storage Lens…). */
const REGIONAL_S3_RESOURCES =
  /^(?:accesspoint|job|storage-lens|storage-lens-group|async-request|access-grants|multi-region-access-point)\//;
const hasWildcard = (value: string): boolean => /[*?]/.test(value);

function objectArnFor(expected: ExpectedAccess, partition: string = expected.partition ?? 'aws'): string {
  return `arn:${partition}:s3:::${expected.bucket}/${expected.prefix === undefined ? '' : `${expected.prefix}/`}*`;
}

function checkDuplicates(
  values: { value: string; pointer: string }[],
  ignoreCase: boolean,
  findings: PolicyFinding[],
): void {
  const seen = new Set<string>();
  for (const { value, pointer } of values) {
    const key = ignoreCase ? value.toLowerCase() : value;
    if (seen.has(key)) {
      findings.push(
        finding('DUPLICATE_ENTRY', `${JSON.stringify(value)} is listed twice.`, 'Remove the second one.', pointer),
      );
    }
    seen.add(key);
  }
}

function checkActions(located: LocatedStatement, findings: PolicyFinding[]): void {
  const allowList = elementValues(located, 'Action');
  const values = allowList ?? elementValues(located, 'NotAction') ?? [];
  for (const { value, pointer } of values) {
    if (value === '*') continue;
    if (!/^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$/.test(value)) {
      const bare = knownS3Action(`s3:${value.trim()}`);
      findings.push(
        finding(
          'INVALID_ACTION',
          /\s/.test(value)
            ? `The action ${JSON.stringify(value)} contains spaces or line breaks.`
            : `The action ${JSON.stringify(value)} is not of the form service:Action.`,
          bare !== undefined
            ? `Write "${bare}".`
            : 'Write actions as the service prefix, a colon and the action name, such as "s3:PutObject".',
          pointer,
        ),
      );
      continue;
    }
    const [service = ''] = value.split(':');
    if (service.toLowerCase() !== 's3') continue;
    if (hasWildcard(value)) {
      if (!S3_ACTIONS.some((action) => wildcardMatch(value, action, { ignoreCase: true }))) {
        findings.push(
          finding(
            'UNKNOWN_ACTION',
            `${JSON.stringify(value)} matches no S3 action.`,
            'Check the spelling; the upload permission is "s3:PutObject".',
            pointer,
          ),
        );
      }
    } else if (knownS3Action(value) === undefined) {
      const suggestions = closestMatches(value, S3_ACTIONS, { limit: 3 });
      findings.push(
        finding(
          'UNKNOWN_ACTION',
          `${JSON.stringify(value)} is not an S3 action, so it allows nothing.${suggestions.length > 0 ? ` Did you mean "${suggestions[0]}"?` : ''}`,
          'Check the spelling; the upload permission is "s3:PutObject".',
          pointer,
          { suggestions },
        ),
      );
    }
  }
  if (located.statement.Effect === 'Allow' && allowList !== undefined) {
    const wild = allowList.filter(({ value }) => hasWildcard(value));
    const [first] = wild;
    if (first !== undefined) {
      findings.push(
        finding(
          'WILDCARD_ACTION',
          `${wild.map(({ value }) => JSON.stringify(value)).join(', ')} allows every action matching the wildcard, now and any added later.`,
          'List only the actions uploads need: "s3:PutObject" (and for multipart, "s3:AbortMultipartUpload" and "s3:ListMultipartUploadParts").',
          first.pointer,
        ),
      );
    }
  }
  checkDuplicates(values, true, findings);
}

function arnHint(value: string, expected: ExpectedAccess): string {
  const trimmed = value.trim();
  const uri = /^s3:\/\/(.+)$/i.exec(trimmed);
  const path = uri?.[1] ?? (/^[a-z0-9.-]+(?:\/.*)?$/.test(trimmed) ? trimmed : undefined);
  if (path !== undefined)
    return `Write it as an ARN: "arn:${expected.partition ?? 'aws'}:s3:::${path.includes('/') ? path : `${path}/*`}".`;
  return `An S3 object ARN looks like "${objectArnFor(expected)}": three colons after "s3", then the bucket name.`;
}

/** The object actions of a statement, resolving wildcards against the known S3 actions. */
function grantsObjectActions(located: LocatedStatement): boolean {
  const actions = elementValues(located, 'Action');
  if (actions === undefined) return false;
  return actions.some(({ value }) =>
    hasWildcard(value)
      ? S3_ACTIONS.some((action) => isObjectAction(action) && wildcardMatch(value, action, { ignoreCase: true }))
      : value.toLowerCase().startsWith('s3:') && isObjectAction(value),
  );
}

function checkS3Resource(
  located: LocatedStatement,
  entry: { value: string; pointer: string },
  parts: string[],
  siblings: string[],
  expected: ExpectedAccess,
  findings: PolicyFinding[],
): void {
  const [, partition = '', , region = '', account = '', resource = ''] = parts;
  const { value, pointer } = entry;
  const fixed = `arn:${partition}:s3:::${resource}`;
  if ((region !== '' || account !== '') && !REGIONAL_S3_RESOURCES.test(resource)) {
    findings.push(
      finding(
        'S3_ARN_REGION_OR_ACCOUNT',
        `${JSON.stringify(value)} has a region or account ID; bucket and object ARNs have neither, so it matches nothing.`,
        `Write "${fixed}".`,
        pointer,
      ),
    );
  }
  const slash = resource.indexOf('/');
  const bucket = slash === -1 ? resource : resource.slice(0, slash);
  const key = slash === -1 ? undefined : resource.slice(slash + 1);
  if (bucket === '') {
    findings.push(
      finding('INVALID_ARN', `${JSON.stringify(value)} has no bucket name.`, arnHint('', expected), pointer),
    );
    return;
  }
  const isAllow = located.statement.Effect === 'Allow' && elementValues(located, 'Resource') !== undefined;
  if (hasWildcard(bucket)) {
    if (isAllow) {
      findings.push(
        finding(
          'WILDCARD_RESOURCE',
          `${JSON.stringify(value)} matches every bucket${bucket === '*' ? '' : ' whose name fits the pattern'}, not only yours.`,
          `Name your bucket: "${objectArnFor(expected, partition)}".`,
          pointer,
        ),
      );
    }
    return;
  }
  const wanted = objectArnFor(expected, partition);
  if (isPlaceholderBucketName(bucket)) {
    findings.push(
      finding(
        'PLACEHOLDER_BUCKET',
        `The policy still says "${bucket}", a placeholder from an example, not your bucket's name.`,
        `Replace it with your bucket's name: "${wanted}".`,
        pointer,
      ),
    );
    return;
  }
  if (bucket !== expected.bucket) {
    findings.push(
      finding(
        'BUCKET_MISMATCH',
        bucket.toLowerCase() === expected.bucket
          ? `The policy names "${bucket}", but the bucket is "${expected.bucket}" (bucket names are lower case and ARNs are case-sensitive).`
          : `The policy names the bucket "${bucket}", but uploads go to "${expected.bucket}".`,
        `Use "${wanted}".`,
        pointer,
      ),
    );
    return;
  }
  const bucketArn = `arn:${partition}:s3:::${bucket}`;
  const hasObjectSibling = siblings.some(
    (sibling) => sibling.startsWith(`${bucketArn}/`) && sibling.length > bucketArn.length + 1,
  );
  if ((key === undefined || key === '') && grantsObjectActions(located) && !hasObjectSibling) {
    findings.push(
      finding(
        'MISSING_OBJECT_PATH',
        `${JSON.stringify(value)} is the bucket itself; uploads need the files in it, so this grants no upload.`,
        `Add "/*" at the end: "${wanted}".`,
        pointer,
      ),
    );
  }
}

function checkResources(located: LocatedStatement, expected: ExpectedAccess, findings: PolicyFinding[]): void {
  const allowList = elementValues(located, 'Resource');
  const values = allowList ?? elementValues(located, 'NotResource') ?? [];
  const siblings = values.map(({ value }) => value);
  for (const entry of values) {
    const { value, pointer } = entry;
    if (value === '*') {
      if (located.statement.Effect === 'Allow' && allowList !== undefined) {
        findings.push(
          finding(
            'WILDCARD_RESOURCE',
            '"Resource": "*" applies to every bucket and every other resource in your AWS account.',
            `Name your bucket: "${objectArnFor(expected)}".`,
            pointer,
          ),
        );
      }
      continue;
    }
    if (/\s/.test(value)) {
      findings.push(
        finding(
          'INVALID_ARN',
          `${JSON.stringify(value)} contains spaces or line breaks, so it matches nothing.`,
          `Remove them: "${value.replace(/\s+/g, '')}".`,
          pointer,
        ),
      );
      continue;
    }
    const parts = value.startsWith('arn:') ? splitArn(value) : undefined;
    if (parts === undefined) {
      findings.push(
        finding('INVALID_ARN', `${JSON.stringify(value)} is not a valid ARN.`, arnHint(value, expected), pointer),
      );
      continue;
    }
    const [, partition = '', service = ''] = parts;
    if (!hasWildcard(partition) && !PARTITIONS.includes(partition)) {
      findings.push(
        finding(
          'INVALID_PARTITION',
          `${JSON.stringify(partition)} is not an AWS partition; ARNs start with arn:aws, arn:aws-cn or arn:aws-us-gov.`,
          `Write "arn:${expected.partition ?? 'aws'}:" at the start.`,
          pointer,
        ),
      );
      continue;
    }
    if (expected.partition !== undefined && partition !== expected.partition && !hasWildcard(partition)) {
      findings.push(
        finding(
          'INVALID_PARTITION',
          `${JSON.stringify(value)} is in the ${partition} partition, but the bucket's region is in ${expected.partition}.`,
          `Write "arn:${expected.partition}:" at the start.`,
          pointer,
        ),
      );
      continue;
    }
    if (service === 's3') checkS3Resource(located, entry, parts, siblings, expected, findings);
  }
  checkDuplicates(values, false, findings);
}

/** Checks every action and resource of every statement. */
export function lintElements(
  statements: LocatedStatement[],
  expected: ExpectedAccess,
  findings: PolicyFinding[],
): void {
  for (const located of statements) {
    checkActions(located, findings);
    checkResources(located, expected, findings);
  }
}
