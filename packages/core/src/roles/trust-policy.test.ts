import { describe, expect, it } from 'vitest';
import { generateTrustPolicy, newExternalId } from './trust-policy';

describe('generateTrustPolicy', () => {
  it('trusts the vendor account only with the external ID', () => {
    expect(generateTrustPolicy({ vendorAccountId: '123456789012', externalId: 'sos-abc-123' })).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AllowVendorWithExternalId',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::123456789012:root' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': 'sos-abc-123' } },
        },
      ],
    });
  });

  it('writes the partition of the account', () => {
    const policy = generateTrustPolicy({ vendorAccountId: '123456789012', externalId: 'sos-x1', partition: 'aws-cn' });
    expect(policy.Statement[0].Principal).toEqual({ AWS: 'arn:aws-cn:iam::123456789012:root' });
  });

  it.each([
    [{ vendorAccountId: '1234', externalId: 'sos-abc' }, /12 digits/],
    [{ vendorAccountId: '123456789012', externalId: 'x' }, /external ID/],
    [{ vendorAccountId: '123456789012', externalId: 'has space' }, /external ID/],
  ])('refuses %j', (options, message) => {
    expect(() => generateTrustPolicy(options)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringMatching(message) }),
    );
  });
});

describe('newExternalId', () => {
  it('is unique, and a valid external ID', () => {
    const ids = new Set(Array.from({ length: 1000 }, newExternalId));
    expect(ids.size).toBe(1000);
    for (const id of ids)
      expect(id).toMatch(/^sos-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(() => generateTrustPolicy({ vendorAccountId: '123456789012', externalId: newExternalId() })).not.toThrow();
  });
});
