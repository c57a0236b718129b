import { closestMatches } from '../errors';
import { CONDITION_OPERATORS, parseOperator } from './conditions';
import { finding, type PolicyFinding } from './lint-finding';
import { type LocatedStatement, locateStatements, pointerKey } from './statements';

const POLICY_KEYS = ['Version', 'Id', 'Statement'];
const STATEMENT_KEYS = [
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
];
const OPERATOR_NAMES = CONDITION_OPERATORS.flatMap((name) => (name === 'Null' ? [name] : [name, `${name}IfExists`]));

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function didYouMean(word: string, candidates: readonly string[]): { text: string; suggestions: string[] } {
  const suggestions = closestMatches(word, candidates, { limit: 1, maxRelativeDistance: 0.5 });
  return { text: suggestions.length > 0 ? ` Did you mean "${suggestions[0]}"?` : '', suggestions };
}

function checkUnknownKeys(
  record: Record<string, unknown>,
  allowed: readonly string[],
  base: string,
  where: string,
  findings: PolicyFinding[],
): void {
  for (const key of Object.keys(record)) {
    if (allowed.includes(key)) continue;
    const guess = didYouMean(key, allowed);
    findings.push(
      finding(
        'MALFORMED_POLICY',
        `"${key}" is not an element of ${where}; IAM refuses the policy.${guess.text}`,
        `Element names are case-sensitive. Use only ${allowed.join(', ')}.`,
        `${base}/${pointerKey(key)}`,
        { suggestions: guess.suggestions },
      ),
    );
  }
}

function checkVersion(policy: Record<string, unknown>, findings: PolicyFinding[]): void {
  const version = policy.Version;
  if (version === undefined) {
    findings.push(
      finding(
        'MISSING_VERSION',
        'The policy has no "Version", so IAM treats it as the old 2008-10-17 language.',
        'Add "Version": "2012-10-17" as the first line inside the outer braces.',
        '',
      ),
    );
  } else if (version === '2008-10-17') {
    findings.push(
      finding(
        'OLD_VERSION',
        'The policy uses the old language version 2008-10-17, which disables policy variables.',
        'Change "Version" to "2012-10-17".',
        '/Version',
      ),
    );
  } else if (version !== '2012-10-17') {
    findings.push(
      finding(
        'MALFORMED_POLICY',
        `"Version" must be "2012-10-17" (a fixed date, not today's date); it is ${JSON.stringify(version)}.`,
        'Change "Version" to "2012-10-17".',
        '/Version',
      ),
    );
  }
}

function checkStringList(located: LocatedStatement, key: string, findings: PolicyFinding[]): void {
  const value = (located.statement as unknown as Record<string, unknown>)[key];
  if (value === undefined || typeof value === 'string') return;
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string')) return;
  findings.push(
    finding(
      'MALFORMED_POLICY',
      `"${key}" must be a string or a non-empty list of strings.`,
      `Write it as "${key}": "value" or "${key}": ["value1", "value2"].`,
      `${located.pointer}/${key}`,
    ),
  );
}

function checkPair(
  located: LocatedStatement,
  record: Record<string, unknown>,
  [positive, negative]: [string, string],
  findings: PolicyFinding[],
): void {
  const has = (key: string) => record[key] !== undefined;
  if (has(positive) && has(negative)) {
    findings.push(
      finding(
        'MALFORMED_POLICY',
        `A statement may have "${positive}" or "${negative}", not both.`,
        `Keep "${positive}" and remove "${negative}".`,
        located.pointer,
      ),
    );
  } else if (!has(positive) && !has(negative)) {
    findings.push(
      finding(
        'MALFORMED_POLICY',
        `The statement has no "${positive}".`,
        positive === 'Action'
          ? 'Add "Action": "s3:PutObject".'
          : 'Add "Resource": "arn:aws:s3:::YOUR-BUCKET/*" with your bucket name.',
        located.pointer,
      ),
    );
  }
}

function checkEffect(located: LocatedStatement, record: Record<string, unknown>, findings: PolicyFinding[]): void {
  const effect = record.Effect;
  if (effect === 'Allow' || effect === 'Deny') return;
  const fixed =
    typeof effect === 'string'
      ? ['Allow', 'Deny'].find((word) => word.toLowerCase() === effect.trim().toLowerCase())
      : undefined;
  findings.push(
    finding(
      'MALFORMED_POLICY',
      effect === undefined
        ? 'The statement has no "Effect".'
        : `"Effect" must be exactly "Allow" or "Deny"; it is ${JSON.stringify(effect)}.`,
      fixed !== undefined ? `Write "${fixed}" exactly so.` : 'Add "Effect": "Allow".',
      effect === undefined ? located.pointer : `${located.pointer}/Effect`,
    ),
  );
}

function checkCondition(located: LocatedStatement, record: Record<string, unknown>, findings: PolicyFinding[]): void {
  const condition = record.Condition;
  if (condition === undefined) return;
  const base = `${located.pointer}/Condition`;
  if (!isRecord(condition)) {
    findings.push(
      finding(
        'MALFORMED_POLICY',
        '"Condition" must be an object.',
        'Write it as { "Operator": { "key": "value" } }.',
        base,
      ),
    );
    return;
  }
  for (const [operator, keys] of Object.entries(condition)) {
    const path = `${base}/${pointerKey(operator)}`;
    const scalar = (value: unknown) => ['string', 'number', 'boolean'].includes(typeof value);
    const wellTyped =
      isRecord(keys) &&
      Object.values(keys).every((value) => scalar(value) || (Array.isArray(value) && value.every(scalar)));
    if (!wellTyped) {
      findings.push(
        finding(
          'MALFORMED_POLICY',
          `The condition "${operator}" must map condition keys to values.`,
          'Write it as { "Operator": { "key": "value" } } or with a list of values.',
          path,
        ),
      );
    }
    if (parseOperator(operator) === undefined) {
      const guess = didYouMean(operator.replace(/^For(Any|All)Values:/i, ''), OPERATOR_NAMES);
      findings.push(
        finding(
          'UNKNOWN_CONDITION_OPERATOR',
          `"${operator}" is not a condition operator IAM knows, so IAM refuses the policy.${guess.text}`,
          'Use an operator such as StringEquals, StringLike, Bool, NumericLessThan, IpAddress, ArnLike or Null.',
          path,
          { suggestions: guess.suggestions },
        ),
      );
    }
  }
}

function checkStatement(located: LocatedStatement, seenSids: Map<string, string>, findings: PolicyFinding[]): void {
  const record = located.statement as unknown as Record<string, unknown>;
  checkUnknownKeys(record, STATEMENT_KEYS, located.pointer, 'a statement', findings);
  checkEffect(located, record, findings);
  checkPair(located, record, ['Action', 'NotAction'], findings);
  checkPair(located, record, ['Resource', 'NotResource'], findings);
  for (const key of ['Action', 'NotAction', 'Resource', 'NotResource']) checkStringList(located, key, findings);
  checkCondition(located, record, findings);

  const sid = record.Sid;
  if (sid !== undefined && typeof sid !== 'string') {
    findings.push(
      finding(
        'MALFORMED_POLICY',
        '"Sid" must be a string.',
        'Write it as "Sid": "AllowUploads".',
        `${located.pointer}/Sid`,
      ),
    );
  } else if (typeof sid === 'string') {
    if (!/^[A-Za-z0-9]*$/.test(sid)) {
      findings.push(
        finding(
          'INVALID_SID',
          `The Sid ${JSON.stringify(sid)} may only contain letters and digits; IAM refuses the policy.`,
          `Use "${sid.replace(/[^A-Za-z0-9]/g, '') || 'AllowUploads'}" or remove the Sid.`,
          `${located.pointer}/Sid`,
        ),
      );
    }
    const first = seenSids.get(sid);
    if (first !== undefined) {
      findings.push(
        finding(
          'DUPLICATE_SID',
          `The Sid ${JSON.stringify(sid)} is used twice (also at ${first}).`,
          'Give every statement its own Sid, or remove the Sids.',
          `${located.pointer}/Sid`,
        ),
      );
    } else {
      seenSids.set(sid, located.pointer);
    }
  }

  for (const key of ['Principal', 'NotPrincipal']) {
    if (record[key] === undefined) continue;
    findings.push(
      finding(
        'PRINCIPAL_IN_IDENTITY_POLICY',
        `"${key}" belongs in bucket policies, not in a policy attached to a user or role; IAM refuses it.`,
        `Remove "${key}": the policy applies to the user it is attached to.`,
        `${located.pointer}/${key}`,
      ),
    );
  }

  if (record.Effect === 'Allow' && record.NotAction !== undefined) {
    findings.push(
      finding(
        'ALLOW_WITH_NOT_ACTION',
        '"Allow" with "NotAction" allows every action except the listed ones, across all AWS services.',
        'Use "Action" with the actions to allow, such as "s3:PutObject".',
        `${located.pointer}/NotAction`,
      ),
    );
  }
  if (record.Effect === 'Allow' && record.NotResource !== undefined) {
    findings.push(
      finding(
        'ALLOW_WITH_NOT_RESOURCE',
        '"Allow" with "NotResource" allows access to everything except the listed resources.',
        'Use "Resource" with the bucket ARN, such as "arn:aws:s3:::YOUR-BUCKET/*".',
        `${located.pointer}/NotResource`,
      ),
    );
  }
}

/**
 * Checks that a parsed value has the shape of an IAM identity policy, and its
 * Version, Sids, principals, NotAction/NotResource use and condition
 * operators. Returns whether the shape is sound enough to evaluate.
 */
export function lintStructure(policy: unknown, findings: PolicyFinding[]): boolean {
  const before = findings.length;
  const malformed = () => findings.slice(before).some((item) => item.code === 'MALFORMED_POLICY');
  if (!isRecord(policy)) {
    findings.push(
      finding(
        'MALFORMED_POLICY',
        'A policy is a JSON object: it starts with { and ends with }.',
        'Copy the whole policy, from the first { to the last }.',
        '',
      ),
    );
    return false;
  }
  checkUnknownKeys(policy, POLICY_KEYS, '', 'a policy', findings);
  checkVersion(policy, findings);

  const statement = policy.Statement;
  if (statement === undefined || (Array.isArray(statement) && statement.length === 0)) {
    findings.push(
      finding(
        'MALFORMED_POLICY',
        'The policy has no statements.',
        'Add "Statement": [ { "Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::YOUR-BUCKET/*" } ].',
        statement === undefined ? '' : '/Statement',
      ),
    );
    return false;
  }
  const items: unknown[] = Array.isArray(statement) ? statement : [statement];
  items.forEach((item, index) => {
    if (isRecord(item)) return;
    findings.push(
      finding(
        'MALFORMED_POLICY',
        'Each statement must be an object in braces { }.',
        'Check the brackets: "Statement": [ { … }, { … } ].',
        Array.isArray(statement) ? `/Statement/${index}` : '/Statement',
      ),
    );
  });

  const seenSids = new Map<string, string>();
  for (const located of locateStatements(policy)) checkStatement(located, seenSids, findings);
  return !malformed();
}
