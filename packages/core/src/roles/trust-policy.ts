import { randomUUID } from 'node:crypto';
import { SosError } from '../errors';
import type { PolicyDocument, PolicyStatement } from '../policy';
import { EXTERNAL_ID_PATTERN } from './role-format';

/** Options of {@link generateTrustPolicy}. */
export interface TrustPolicyOptions {
  /** Your (the vendor's) 12-digit AWS account ID: the only account the role trusts. */
  vendorAccountId: string;
  /** The external ID you generated for this customer. */
  externalId: string;
  /**
   * The partition of the customer's account.
   * @default 'aws'
   */
  partition?: 'aws' | 'aws-cn' | 'aws-us-gov';
}

/** A trust policy: who may assume a role, and on which condition. */
export interface TrustPolicy extends PolicyDocument {
  Version: '2012-10-17';
  Statement: [PolicyStatement];
}

/**
 * The trust policy of a customer's upload role: your account may call
 * `sts:AssumeRole` only with this customer's external ID (the
 * `sts:ExternalId` condition), which stops another customer of yours from
 * making you act on this customer's bucket (the confused deputy).
 *
 * @example
 * generateTrustPolicy({ vendorAccountId: '123456789012', externalId: lab.externalId });
 * // { Version: '2012-10-17', Statement: [{ Sid: 'AllowVendorWithExternalId', Effect: 'Allow',
 * //   Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole',
 * //   Condition: { StringEquals: { 'sts:ExternalId': '…' } } }] }
 */
export function generateTrustPolicy(options: TrustPolicyOptions): TrustPolicy {
  const { vendorAccountId, externalId, partition = 'aws' } = options;
  if (typeof vendorAccountId !== 'string' || !/^\d{12}$/.test(vendorAccountId)) {
    throw new SosError('INVALID_INPUT', 'The vendor account ID must be 12 digits.', {
      hint: 'Use your own AWS account ID, shown in the console’s account menu.',
    });
  }
  if (typeof externalId !== 'string' || !EXTERNAL_ID_PATTERN.test(externalId)) {
    throw new SosError('INVALID_INPUT', 'The external ID must be 2 to 1224 letters, digits or +=,.@:/-_ characters.', {
      hint: 'Generate one per customer with newExternalId().',
    });
  }
  if (!['aws', 'aws-cn', 'aws-us-gov'].includes(partition)) {
    throw new SosError('INVALID_INPUT', 'The partition must be aws, aws-cn or aws-us-gov.', {
      hint: 'Leave it out for aws.',
    });
  }
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowVendorWithExternalId',
        Effect: 'Allow',
        Principal: { AWS: `arn:${partition}:iam::${vendorAccountId}:root` },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': externalId } },
      },
    ],
  };
}

/**
 * A new external ID for one customer: `sos-` and a random UUID. Generate it
 * on your side, store it with the customer, and never let the customer
 * choose it: that is what keeps it unique.
 *
 * @example
 * const externalId = newExternalId(); // 'sos-3f0c8a52-9a1e-4b7e-8d5c-0c6f1e2b7a94'
 */
export function newExternalId(): string {
  return `sos-${randomUUID()}`;
}
