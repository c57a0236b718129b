import type { RoleCredentials } from '../connection';
import type { ValidationIssue } from '../errors';

/** `arn:PARTITION:iam::ACCOUNT:role/[path/]NAME`. */
const ROLE_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):role\/((?:[\w+=,.@-]+\/)*)([\w+=,.@-]{1,64})$/;
/** What STS accepts as an external ID. */
export const EXTERNAL_ID_PATTERN = /^[\w+=,.@:/-]{2,1224}$/;

/** The parts of a role ARN. */
export interface ParsedRoleArn {
  partition: 'aws' | 'aws-cn' | 'aws-us-gov';
  accountId: string;
  path: string;
  name: string;
}

/**
 * The partition, account, path and name of an IAM role ARN, or `undefined`
 * when it is not one.
 *
 * @example
 * parseRoleArn('arn:aws:iam::111122223333:role/sos-upload'); // { partition: 'aws', accountId: '111122223333', path: '', name: 'sos-upload' }
 */
export function parseRoleArn(arn: string): ParsedRoleArn | undefined {
  const match = typeof arn === 'string' ? ROLE_ARN.exec(arn.trim()) : null;
  if (match === null) return undefined;
  const [, partition, accountId, path, name] = match;
  return {
    partition: partition as ParsedRoleArn['partition'],
    accountId: accountId ?? '',
    path: path ?? '',
    name: name ?? '',
  };
}

/**
 * What is wrong with a role connection's `{ roleArn, externalId }`, as
 * validation issues (`ROLE_ARN_MALFORMED`, `EXTERNAL_ID_MALFORMED`); empty
 * when both look right. The external ID is described, never quoted.
 */
export function validateRoleCredentials(role: RoleCredentials): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const arn = typeof role?.roleArn === 'string' ? role.roleArn.trim() : '';
  if (parseRoleArn(arn) === undefined) {
    const kind =
      arn.startsWith('arn:') && arn.includes(':user/') ? 'a user ARN' : arn === '' ? 'empty' : 'not a role ARN';
    issues.push({
      code: 'ROLE_ARN_MALFORMED',
      message: `The role ARN is ${kind}: it looks like arn:aws:iam::111122223333:role/sos-upload.`,
      hint: 'Copy the RoleArn output of the CloudFormation stack, or the ARN on the role’s page in the IAM console.',
    });
  }
  const externalId = typeof role?.externalId === 'string' ? role.externalId : '';
  if (!EXTERNAL_ID_PATTERN.test(externalId)) {
    issues.push({
      code: 'EXTERNAL_ID_MALFORMED',
      message: 'The external ID must be 2 to 1224 letters, digits or +=,.@:/-_ characters.',
      hint: 'Use the external ID your app generated for this customer (newExternalId()), unchanged.',
    });
  }
  return issues;
}
