import { describe, expect, it } from 'vitest';
import { POLICY_FINDINGS, type PolicyFindingCode } from './lint-finding';
import { lintPolicy } from './lint-policy';

const BUCKET = 'ronssosbucket';
const OBJECTS = `arn:aws:s3:::${BUCKET}/*`;

/** The seed's policy, exactly as the setup guide prints it. */
const seedPolicy = (bucket: string) => `{
"Version": "2012-10-17",
"Statement": [
{
"Sid": "Stmt1465584714000",
"Effect": "Allow",
"Action": "s3:PutObject",
"Resource": "arn:aws:s3:::${bucket}/*"
}
]
}`;

const allow = (extra: Record<string, unknown> = {}) => ({
  Effect: 'Allow',
  Action: 's3:PutObject',
  Resource: OBJECTS,
  ...extra,
});
const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });

type Case = [
  code: PolicyFindingCode,
  trigger: string | object,
  nearMiss: string | object,
  options?: { prefix?: string; tier?: 'put-only' | 'multipart'; partition?: 'aws' | 'aws-cn' | 'aws-us-gov' },
];

const cases: Case[] = [
  ['MALFORMED_JSON', seedPolicy(BUCKET).replace('"Effect": "Allow",', '"Effect": "Allow"'), seedPolicy(BUCKET)],
  ['MALFORMED_JSON', '{ “Version”: "2012-10-17" }', seedPolicy(BUCKET)],
  ['MALFORMED_POLICY', doc({ Effect: 'Allow', Actions: 's3:PutObject', Resource: OBJECTS }), doc(allow())],
  ['MALFORMED_POLICY', doc(allow({ Effect: 'allow' })), doc(allow())],
  ['MALFORMED_POLICY', doc(allow({ NotResource: OBJECTS })), doc(allow())],
  ['MALFORMED_POLICY', { Version: '2024-05-01', Statement: [allow()] }, doc(allow())],
  ['MALFORMED_POLICY', { Version: '2012-10-17', Statement: [] }, doc(allow())],
  ['MALFORMED_POLICY', doc(allow({ Action: [] })), doc(allow({ Action: ['s3:PutObject'] }))],
  ['MISSING_VERSION', { Statement: [allow()] }, doc(allow())],
  ['OLD_VERSION', { Version: '2008-10-17', Statement: [allow()] }, doc(allow())],
  ['INVALID_SID', doc(allow({ Sid: 'allow uploads' })), doc(allow({ Sid: 'AllowUploads' }))],
  [
    'DUPLICATE_SID',
    doc(allow({ Sid: 'A' }), allow({ Sid: 'A', Action: 's3:AbortMultipartUpload' })),
    doc(allow({ Sid: 'A' }), allow({ Sid: 'B', Action: 's3:AbortMultipartUpload' })),
  ],
  ['PRINCIPAL_IN_IDENTITY_POLICY', doc(allow({ Principal: '*' })), doc(allow())],
  ['INVALID_ACTION', doc(allow({ Action: 'PutObject' })), doc(allow({ Action: 's3:PutObject' }))],
  ['INVALID_ACTION', doc(allow({ Action: 's3:PutObject ' })), doc(allow({ Action: 'S3:putobject' }))],
  [
    'UNKNOWN_ACTION',
    doc(allow({ Action: ['s3:PutObject', 's3:PutObjekt'] })),
    doc(allow({ Action: ['s3:PutObject', 's3:PutObjectTagging'] })),
  ],
  [
    'UNKNOWN_ACTION',
    doc(allow(), { Effect: 'Deny', Action: 's3:Upload*', Resource: OBJECTS }),
    doc(allow(), { Effect: 'Deny', Action: 's3:Delete*', Resource: OBJECTS }),
  ],
  [
    'UNKNOWN_CONDITION_OPERATOR',
    doc(allow({ Condition: { StringEqualz: { 'aws:username': 'a' } } })),
    doc(allow({ Condition: { BoolIfExists: { 'aws:SecureTransport': 'true' } } })),
  ],
  ['INVALID_ARN', doc(allow({ Resource: `${BUCKET}/*` })), doc(allow())],
  [
    'INVALID_ARN',
    doc(allow({ Resource: `arn:aws:s3::${BUCKET}/*` })),
    doc(allow({ Resource: `arn:aws:s3:::${BUCKET}/*` })),
  ],
  ['INVALID_ARN', doc(allow({ Resource: `arn:aws:s3:::${BUCKET}/ *` })), doc(allow())],
  ['INVALID_PARTITION', doc(allow({ Resource: `arn:amazon:s3:::${BUCKET}/*` })), doc(allow())],
  [
    'INVALID_PARTITION',
    doc(allow({ Resource: OBJECTS })),
    doc(allow({ Resource: `arn:aws-cn:s3:::${BUCKET}/*` })),
    { partition: 'aws-cn' },
  ],
  [
    'S3_ARN_REGION_OR_ACCOUNT',
    doc(allow({ Resource: `arn:aws:s3:us-east-1:123456789012:${BUCKET}/*` })),
    doc(allow({ Resource: 'arn:aws:s3:us-east-1:123456789012:accesspoint/lab' }), allow()),
  ],
  ['PLACEHOLDER_BUCKET', seedPolicy('yourbucketname'), seedPolicy(BUCKET)],
  ['PLACEHOLDER_BUCKET', doc(allow({ Resource: 'arn:aws:s3:::DOC-EXAMPLE-BUCKET/*' })), doc(allow())],
  ['BUCKET_MISMATCH', seedPolicy('ronsosbucket'), seedPolicy(BUCKET)],
  ['BUCKET_MISMATCH', seedPolicy('RonsSOSBucket'), seedPolicy(BUCKET)],
  [
    'MISSING_OBJECT_PATH',
    doc(allow({ Resource: `arn:aws:s3:::${BUCKET}` })),
    doc(allow({ Resource: [`arn:aws:s3:::${BUCKET}`, OBJECTS] })),
  ],
  [
    'MISSING_OBJECT_PATH',
    doc(allow({ Resource: `arn:aws:s3:::${BUCKET}/` })),
    doc(allow(), { Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${BUCKET}` }),
  ],
  [
    'WILDCARD_ACTION',
    doc(allow({ Action: 's3:Put*' })),
    doc(allow(), {
      Effect: 'Deny',
      Action: 's3:*',
      Resource: OBJECTS,
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    }),
  ],
  ['WILDCARD_RESOURCE', doc(allow({ Resource: '*' })), doc(allow())],
  ['WILDCARD_RESOURCE', doc(allow({ Resource: 'arn:aws:s3:::*/*' })), doc(allow())],
  [
    'ALLOW_WITH_NOT_ACTION',
    doc(allow({ Action: undefined, NotAction: 's3:DeleteObject' })),
    doc(allow(), { Effect: 'Deny', NotAction: 's3:PutObject', Resource: OBJECTS }),
  ],
  [
    'ALLOW_WITH_NOT_RESOURCE',
    doc(allow({ Resource: undefined, NotResource: 'arn:aws:s3:::other/*' })),
    doc(allow(), { Effect: 'Deny', Action: 's3:PutObject', NotResource: OBJECTS }),
  ],
  ['UPLOAD_NOT_ALLOWED', doc(allow({ Action: 's3:GetObject' })), doc(allow())],
  [
    'UPLOAD_NOT_ALLOWED',
    doc(allow({ Resource: `arn:aws:s3:::${BUCKET}/other/*` })),
    doc(allow({ Resource: `arn:aws:s3:::${BUCKET}/orders/*` })),
    { prefix: 'orders' },
  ],
  [
    'UPLOAD_NOT_ALLOWED',
    doc(allow(), {
      Effect: 'Deny',
      Action: 's3:PutObject',
      Resource: OBJECTS,
      Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'AES256' } },
    }),
    doc(allow(), {
      Effect: 'Deny',
      Action: 's3:PutObject',
      Resource: OBJECTS,
      Condition: {
        StringNotEquals: { 's3:x-amz-server-side-encryption': 'AES256' },
        Null: { 's3:x-amz-server-side-encryption': 'false' },
      },
    }),
  ],
  [
    'UPLOAD_NOT_ALLOWED',
    doc(allow({ Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } })),
    doc(allow({ Condition: { Bool: { 'aws:SecureTransport': 'true' } } })),
  ],
  [
    'MULTIPART_NOT_ALLOWED',
    doc(allow()),
    doc(allow({ Action: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'] })),
    { tier: 'multipart' },
  ],
  [
    'EXTRA_PERMISSIONS',
    doc(allow({ Action: ['s3:PutObject', 's3:GetObject'] })),
    doc(allow({ Action: ['s3:PutObject', 's3:AbortMultipartUpload'] })),
  ],
  [
    'EXTRA_PERMISSIONS',
    doc(allow({ Resource: OBJECTS })),
    doc(allow({ Resource: `arn:aws:s3:::${BUCKET}/orders/*` })),
    { prefix: 'orders' },
  ],
  [
    'EXTRA_PERMISSIONS',
    doc(allow(), { Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: '*' }),
    doc(allow(), { Effect: 'Deny', Action: 'iam:*', Resource: '*' }),
  ],
  [
    'DUPLICATE_ENTRY',
    doc(allow({ Action: ['s3:PutObject', 's3:putobject'] })),
    doc(allow({ Action: ['s3:PutObject'] })),
  ],
  ['DUPLICATE_ENTRY', doc(allow({ Resource: [OBJECTS, OBJECTS] })), doc(allow({ Resource: [OBJECTS] }))],
];

describe('lintPolicy finding codes', () => {
  it.each(cases)('%s: reported for the trigger, not for the near miss', (code, trigger, nearMiss, options = {}) => {
    const codes = (policy: string | object) =>
      lintPolicy(policy, { bucket: BUCKET, ...options }).map((item) => item.code);
    expect(codes(trigger)).toContain(code);
    expect(codes(nearMiss)).not.toContain(code);
  });

  it('has a case for every code, and every finding carries the severity of its code', () => {
    const covered = new Set(cases.map(([code]) => code));
    expect([...covered].sort()).toEqual(Object.keys(POLICY_FINDINGS).sort());
    for (const [, trigger, , options = {}] of cases) {
      for (const item of lintPolicy(trigger, { bucket: BUCKET, ...options })) {
        expect(item.severity).toBe(POLICY_FINDINGS[item.code].severity);
        expect(item.message.length).toBeGreaterThan(15);
        expect(item.hint.length).toBeGreaterThan(10);
        expect(item.path === '' || item.path.startsWith('/')).toBe(true);
      }
    }
  });
});

describe("lintPolicy on the seed's policy", () => {
  it('reports the placeholder left in, and that uploads cannot work', () => {
    const findings = lintPolicy(seedPolicy('yourbucketname'), { bucket: BUCKET });
    expect(findings.map((item) => item.code)).toEqual(['PLACEHOLDER_BUCKET', 'UPLOAD_NOT_ALLOWED']);
    expect(findings[0]).toMatchObject({
      severity: 'error',
      path: '/Statement/0/Resource',
      hint: expect.stringContaining('arn:aws:s3:::ronssosbucket/*'),
    });
  });

  it('is clean once the bucket name is filled in', () => {
    expect(lintPolicy(seedPolicy(BUCKET), { bucket: BUCKET })).toEqual([]);
    expect(lintPolicy(JSON.parse(seedPolicy(BUCKET)) as object, { bucket: BUCKET })).toEqual([]);
  });
});

describe('lintPolicy details', () => {
  it('gives the line and column of a JSON error, and a hint for curly quotes', () => {
    const [item] = lintPolicy('{\n  "Version": "2012-10-17",\n  “Statement”: []\n}', { bucket: BUCKET });
    expect(item).toMatchObject({ code: 'MALFORMED_JSON', details: { line: 3, column: 3 }, path: '' });
    expect(item?.message).toContain('line 3, column 3');
    expect(item?.hint).toMatch(/curly quotes/);
  });

  it('points at a trailing comma', () => {
    const [item] = lintPolicy('{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", } ] }', {
      bucket: BUCKET,
    });
    expect(item).toMatchObject({ code: 'MALFORMED_JSON', details: { line: 1, column: 64 } });
    expect(item?.hint).toMatch(/comma/);
  });

  it('reports a bad backslash escape (a Windows path pasted into a string) as MALFORMED_JSON, never throws', () => {
    const [item] = lintPolicy('{ "Version": "2012-10-17", "Statement": { "Sid": "C:\\scans" } }', { bucket: BUCKET });
    expect(item).toMatchObject({ code: 'MALFORMED_JSON', details: { line: 1, column: 54 } });
  });

  it('suggests the action that was meant', () => {
    const unknown = lintPolicy(doc(allow({ Action: ['s3:PutObject', 's3:PutObjekt'] })), { bucket: BUCKET }).find(
      (item) => item.code === 'UNKNOWN_ACTION',
    );
    expect(unknown?.path).toBe('/Statement/0/Action/1');
    expect(unknown?.details?.suggestions?.[0]).toBe('s3:PutObject');
    expect(unknown?.message).toContain('Did you mean "s3:PutObject"?');
  });

  it('lists the extra rights, most important first, and points at the statement granting them', () => {
    const policy = doc(allow(), {
      Effect: 'Allow',
      Action: ['s3:PutBucketPolicy', 's3:DeleteObject', 's3:GetObject'],
      Resource: [OBJECTS, `arn:aws:s3:::${BUCKET}`],
    });
    const extra = lintPolicy(policy, { bucket: BUCKET }).find((item) => item.code === 'EXTRA_PERMISSIONS');
    expect(extra?.path).toBe('/Statement/1');
    expect(extra?.hint).toBe(
      `Keep only "s3:PutObject" on "${OBJECTS}": the policy from the setup guide is exactly that.`,
    );
    expect(extra?.details?.rights).toEqual([
      's3:GetObject (on files in the bucket)',
      's3:DeleteObject (on files in the bucket)',
      's3:PutBucketPolicy (on the bucket)',
    ]);
  });

  it('sees through Action "*" and Resource "*"', () => {
    const findings = lintPolicy(doc({ Effect: 'Allow', Action: '*', Resource: '*' }), { bucket: BUCKET });
    expect(findings.map((item) => item.code)).toEqual(['WILDCARD_ACTION', 'WILDCARD_RESOURCE', 'EXTRA_PERMISSIONS']);
    expect(findings[2]?.details?.rights?.[0]).toBe('* (on any resource)');
    expect(findings[2]?.details?.rights).toEqual(expect.arrayContaining(['iam:CreateUser (on any resource)']));
  });

  it('counts conditional Allows as extra rights, and ignores conditional Denies for them', () => {
    const policy = doc(allow(), {
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: OBJECTS,
      Condition: { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } },
    });
    expect(lintPolicy(policy, { bucket: BUCKET }).map((item) => item.code)).toEqual(['EXTRA_PERMISSIONS']);
  });

  it('explains an encryption Deny that blocks uploads without the header', () => {
    const policy = doc(allow(), {
      Effect: 'Deny',
      Action: 's3:PutObject',
      Resource: OBJECTS,
      Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
    });
    const [item] = lintPolicy(policy, { bucket: BUCKET });
    expect(item).toMatchObject({
      code: 'UPLOAD_NOT_ALLOWED',
      path: '/Statement/1',
      hint: expect.stringMatching(/default encryption/),
    });
  });

  it('explains an Allow whose condition browser uploads cannot meet', () => {
    const policy = doc(allow({ Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }));
    const [item] = lintPolicy(policy, { bucket: BUCKET });
    expect(item).toMatchObject({
      code: 'UPLOAD_NOT_ALLOWED',
      path: '/Statement/0',
      hint: expect.stringContaining('aws:SourceIp'),
    });
  });

  it('accepts the multipart tier for a put-only check, and the GovCloud partition', () => {
    const multipart = doc(
      allow({ Action: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'] }),
    );
    expect(lintPolicy(multipart, { bucket: BUCKET })).toEqual([]);
    const gov = doc(allow({ Resource: `arn:aws-us-gov:s3:::${BUCKET}/*` }));
    expect(lintPolicy(gov, { bucket: BUCKET })).toEqual([]);
    expect(lintPolicy(gov, { bucket: BUCKET, partition: 'aws-us-gov' })).toEqual([]);
  });

  it('refuses an invalid expected bucket', () => {
    expect(() => lintPolicy(seedPolicy(BUCKET), { bucket: 'yourbucketname' })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });

  it('sorts errors before warnings and suggestions', () => {
    const policy = { Statement: [allow({ Action: ['s3:GetObject', 's3:GetObject'] })] };
    const severities = lintPolicy(policy, { bucket: BUCKET }).map((item) => item.severity);
    expect(severities).toEqual(
      [...severities].sort(
        (a, b) =>
          ['error', 'security_warning', 'warning', 'suggestion'].indexOf(a) -
          ['error', 'security_warning', 'warning', 'suggestion'].indexOf(b),
      ),
    );
    expect(severities[0]).toBe('error');
  });
});
