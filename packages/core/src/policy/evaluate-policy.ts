import { SosError } from '../errors';
import { contextLookup, evaluateConditions, type RequestContext } from './conditions';
import { elementValues, type LocatedStatement, locateStatements, pointerKey } from './statements';
import type { PolicyDocument, PolicyStatement } from './types';
import { arnMatch, type VariableLookup, wildcardMatch } from './wildcard';

/** The request to decide: one action on one resource, with its context. */
export interface PolicyRequest {
  /** An IAM action such as `s3:PutObject` (any letter case). */
  action: string;
  /** The resource ARN, such as `arn:aws:s3:::ronssosbucket/orders/42/scan.stl` (case-sensitive). */
  resource: string;
  /**
   * Condition keys of the request, such as `{ 'aws:SecureTransport': true }`.
   * Keys are looked up without regard to case. Also the values of policy
   * variables such as `${aws:username}`.
   * @default {}
   */
  context?: RequestContext;
}

/** A condition the evaluator could not check, because it does not know its operator. */
export interface UnsupportedCondition {
  statementIndex: number;
  operator: string;
  /** JSON pointer to the operator in the policy. */
  path: string;
}

/** What IAM would decide for a request under one identity policy. */
export interface PolicyDecision {
  /** `explicit-deny` beats any Allow; `implicit-deny` means no statement allows it. */
  decision: 'allow' | 'implicit-deny' | 'explicit-deny';
  /** The statement that decided: the first matching Deny, else the first matching Allow. */
  statement?: PolicyStatement;
  /** Its position in `Statement`. */
  statementIndex?: number;
  /**
   * Conditions with operators the evaluator does not know. It never lets them
   * allow: an Allow that has one does not apply, a Deny that has one does.
   */
  unsupported: UnsupportedCondition[];
}

function readPolicy(policy: PolicyDocument | string): PolicyDocument {
  if (typeof policy !== 'string') return policy;
  try {
    return JSON.parse(policy) as PolicyDocument;
  } catch (cause) {
    throw new SosError('INVALID_INPUT', 'The policy is not valid JSON.', {
      hint: 'Run lintPolicy on it to see where the JSON breaks.',
      cause,
    });
  }
}

function matchesAction(located: LocatedStatement, action: string): boolean | undefined {
  const allowed = elementValues(located, 'Action');
  if (allowed !== undefined) return allowed.some(({ value }) => wildcardMatch(value, action, { ignoreCase: true }));
  const excluded = elementValues(located, 'NotAction');
  if (excluded !== undefined) return !excluded.some(({ value }) => wildcardMatch(value, action, { ignoreCase: true }));
  return undefined;
}

function matchesResource(located: LocatedStatement, resource: string, variables?: VariableLookup): boolean | undefined {
  const allowed = elementValues(located, 'Resource');
  if (allowed !== undefined) return allowed.some(({ value }) => arnMatch(value, resource, variables));
  const excluded = elementValues(located, 'NotResource');
  if (excluded !== undefined) return !excluded.some(({ value }) => arnMatch(value, resource, variables));
  return undefined;
}

/**
 * Decides a request the way IAM evaluates one identity policy: default deny,
 * an Allow grants, an explicit Deny beats every Allow. Actions match without
 * regard to case, resources with it; `*` and `?` are wildcards; NotAction and
 * NotResource invert the match; conditions support the String, Numeric, Date,
 * Bool, Binary, IpAddress, Arn and Null operators, their `IfExists` forms and
 * the `ForAnyValue:`/`ForAllValues:` qualifiers. Policy variables
 * (`${aws:username}`) are filled in from the context under Version
 * `2012-10-17` only.
 *
 * An operator it does not know never leads to `allow`: it is listed in
 * `unsupported`.
 *
 * @example
 * evaluatePolicy(policy, { action: 's3:PutObject', resource: 'arn:aws:s3:::ronssosbucket/a.stl' }).decision; // 'allow'
 */
export function evaluatePolicy(policy: PolicyDocument | string, request: PolicyRequest): PolicyDecision {
  const read: unknown = readPolicy(policy);
  // `null` (or the text "null") holds no statement, like any other value that is not an object.
  if (typeof read !== 'object' || read === null) return { decision: 'implicit-deny', unsupported: [] };
  const document = read as PolicyDocument;
  const context = request.context ?? {};
  const lookup = contextLookup(context);
  const variables: VariableLookup | undefined =
    document.Version === '2012-10-17'
      ? (name) => {
          const values = lookup(name);
          return values?.length === 1 ? values[0] : undefined;
        }
      : undefined;

  const unsupported: UnsupportedCondition[] = [];
  let allowedBy: LocatedStatement | undefined;
  for (const located of locateStatements(document)) {
    const { Effect: effect, Condition: condition } = located.statement;
    if (effect !== 'Allow' && effect !== 'Deny') continue;
    if (matchesAction(located, request.action) !== true) continue;
    if (matchesResource(located, request.resource, variables) !== true) continue;

    let applies = true;
    if (condition !== undefined && typeof condition === 'object' && condition !== null) {
      const outcome = evaluateConditions(condition, context);
      for (const operator of outcome.unknownOperators) {
        unsupported.push({
          statementIndex: located.index,
          operator,
          path: `${located.pointer}/Condition/${pointerKey(operator)}`,
        });
      }
      // Fail closed: an unknown operator may deny, never allow.
      applies = outcome.result === 'unknown' ? effect === 'Deny' : outcome.result;
    }
    if (!applies) continue;
    if (effect === 'Deny') {
      return { decision: 'explicit-deny', statement: located.statement, statementIndex: located.index, unsupported };
    }
    allowedBy ??= located;
  }
  return allowedBy === undefined
    ? { decision: 'implicit-deny', unsupported }
    : { decision: 'allow', statement: allowedBy.statement, statementIndex: allowedBy.index, unsupported };
}
