/** A value in a policy's `Condition` block. */
export type ConditionValue = string | number | boolean;

/** `{ "StringEquals": { "s3:x-amz-acl": "private" } }`: operator, then condition key, then value(s). */
export type PolicyCondition = Record<string, Record<string, ConditionValue | ConditionValue[]>>;

/** One statement of an IAM policy. */
export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: PolicyCondition;
  /** Only in resource policies; an identity policy with a principal is refused by IAM. */
  Principal?: string | Record<string, string | string[]>;
  NotPrincipal?: string | Record<string, string | string[]>;
}

/** An IAM policy document. */
export interface PolicyDocument {
  /** `2012-10-17`; the old `2008-10-17` disables policy variables. */
  Version?: string;
  Id?: string;
  Statement: PolicyStatement | PolicyStatement[];
}
