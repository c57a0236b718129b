// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${like:this}
import { describe, expect, it } from 'vitest';
import type { RequestContext } from './conditions';
import { evaluatePolicy } from './evaluate-policy';
import type { PolicyDocument, PolicyStatement } from './types';

const policy = (...Statement: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement });
const decide = (document: PolicyDocument | string, action: string, resource: string, context?: RequestContext) =>
  evaluatePolicy(document, context === undefined ? { action, resource } : { action, resource, context }).decision;

const object = (key: string, bucket = 'amzn-s3-demo-bucket') => `arn:aws:s3:::${bucket}/${key}`;

describe('evaluatePolicy: the basics of IAM evaluation', () => {
  const seed = policy({ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::ronssosbucket/*' });

  it('allows what a statement allows and denies everything else by default', () => {
    expect(decide(seed, 's3:PutObject', 'arn:aws:s3:::ronssosbucket/orders/1.stl')).toBe('allow');
    expect(decide(seed, 's3:GetObject', 'arn:aws:s3:::ronssosbucket/orders/1.stl')).toBe('implicit-deny');
    expect(decide(seed, 's3:PutObject', 'arn:aws:s3:::otherbucket/1.stl')).toBe('implicit-deny');
    expect(decide(seed, 's3:PutObject', 'arn:aws:s3:::ronssosbucket')).toBe('implicit-deny');
  });

  it('reports the statement that decided', () => {
    const result = evaluatePolicy(seed, { action: 's3:PutObject', resource: 'arn:aws:s3:::ronssosbucket/a' });
    expect(result).toMatchObject({ decision: 'allow', statementIndex: 0, statement: { Action: 's3:PutObject' } });
    expect(evaluatePolicy(seed, { action: 's3:GetObject', resource: 'arn:aws:s3:::ronssosbucket/a' })).toEqual({
      decision: 'implicit-deny',
      unsupported: [],
    });
  });

  it('lets an explicit Deny win over any Allow, whatever the order', () => {
    // IAM User Guide, "Policy evaluation logic": an explicit deny overrides allows.
    const allowAll = { Effect: 'Allow', Action: 's3:*', Resource: '*' } as const;
    const denyDelete = {
      Effect: 'Deny',
      Action: 's3:DeleteObject',
      Resource: 'arn:aws:s3:::amzn-s3-demo-bucket/*',
    } as const;
    for (const document of [policy(allowAll, denyDelete), policy(denyDelete, allowAll)]) {
      expect(decide(document, 's3:DeleteObject', object('a.txt'))).toBe('explicit-deny');
      expect(decide(document, 's3:GetObject', object('a.txt'))).toBe('allow');
    }
    expect(
      evaluatePolicy(policy(allowAll, denyDelete), { action: 's3:DeleteObject', resource: object('a') }),
    ).toMatchObject({ decision: 'explicit-deny', statementIndex: 1 });
  });

  it('accepts a single statement object and JSON text', () => {
    const single = {
      Version: '2012-10-17',
      Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
    } as const;
    expect(decide(single, 's3:GetObject', object('x'))).toBe('allow');
    expect(decide(JSON.stringify(single), 's3:GetObject', object('x'))).toBe('allow');
    expect(() => decide('{ "Version": ', 's3:GetObject', object('x'))).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });

  it('denies by default for null and other values that are not a policy object', () => {
    for (const value of [null, 'null', '42', '"text"', 7, []]) {
      expect(decide(value as unknown as PolicyDocument, 's3:PutObject', object('x'))).toBe('implicit-deny');
    }
  });

  it('skips statements IAM would refuse (no valid Effect, no Resource)', () => {
    const broken = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'allow', Action: '*', Resource: '*' },
        { Effect: 'Allow', Action: '*' },
      ],
    };
    expect(decide(broken as unknown as PolicyDocument, 's3:GetObject', object('x'))).toBe('implicit-deny');
  });
});

describe('evaluatePolicy: wildcards and case', () => {
  it('matches actions without regard to case, with * and ?', () => {
    // IAM User Guide, "IAM JSON policy elements: Action": s3:Get* and iam:*AccessKey* examples.
    const document = policy({ Effect: 'Allow', Action: ['s3:Get*', 'iam:*AccessKey*', 's3:?utObject'], Resource: '*' });
    expect(decide(document, 's3:GetObject', object('a'))).toBe('allow');
    expect(decide(document, 'S3:GETBUCKETLOCATION', 'arn:aws:s3:::b')).toBe('allow');
    expect(decide(document, 'iam:CreateAccessKey', 'arn:aws:iam::123456789012:user/x')).toBe('allow');
    expect(decide(document, 'iam:ListAccessKeys', 'arn:aws:iam::123456789012:user/x')).toBe('allow');
    expect(decide(document, 's3:PutObject', object('a'))).toBe('allow');
    expect(decide(document, 's3:PutObjectAcl', object('a'))).toBe('implicit-deny');
    expect(decide(document, 's3:DeleteObject', object('a'))).toBe('implicit-deny');
  });

  it('matches resources case-sensitively, * spanning slashes, ? one character', () => {
    const document = policy({
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: ['arn:aws:s3:::amzn-s3-demo-bucket/home/*', 'arn:aws:s3:::amzn-s3-demo-bucket/file?.txt'],
    });
    expect(decide(document, 's3:GetObject', object('home/a/b/c.txt'))).toBe('allow');
    expect(decide(document, 's3:GetObject', object('Home/a.txt'))).toBe('implicit-deny');
    expect(decide(document, 's3:GetObject', object('file1.txt'))).toBe('allow');
    expect(decide(document, 's3:GetObject', object('file12.txt'))).toBe('implicit-deny');
    expect(decide(document, 's3:GetObject', 'arn:aws:s3:::AMZN-S3-DEMO-BUCKET/home/a')).toBe('implicit-deny');
  });

  it('does not let a wildcard span the colons between ARN parts', () => {
    const document = policy({ Effect: 'Allow', Action: 'iam:GetUser', Resource: 'arn:aws:iam::*:user/*' });
    expect(decide(document, 'iam:GetUser', 'arn:aws:iam::123456789012:user/alice')).toBe('allow');
    expect(decide(document, 'iam:GetUser', 'arn:aws:iam::123456789012:role/alice')).toBe('implicit-deny');
    expect(decide(document, 'iam:GetUser', 'arn:aws:iam:us-east-1:123456789012:user/alice')).toBe('implicit-deny');
  });

  it('keeps keys with colons inside the resource part', () => {
    const document = policy({ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::b1/*' });
    expect(decide(document, 's3:PutObject', 'arn:aws:s3:::b1/2024-01-01T10:00:00/scan.stl')).toBe('allow');
  });
});

describe('evaluatePolicy: NotAction and NotResource', () => {
  it('allows every action except the listed ones with Allow + NotAction', () => {
    // IAM User Guide, "NotAction": allow everything except IAM.
    const document = policy({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' });
    expect(decide(document, 's3:GetObject', object('a'))).toBe('allow');
    expect(decide(document, 'iam:CreateUser', 'arn:aws:iam::123456789012:user/x')).toBe('implicit-deny');
  });

  it('denies everything but IAM without MFA with Deny + NotAction + BoolIfExists', () => {
    // IAM User Guide, "NotAction with Deny" example.
    const document = policy(
      { Effect: 'Allow', Action: '*', Resource: '*' },
      {
        Effect: 'Deny',
        NotAction: 'iam:*',
        Resource: '*',
        Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
      },
    );
    expect(decide(document, 's3:GetObject', object('a'))).toBe('explicit-deny');
    expect(decide(document, 's3:GetObject', object('a'), { 'aws:MultiFactorAuthPresent': false })).toBe(
      'explicit-deny',
    );
    expect(decide(document, 's3:GetObject', object('a'), { 'aws:MultiFactorAuthPresent': true })).toBe('allow');
    expect(decide(document, 'iam:ChangePassword', 'arn:aws:iam::123456789012:user/x')).toBe('allow');
  });

  it('denies every other resource with Deny + NotResource', () => {
    const document = policy(
      { Effect: 'Allow', Action: 's3:*', Resource: '*' },
      {
        Effect: 'Deny',
        Action: 's3:*',
        NotResource: ['arn:aws:s3:::amzn-s3-demo-bucket', 'arn:aws:s3:::amzn-s3-demo-bucket/*'],
      },
    );
    expect(decide(document, 's3:GetObject', object('a'))).toBe('allow');
    expect(decide(document, 's3:ListBucket', 'arn:aws:s3:::amzn-s3-demo-bucket')).toBe('allow');
    expect(decide(document, 's3:GetObject', object('a', 'other-bucket'))).toBe('explicit-deny');
  });
});

describe('evaluatePolicy: conditions', () => {
  const guarded = (Condition: PolicyStatement['Condition'], Effect: 'Allow' | 'Deny' = 'Allow') =>
    Effect === 'Allow'
      ? policy({ Effect, Action: 's3:*', Resource: '*', Condition })
      : policy(
          { Effect: 'Allow', Action: 's3:*', Resource: '*' },
          { Effect, Action: 's3:*', Resource: '*', Condition },
        );
  const put = (document: PolicyDocument, context?: RequestContext) =>
    decide(document, 's3:PutObject', object('a'), context);

  it('Bool: denies plain HTTP (aws:SecureTransport)', () => {
    const document = guarded({ Bool: { 'aws:SecureTransport': 'false' } }, 'Deny');
    expect(put(document, { 'aws:SecureTransport': false })).toBe('explicit-deny');
    expect(put(document, { 'aws:securetransport': 'true' })).toBe('allow');
    expect(put(document)).toBe('allow');
  });

  it('StringEquals / StringNotEquals: the required ACL and encryption headers', () => {
    const acl = guarded({ StringEquals: { 's3:x-amz-acl': ['private', 'bucket-owner-full-control'] } });
    expect(put(acl, { 's3:x-amz-acl': 'private' })).toBe('allow');
    expect(put(acl, { 's3:x-amz-acl': 'public-read' })).toBe('implicit-deny');
    expect(put(acl)).toBe('implicit-deny');
    const encryption = guarded({ StringNotEquals: { 's3:x-amz-server-side-encryption': 'AES256' } }, 'Deny');
    expect(put(encryption, { 's3:x-amz-server-side-encryption': 'AES256' })).toBe('allow');
    expect(put(encryption, { 's3:x-amz-server-side-encryption': 'aws:kms' })).toBe('explicit-deny');
    expect(put(encryption)).toBe('explicit-deny');
  });

  it('StringNotEquals with Null false: only a wrong header is denied', () => {
    const document = guarded(
      {
        StringNotEquals: { 's3:x-amz-server-side-encryption': 'AES256' },
        Null: { 's3:x-amz-server-side-encryption': 'false' },
      },
      'Deny',
    );
    expect(put(document)).toBe('allow');
    expect(put(document, { 's3:x-amz-server-side-encryption': 'AES256' })).toBe('allow');
    expect(put(document, { 's3:x-amz-server-side-encryption': 'aws:kms' })).toBe('explicit-deny');
  });

  it('Null: denies long-term credentials (no aws:TokenIssueTime)', () => {
    const document = guarded({ Null: { 'aws:TokenIssueTime': 'true' } }, 'Deny');
    expect(put(document)).toBe('explicit-deny');
    expect(put(document, { 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' })).toBe('allow');
  });

  it('StringEqualsIgnoreCase, StringLike and StringNotLike', () => {
    expect(put(guarded({ StringEqualsIgnoreCase: { 'aws:username': 'Alice' } }), { 'aws:username': 'ALICE' })).toBe(
      'allow',
    );
    const like = guarded({ StringLike: { 's3:prefix': ['home/', 'home/*'] } });
    expect(put(like, { 's3:prefix': 'home/alice/docs' })).toBe('allow');
    expect(put(like, { 's3:prefix': 'other/' })).toBe('implicit-deny');
    const notLike = guarded({ StringNotLike: { 's3:prefix': 'home/*' } }, 'Deny');
    expect(put(notLike, { 's3:prefix': 'etc/passwd' })).toBe('explicit-deny');
    expect(put(notLike, { 's3:prefix': 'home/alice' })).toBe('allow');
    expect(put(notLike)).toBe('explicit-deny');
  });

  it('Numeric operators: s3:max-keys at most 10', () => {
    const document = guarded({ NumericLessThanEquals: { 's3:max-keys': '10' } });
    expect(put(document, { 's3:max-keys': 10 })).toBe('allow');
    expect(put(document, { 's3:max-keys': '11' })).toBe('implicit-deny');
    expect(put(document, { 's3:max-keys': 'ten' })).toBe('implicit-deny');
    expect(put(guarded({ NumericGreaterThan: { n: 1 } }), { n: 2 })).toBe('allow');
    expect(put(guarded({ NumericNotEquals: { n: 1 } }), { n: 1 })).toBe('implicit-deny');
  });

  it('Date operators: a time window (aws:CurrentTime)', () => {
    const document = guarded({
      DateGreaterThan: { 'aws:CurrentTime': '2020-04-01T00:00:00Z' },
      DateLessThan: { 'aws:CurrentTime': '2020-06-30T23:59:59Z' },
    });
    expect(put(document, { 'aws:CurrentTime': '2020-05-01T12:00:00Z' })).toBe('allow');
    expect(put(document, { 'aws:CurrentTime': '2020-07-01T00:00:00Z' })).toBe('implicit-deny');
    expect(put(guarded({ DateLessThan: { 'aws:EpochTime': '1600000000' } }), { 'aws:EpochTime': 1500000000 })).toBe(
      'allow',
    );
  });

  it('IpAddress and NotIpAddress, IPv4 and IPv6', () => {
    const document = guarded({ IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32'] } });
    expect(put(document, { 'aws:SourceIp': '203.0.113.77' })).toBe('allow');
    expect(put(document, { 'aws:SourceIp': '198.51.100.1' })).toBe('implicit-deny');
    expect(put(document, { 'aws:SourceIp': '2001:db8:1234::1' })).toBe('allow');
    expect(put(document, { 'aws:SourceIp': '2001:db9::1' })).toBe('implicit-deny');
    const deny = guarded({ NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' } }, 'Deny');
    expect(put(deny, { 'aws:SourceIp': '192.0.2.10' })).toBe('allow');
    expect(put(deny, { 'aws:SourceIp': '10.0.0.1' })).toBe('explicit-deny');
  });

  it('ArnLike / ArnNotEquals compare part by part', () => {
    const document = guarded({ ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:123456789012:*' } });
    expect(put(document, { 'aws:SourceArn': 'arn:aws:sns:eu-west-1:123456789012:topic' })).toBe('allow');
    expect(put(document, { 'aws:SourceArn': 'arn:aws:sqs:eu-west-1:123456789012:queue' })).toBe('implicit-deny');
    const notEquals = guarded({ ArnNotEquals: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:123456789012:t' } }, 'Deny');
    expect(put(notEquals, { 'aws:SourceArn': 'arn:aws:sns:us-east-1:123456789012:t' })).toBe('allow');
  });

  it('...IfExists is true when the key is missing', () => {
    // IAM User Guide, "...IfExists condition operators": ec2:InstanceType example.
    const document = guarded({ StringLikeIfExists: { 'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*'] } });
    expect(put(document)).toBe('allow');
    expect(put(document, { 'ec2:InstanceType': 't2.micro' })).toBe('allow');
    expect(put(document, { 'ec2:InstanceType': 'p4d.24xlarge' })).toBe('implicit-deny');
  });

  it('ForAllValues and ForAnyValue with multivalued keys', () => {
    const all = guarded({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } });
    expect(put(all, { 'aws:TagKeys': ['environment'] })).toBe('allow');
    expect(put(all, { 'aws:TagKeys': ['environment', 'owner'] })).toBe('implicit-deny');
    expect(put(all)).toBe('allow');
    const any = guarded({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['environment'] } });
    expect(put(any, { 'aws:TagKeys': ['owner', 'environment'] })).toBe('allow');
    expect(put(any, { 'aws:TagKeys': ['owner'] })).toBe('implicit-deny');
    expect(put(any)).toBe('implicit-deny');
  });

  it('needs every operator and key to hold, and any value of a key', () => {
    const document = guarded({
      StringEquals: { 'aws:username': ['alice', 'bob'], 's3:x-amz-acl': 'private' },
      Bool: { 'aws:SecureTransport': 'true' },
    });
    const context = { 'aws:username': 'bob', 's3:x-amz-acl': 'private', 'aws:SecureTransport': true };
    expect(put(document, context)).toBe('allow');
    expect(put(document, { ...context, 'aws:SecureTransport': false })).toBe('implicit-deny');
    expect(put(document, { ...context, 'aws:username': 'carol' })).toBe('implicit-deny');
  });

  it('never lets an unknown operator allow, and reports it', () => {
    const allow = guarded({ StringEqualz: { 'aws:username': 'alice' } });
    const result = evaluatePolicy(allow, {
      action: 's3:PutObject',
      resource: object('a'),
      context: { 'aws:username': 'alice' },
    });
    expect(result.decision).toBe('implicit-deny');
    expect(result.unsupported).toEqual([
      { statementIndex: 0, operator: 'StringEqualz', path: '/Statement/0/Condition/StringEqualz' },
    ]);
    const deny = guarded({ FutureOperator: { k: 'v' } }, 'Deny');
    expect(evaluatePolicy(deny, { action: 's3:PutObject', resource: object('a') })).toMatchObject({
      decision: 'explicit-deny',
      unsupported: [{ operator: 'FutureOperator' }],
    });
    const knownFails = guarded({ FutureOperator: { k: 'v' }, Bool: { 'aws:SecureTransport': 'false' } }, 'Deny');
    expect(put(knownFails, { 'aws:SecureTransport': true })).toBe('allow');
  });
});

describe('evaluatePolicy: policy variables', () => {
  // IAM User Guide, "Policy variables": each user gets a home folder.
  const home = (Version: string): PolicyDocument => ({
    Version,
    Statement: [
      { Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*' },
    ],
  });

  it('fills in ${aws:username} under 2012-10-17', () => {
    const context = { 'aws:username': 'alice' };
    expect(decide(home('2012-10-17'), 's3:PutObject', object('home/alice/a.txt'), context)).toBe('allow');
    expect(decide(home('2012-10-17'), 's3:PutObject', object('home/bob/a.txt'), context)).toBe('implicit-deny');
    expect(decide(home('2012-10-17'), 's3:PutObject', object('home/alice/a.txt'))).toBe('implicit-deny');
  });

  it('treats the variable as literal text under 2008-10-17', () => {
    const context = { 'aws:username': 'alice' };
    expect(decide(home('2008-10-17'), 's3:PutObject', object('home/alice/a.txt'), context)).toBe('implicit-deny');
    expect(decide(home('2008-10-17'), 's3:PutObject', object('home/${aws:username}/a.txt'), context)).toBe('allow');
  });

  it('reads ${*} as a literal star and uses default values', () => {
    const document = policy({
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: ["arn:aws:s3:::amzn-s3-demo-bucket/${*}/${aws:PrincipalTag/team, 'shared'}/*"],
    });
    expect(decide(document, 's3:GetObject', object('*/shared/a'))).toBe('allow');
    expect(decide(document, 's3:GetObject', object('x/shared/a'))).toBe('implicit-deny');
    expect(decide(document, 's3:GetObject', object('*/lab/a'), { 'aws:PrincipalTag/team': 'lab' })).toBe('allow');
  });
});
