import type { ConditionValue, PolicyCondition } from './types';
import { arnMatch, type VariableLookup, wildcardMatch } from './wildcard';

/** A value of the request context: one value, or several for multivalued keys. */
export type ContextValue = string | number | boolean | readonly (string | number | boolean)[];

/** The request context the conditions are checked against, such as `{ 'aws:SecureTransport': true }`. */
export type RequestContext = Readonly<Record<string, ContextValue>>;

type Compare = (contextValue: string, policyValue: string, variables: VariableLookup) => boolean;

interface OperatorRule {
  /** The operator's positive form is negated: true when no policy value matches. */
  negated: boolean;
  compare: Compare;
}

const toNumber = (value: string): number => (value.trim() === '' ? Number.NaN : Number(value));
const toTime = (value: string): number => (/^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value));

function numeric(test: (a: number, b: number) => boolean): Compare {
  return (context, policy) => {
    const a = toNumber(context);
    const b = toNumber(policy);
    return !Number.isNaN(a) && !Number.isNaN(b) && test(a, b);
  };
}

function date(test: (a: number, b: number) => boolean): Compare {
  return (context, policy) => {
    const a = toTime(context);
    const b = toTime(policy);
    return !Number.isNaN(a) && !Number.isNaN(b) && test(a, b);
  };
}

/** The value of a policy variable in a condition value, or the value unchanged. */
function substitute(policy: string, variables: VariableLookup): string | undefined {
  let missing = false;
  const result = policy.replace(/\$\{([^}]*)\}/g, (_whole, body: string) => {
    const name = body.trim();
    if (name === '*' || name === '?' || name === '$') return name;
    const value = variables(name);
    if (value === undefined) missing = true;
    return value ?? '';
  });
  return missing ? undefined : result;
}

const stringEquals: Compare = (context, policy, variables) => substitute(policy, variables) === context;
const stringEqualsIgnoreCase: Compare = (context, policy, variables) =>
  substitute(policy, variables)?.toLowerCase() === context.toLowerCase();
const stringLike: Compare = (context, policy, variables) => wildcardMatch(policy, context, { variables });
const arnLike: Compare = (context, policy, variables) => arnMatch(policy, context, variables);

function ipBytes(address: string): number[] | undefined {
  if (address.includes('.') && !address.includes(':')) {
    const parts = address.split('.').map(Number);
    return parts.length === 4 && parts.every((part) => Number.isInteger(part) && part >= 0 && part <= 255)
      ? parts
      : undefined;
  }
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string | undefined) => (half ? half.split(':') : []);
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  const all = [...head, ...Array<string>(Math.max(fill, 0)).fill('0'), ...tail];
  if (all.length !== 8 || !all.every((group) => /^[0-9a-f]{1,4}$/i.test(group))) return undefined;
  return all.flatMap((group) => {
    const value = Number.parseInt(group, 16);
    return [value >> 8, value & 0xff];
  });
}

const ipAddress: Compare = (context, policy) => {
  const [network = '', bitsText] = policy.split('/');
  const address = ipBytes(context.trim());
  const range = ipBytes(network.trim());
  if (address === undefined || range === undefined || address.length !== range.length) return false;
  const bits = bitsText === undefined ? range.length * 8 : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > range.length * 8) return false;
  for (let bit = 0; bit < bits; bit++) {
    const byte = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if (((address[byte] ?? 0) & mask) !== ((range[byte] ?? 0) & mask)) return false;
  }
  return true;
};

/** The condition operators the evaluator understands, without `IfExists` and set qualifiers. */
const OPERATORS: Readonly<Record<string, OperatorRule>> = {
  StringEquals: { negated: false, compare: stringEquals },
  StringNotEquals: { negated: true, compare: stringEquals },
  StringEqualsIgnoreCase: { negated: false, compare: stringEqualsIgnoreCase },
  StringNotEqualsIgnoreCase: { negated: true, compare: stringEqualsIgnoreCase },
  StringLike: { negated: false, compare: stringLike },
  StringNotLike: { negated: true, compare: stringLike },
  NumericEquals: { negated: false, compare: numeric((a, b) => a === b) },
  NumericNotEquals: { negated: true, compare: numeric((a, b) => a === b) },
  NumericLessThan: { negated: false, compare: numeric((a, b) => a < b) },
  NumericLessThanEquals: { negated: false, compare: numeric((a, b) => a <= b) },
  NumericGreaterThan: { negated: false, compare: numeric((a, b) => a > b) },
  NumericGreaterThanEquals: { negated: false, compare: numeric((a, b) => a >= b) },
  DateEquals: { negated: false, compare: date((a, b) => a === b) },
  DateNotEquals: { negated: true, compare: date((a, b) => a === b) },
  DateLessThan: { negated: false, compare: date((a, b) => a < b) },
  DateLessThanEquals: { negated: false, compare: date((a, b) => a <= b) },
  DateGreaterThan: { negated: false, compare: date((a, b) => a > b) },
  DateGreaterThanEquals: { negated: false, compare: date((a, b) => a >= b) },
  Bool: { negated: false, compare: (context, policy) => context.toLowerCase() === policy.toLowerCase() },
  BinaryEquals: { negated: false, compare: (context, policy) => context === policy },
  IpAddress: { negated: false, compare: ipAddress },
  NotIpAddress: { negated: true, compare: ipAddress },
  ArnEquals: { negated: false, compare: arnLike },
  ArnLike: { negated: false, compare: arnLike },
  ArnNotEquals: { negated: true, compare: arnLike },
  ArnNotLike: { negated: true, compare: arnLike },
};

/** Every condition operator name the evaluator knows (base forms; `IfExists` and `ForAnyValue:` variants too). */
export const CONDITION_OPERATORS: readonly string[] = [...Object.keys(OPERATORS), 'Null'];

const BY_LOWER_NAME = new Map(CONDITION_OPERATORS.map((name) => [name.toLowerCase(), name]));

/** An operator name taken apart: `ForAllValues:StringLikeIfExists`. */
export interface ParsedOperator {
  set: 'ForAnyValue' | 'ForAllValues' | undefined;
  base: string;
  ifExists: boolean;
}

/** Takes an operator name apart, or returns undefined when it is not a known operator. */
export function parseOperator(name: string): ParsedOperator | undefined {
  const qualified = /^(ForAnyValue|ForAllValues):(.+)$/i.exec(name);
  const set = qualified
    ? (qualified[1] ?? '').toLowerCase() === 'foranyvalue'
      ? 'ForAnyValue'
      : 'ForAllValues'
    : undefined;
  let rest = qualified?.[2] ?? name;
  const ifExists = /IfExists$/i.test(rest);
  if (ifExists) rest = rest.slice(0, -'IfExists'.length);
  const base = BY_LOWER_NAME.get(rest.toLowerCase());
  if (base === undefined || (base === 'Null' && ifExists)) return undefined;
  return { set, base, ifExists };
}

const asStrings = (value: ConditionValue | readonly ConditionValue[]): string[] =>
  (Array.isArray(value) ? value : [value]).map((item) => String(item));

function keyMatches(
  operator: ParsedOperator,
  policyValues: string[],
  contextValues: string[] | undefined,
  variables: VariableLookup,
): boolean {
  const absent = contextValues === undefined || contextValues.length === 0;
  if (operator.base === 'Null') {
    return policyValues.some((value) => (value.toLowerCase() === 'true') === absent);
  }
  const rule = OPERATORS[operator.base];
  if (rule === undefined) return false;
  if (absent) {
    if (operator.ifExists || operator.set === 'ForAllValues') return true;
    if (operator.set === 'ForAnyValue') return false;
    return rule.negated;
  }
  const hits = (contextValue: string) => policyValues.some((policy) => rule.compare(contextValue, policy, variables));
  const passes = (contextValue: string) => (rule.negated ? !hits(contextValue) : hits(contextValue));
  if (operator.set === 'ForAllValues') return contextValues.every(passes);
  if (operator.set === 'ForAnyValue') return contextValues.some(passes);
  return rule.negated ? !contextValues.some(hits) : contextValues.some(hits);
}

/** The outcome of a Condition block: true, false, or unknown because of operators the evaluator does not know. */
export interface ConditionOutcome {
  result: boolean | 'unknown';
  /** Operator names that could not be evaluated. */
  unknownOperators: string[];
}

/** Looks up context keys without regard to case, as IAM does. */
export function contextLookup(context: RequestContext): (key: string) => string[] | undefined {
  const byKey = new Map(
    Object.entries(context).map(([key, value]) => [
      key.toLowerCase(),
      asStrings(value as ConditionValue | readonly ConditionValue[]),
    ]),
  );
  return (key) => byKey.get(key.toLowerCase());
}

/**
 * Evaluates a Condition block: every operator and every key must hold (AND),
 * any of a key's values may match (OR). A known operator that fails decides
 * `false`; otherwise an unknown operator makes the result `unknown`.
 */
export function evaluateConditions(condition: PolicyCondition, context: RequestContext): ConditionOutcome {
  const lookup = contextLookup(context);
  const variables: VariableLookup = (name) => {
    const values = lookup(name);
    return values?.length === 1 ? values[0] : undefined;
  };
  const unknownOperators: string[] = [];
  let failed = false;
  for (const [name, keys] of Object.entries(condition)) {
    const operator = parseOperator(name);
    if (operator === undefined) {
      unknownOperators.push(name);
      continue;
    }
    for (const [key, value] of Object.entries(keys ?? {})) {
      if (!keyMatches(operator, asStrings(value), lookup(key), variables)) failed = true;
    }
  }
  return { result: failed ? false : unknownOperators.length > 0 ? 'unknown' : true, unknownOperators };
}
