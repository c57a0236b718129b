import { describe, expect, it } from 'vitest';
import { generateLifecycleConfiguration } from './lifecycle';

describe('generateLifecycleConfiguration', () => {
  it('expires uploads and aborts abandoned multipart uploads, in the S3 API form', () => {
    expect(generateLifecycleConfiguration({ expireAfterDays: 5, abortIncompleteAfterDays: 1 })).toEqual({
      Rules: [
        {
          ID: 'sos-expire-uploads',
          Status: 'Enabled',
          Filter: { Prefix: '' },
          Expiration: { Days: 5 },
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        },
      ],
    });
  });

  it('limits the rule to a folder, with a trailing slash so orders2/ is not caught', () => {
    const [rule] = generateLifecycleConfiguration({
      expireAfterDays: 30,
      abortIncompleteAfterDays: 2,
      prefix: '/orders',
    }).Rules;
    expect(rule?.Filter).toEqual({ Prefix: 'orders/' });
    expect(rule?.AbortIncompleteMultipartUpload).toEqual({ DaysAfterInitiation: 2 });
  });

  it('keeps files when expireAfterDays is null, and aborts after a day by default', () => {
    const [rule] = generateLifecycleConfiguration({ expireAfterDays: null }).Rules;
    expect(rule).not.toHaveProperty('Expiration');
    expect(rule?.AbortIncompleteMultipartUpload).toEqual({ DaysAfterInitiation: 1 });
  });

  it.each([
    { expireAfterDays: 0, abortIncompleteAfterDays: 1 },
    { expireAfterDays: 2.5, abortIncompleteAfterDays: 1 },
    { expireAfterDays: 5, abortIncompleteAfterDays: 0 },
    { expireAfterDays: 5, abortIncompleteAfterDays: 1, prefix: 'a/*' },
  ])('refuses %j', (options) => {
    expect(() => generateLifecycleConfiguration(options)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
