import { describe, expect, it } from 'vitest';
import { parseRoleArn, validateRoleCredentials } from './role-format';

describe('parseRoleArn', () => {
  it('reads partition, account, path and name', () => {
    expect(parseRoleArn('arn:aws:iam::111122223333:role/sos-upload')).toEqual({
      partition: 'aws',
      accountId: '111122223333',
      path: '',
      name: 'sos-upload',
    });
    expect(parseRoleArn('arn:aws-us-gov:iam::111122223333:role/service/sos+upload@lab')).toMatchObject({
      partition: 'aws-us-gov',
      path: 'service/',
      name: 'sos+upload@lab',
    });
  });

  it.each([
    'arn:aws:iam::111122223333:user/sos',
    'arn:aws:iam::1111:role/sos',
    'arn:aws:sts::111122223333:assumed-role/sos/x',
    'sos-upload',
    '',
  ])('is undefined for %j', (arn) => {
    expect(parseRoleArn(arn)).toBeUndefined();
  });
});

describe('validateRoleCredentials', () => {
  it('accepts a role ARN and an external ID', () => {
    expect(validateRoleCredentials({ roleArn: 'arn:aws:iam::111122223333:role/sos', externalId: 'sos-1a2b' })).toEqual(
      [],
    );
  });

  it('names a user ARN and a malformed external ID, without quoting the ID', () => {
    const issues = validateRoleCredentials({
      roleArn: 'arn:aws:iam::111122223333:user/sos',
      externalId: 'secret with spaces',
    });
    expect(issues.map((issue) => issue.code)).toEqual(['ROLE_ARN_MALFORMED', 'EXTERNAL_ID_MALFORMED']);
    expect(issues[0]?.message).toContain('a user ARN');
    expect(JSON.stringify(issues)).not.toContain('secret with spaces');
  });
});
