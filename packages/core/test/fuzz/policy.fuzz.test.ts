// lintPolicy and evaluatePolicy with any JSON value and any text: never an
// exception (only INVALID_INPUT for text that is not JSON), findings with
// documented codes, and decisions that obey IAM's rules.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  evaluatePolicy,
  isSosError,
  lintPolicy,
  POLICY_FINDINGS,
  type PolicyDocument,
  type PolicyStatement,
  type RequestContext,
} from '../../src';

const SEVERITY_ORDER = ['error', 'security_warning', 'warning', 'suggestion'];

const actions = fc.oneof(
  fc.constantFrom(
    's3:PutObject',
    's3:putobject',
    's3:*',
    '*',
    's3:Get*',
    's3:?utObject',
    's3:AbortMultipartUpload',
    'iam:PassRole',
    's3',
    '',
  ),
  fc.string({ maxLength: 12 }),
);
const resources = fc.oneof(
  fc.constantFrom(
    '*',
    'arn:aws:s3:::lab-uploads',
    'arn:aws:s3:::lab-uploads/*',
    'arn:aws:s3:::lab-uploads/acme/*',
    'arn:aws:s3:::lab-*/*',
    'arn:aws:s3:::yourbucketname/*',
    'arn:aws-cn:s3:::lab-uploads/*',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, spelled literally.
    'arn:aws:s3:::${aws:username}/*',
    'arn:aws:s3:eu-central-1:123456789012:lab-uploads/*',
    'arn:aws:s3',
  ),
  fc.string({ maxLength: 20 }),
);
const conditionValue = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.boolean(),
  fc.integer(),
  fc.constantFrom('true', '10.0.0.0/8', '2026-01-01T00:00:00Z'),
);
const condition = fc.dictionary(
  fc.oneof(
    fc.constantFrom(
      'StringEquals',
      'StringLike',
      'Bool',
      'NumericLessThan',
      'IpAddress',
      'DateGreaterThan',
      'Null',
      'ForAnyValue:StringLike',
      'StringEqualsIfExists',
      'ArnLike',
      'Unknown',
    ),
    fc.string({ maxLength: 10 }),
  ),
  fc.dictionary(
    fc.constantFrom('aws:SecureTransport', 's3:x-amz-acl', 'aws:SourceIp', 'aws:CurrentTime', 'aws:username', 'x'),
    fc.oneof(conditionValue, fc.array(conditionValue, { maxLength: 3 })),
    { maxKeys: 2 },
  ),
  { maxKeys: 2 },
);
const oneOrMany = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof(arbitrary, fc.array(arbitrary, { maxLength: 3 }));
/** A statement as people write them: valid elements, wrong elements, extra elements. */
const statement: fc.Arbitrary<PolicyStatement> = fc.record(
  {
    Sid: fc.oneof(fc.stringMatching(/^[A-Za-z0-9]{1,8}$/), fc.string({ maxLength: 6 })),
    Effect: fc.constantFrom('Allow', 'Deny', 'allow', 'Permit') as fc.Arbitrary<'Allow' | 'Deny'>,
    Action: oneOrMany(actions),
    NotAction: oneOrMany(actions),
    Resource: oneOrMany(resources),
    NotResource: oneOrMany(resources),
    Condition: condition,
    Principal: fc.constantFrom('*', { AWS: 'arn:aws:iam::123456789012:root' }),
  },
  { requiredKeys: ['Effect'] },
);
const structuredPolicy: fc.Arbitrary<PolicyDocument> = fc.record(
  {
    Version: fc.constantFrom('2012-10-17', '2008-10-17', '2012-10-18'),
    Statement: fc.oneof(statement, fc.array(statement, { maxLength: 4 })),
  },
  { requiredKeys: ['Statement'] },
);
/** Anything a policy field could hold: structured policies, any JSON value, or mangled JSON text. */
const anyPolicy = fc.oneof(
  structuredPolicy,
  fc.jsonValue(),
  fc.anything({ maxDepth: 3 }),
  structuredPolicy.map((policy) => JSON.stringify(policy, null, 2)),
  fc.tuple(structuredPolicy, fc.nat(), fc.string({ maxLength: 3 })).map(([policy, at, insert]) => {
    const text = JSON.stringify(policy);
    const cut = at % (text.length + 1);
    return text.slice(0, cut) + insert + text.slice(cut + 1);
  }),
  fc.string({ unit: 'binary', maxLength: 200 }),
);
const lintOptions = fc.record(
  {
    bucket: fc.constantFrom('lab-uploads', 'acme.lab.uploads'),
    prefix: fc.constantFrom('acme', 'acme/orders', '/acme/'),
    tier: fc.constantFrom('put-only', 'multipart'),
    partition: fc.constantFrom('aws', 'aws-cn', 'aws-us-gov'),
  },
  { requiredKeys: ['bucket'] },
) as fc.Arbitrary<Parameters<typeof lintPolicy>[1]>;
const request = fc.record({
  action: actions,
  resource: resources,
  context: fc.dictionary(
    fc.constantFrom('aws:SecureTransport', 's3:x-amz-acl', 'aws:SourceIp', 'aws:CurrentTime', 'aws:username'),
    fc.oneof(conditionValue, fc.array(fc.string({ maxLength: 6 }), { maxLength: 2 })),
    { maxKeys: 3 },
  ) as fc.Arbitrary<RequestContext>,
});

describe('lintPolicy, with any value (property)', () => {
  it('never throws, and answers findings of documented codes, severities and pointers, errors first', () => {
    fc.assert(
      fc.property(anyPolicy, lintOptions, (policy, options) => {
        const findings = lintPolicy(policy as string | object, options);
        expect(Array.isArray(findings)).toBe(true);
        for (const item of findings) {
          expect(Object.keys(POLICY_FINDINGS)).toContain(item.code);
          expect(item.severity).toBe(POLICY_FINDINGS[item.code].severity);
          expect(item.path).toMatch(/^(\/[^/]*)*$/);
          expect(item.message.length).toBeGreaterThan(0);
          expect(item.hint.length).toBeGreaterThan(0);
        }
        const order = findings.map((item) => SEVERITY_ORDER.indexOf(item.severity));
        expect(order).toEqual([...order].sort((a, b) => a - b));
      }),
      { numRuns: 1500 },
    );
  });

  it('reports UPLOAD_NOT_ALLOWED exactly when evaluatePolicy denies a browser’s upload into the bucket', () => {
    fc.assert(
      fc.property(structuredPolicy, (policy) => {
        // The upload is probed in the `aws` partition; without it, the lint probes the partition the policy's ARNs name.
        const findings = lintPolicy(policy, { bucket: 'lab-uploads', partition: 'aws' });
        if (findings.some((item) => item.code === 'MALFORMED_POLICY')) return;
        const upload = evaluatePolicy(policy, {
          action: 's3:PutObject',
          resource: 'arn:aws:s3:::lab-uploads/2026/03/01/u/scan.stl',
          context: { 'aws:SecureTransport': true },
        });
        const refused = findings.some((item) => item.code === 'UPLOAD_NOT_ALLOWED');
        if (upload.decision !== 'allow') expect(refused).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });
});

describe('evaluatePolicy, with any value (property)', () => {
  it('decides every request, or throws INVALID_INPUT for text that is not JSON', () => {
    fc.assert(
      fc.property(anyPolicy, request, (policy, input) => {
        let decision: ReturnType<typeof evaluatePolicy>;
        try {
          decision = evaluatePolicy(policy as PolicyDocument, input);
        } catch (error) {
          if (!isSosError(error)) throw error;
          expect(error.code).toBe('INVALID_INPUT');
          return;
        }
        expect(['allow', 'implicit-deny', 'explicit-deny']).toContain(decision.decision);
        if (decision.decision === 'allow') expect(decision.statement?.Effect).toBe('Allow');
        if (decision.decision === 'explicit-deny') expect(decision.statement?.Effect).toBe('Deny');
        expect(Array.isArray(decision.unsupported)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('lets an explicit Deny of everything beat any Allow', () => {
    const denyAll: PolicyStatement = { Effect: 'Deny', Action: '*', Resource: '*' };
    fc.assert(
      fc.property(fc.array(statement, { maxLength: 4 }), fc.nat(4), request, (statements, at, input) => {
        const withDeny = [...statements.slice(0, at), denyAll, ...statements.slice(at)];
        const decided = evaluatePolicy({ Version: '2012-10-17', Statement: withDeny }, input);
        expect(decided.decision).toBe('explicit-deny');
      }),
      { numRuns: 1000 },
    );
  });

  it('never denies explicitly without a Deny, and matches actions without regard to case', () => {
    const allowOnly = fc.array(
      statement.map((item) => ({ ...item, Effect: 'Allow' as const })),
      { maxLength: 4 },
    );
    fc.assert(
      fc.property(allowOnly, request, (statements, input) => {
        const policy = { Version: '2012-10-17', Statement: statements };
        const decided = evaluatePolicy(policy, input);
        expect(decided.decision).not.toBe('explicit-deny');
        const upper = evaluatePolicy(policy, { ...input, action: input.action.toUpperCase() });
        const lower = evaluatePolicy(policy, { ...input, action: input.action.toLowerCase() });
        expect(upper.decision).toBe(lower.decision);
      }),
      { numRuns: 1000 },
    );
  });
});
