// parseCredentials (and the other onboarding validators) with anything a
// person can paste or a form can post: never an exception, always a result
// of the documented shape, with documented codes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CredentialsInput,
  parseCredentials,
  parseRegion,
  type ValidationIssue,
  validateBucketName,
} from '../../src';

const CREDENTIAL_CODES = new Set([
  'CREDENTIALS_EMPTY',
  'ACCESS_KEY_ID_MISSING',
  'SECRET_ACCESS_KEY_MISSING',
  'ACCESS_KEY_ID_MALFORMED',
  'SECRET_ACCESS_KEY_MALFORMED',
  'CREDENTIALS_SWAPPED',
  'CREDENTIALS_EXAMPLE_KEYS',
  'CREDENTIALS_AMBIGUOUS',
  'SESSION_TOKEN_MISSING',
  'SESSION_TOKEN_MALFORMED',
  'ACCESS_KEY_ID_UNUSUAL',
  'SESSION_TOKEN_UNEXPECTED',
  'CREDENTIALS_ROOT_KEY_FILE',
]);

const keyId = fc.oneof(
  fc.stringMatching(/^A[KS]IA[A-Z2-7]{16}$/),
  fc.constantFrom('AKIAIOSFODNN7EXAMPLE', 'AIDAJQABLZS4A3QDU576Q', 'akiaiosfodnn7example', ''),
);
const secret = fc.oneof(fc.stringMatching(/^[A-Za-z0-9/+]{40}$/), fc.string({ maxLength: 60 }));
const token = fc.oneof(fc.stringMatching(/^[A-Za-z0-9/+=]{16,400}$/), fc.string({ maxLength: 40 }));
const noise = fc.oneof(
  fc.constantFrom(' ', '\n', '\r\n', '\t', '"', "'", '\u200B', '\uFEFF', ',', '=', ':', '[default]', 'Access key ID'),
  fc.string({ unit: 'binary', maxLength: 6 }),
);
/** Pasted text: the pieces of real credentials in any order, with labels, quotes and junk between them. */
const pasted = fc.array(fc.oneof(keyId, secret, token, noise), { maxLength: 12 }).map((pieces) => pieces.join(''));
const anyText = fc.oneof(pasted, fc.string({ unit: 'binary', maxLength: 400 }), fc.json());

function expectIssues(issues: ValidationIssue[], codes: Set<string> | undefined): void {
  expect(Array.isArray(issues)).toBe(true);
  for (const issue of issues) {
    expect(issue).toEqual({
      code: expect.stringMatching(/^[A-Z][A-Z0-9_]+$/),
      message: expect.any(String),
      hint: expect.any(String),
    });
    if (codes !== undefined) expect(codes).toContain(issue.code);
    expect(issue.message.length).toBeGreaterThan(0);
  }
}

describe('parseCredentials, with any input (property)', () => {
  it('never throws on any pasted text, and answers ok with clean values or errors with documented codes', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const result = parseCredentials(text);
        expectIssues(result.warnings, CREDENTIAL_CODES);
        if (result.ok) {
          expect(result.credentials.accessKeyId).toMatch(/^\w{16,128}$/);
          expect(result.credentials.secretAccessKey).toMatch(/^[A-Za-z0-9/+]{40}$/);
          expect(['long-term', 'temporary']).toContain(result.kind);
          if (result.kind === 'temporary') expect(result.credentials.sessionToken).toEqual(expect.any(String));
        } else {
          expect(result.errors.length).toBeGreaterThan(0);
          expectIssues(result.errors, CREDENTIAL_CODES);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws on any form fields, whatever a JSON body puts in them', () => {
    const field = fc.oneof(keyId, secret, token, fc.string({ unit: 'binary', maxLength: 80 }), fc.jsonValue());
    fc.assert(
      fc.property(field, field, fc.option(field, { nil: undefined }), (accessKeyId, secretAccessKey, sessionToken) => {
        const input = { accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }) };
        const result = parseCredentials(input as CredentialsInput);
        if (!result.ok) expectIssues(result.errors, CREDENTIAL_CODES);
        expectIssues(result.warnings, CREDENTIAL_CODES);
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts every well-formed key pair, whatever whitespace and quotes surround it', () => {
    const id = fc.stringMatching(/^AKIA[A-Z2-7]{16}$/);
    const key = fc.stringMatching(/^[A-Za-z0-9/+]{40}$/).filter((value) => !/EXAMPLEKEY$/.test(value));
    const wrap = fc.constantFrom(
      (v: string) => v,
      (v: string) => ` ${v}\n`,
      (v: string) => `"${v}"`,
      (v: string) => `\u200B${v}\uFEFF`,
    );
    fc.assert(
      fc.property(id, key, wrap, wrap, (accessKeyId, secretAccessKey, wrapId, wrapSecret) => {
        const result = parseCredentials({
          accessKeyId: wrapId(accessKeyId),
          secretAccessKey: wrapSecret(secretAccessKey),
        });
        expect(result).toMatchObject({ ok: true, kind: 'long-term', credentials: { accessKeyId, secretAccessKey } });
      }),
      { numRuns: 500 },
    );
  });
});

describe('the other onboarding validators, with any string (property)', () => {
  it('validateBucketName never throws, and a name it accepts follows S3’s rules', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.stringMatching(/^[a-z0-9.-]{1,70}$/)),
        (name) => {
          const result = validateBucketName(name);
          expectIssues(result.errors, undefined);
          expectIssues(result.warnings, undefined);
          if (result.ok) expect(result.name).toMatch(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('parseRegion never throws, and a region it returns is a known code', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (input) => {
        const result = parseRegion(input);
        if (result.ok) expect(result.region).toMatch(/^[a-z]{2}(-[a-z]+)+-\d$/);
        else expectIssues([result.error], undefined);
      }),
      { numRuns: 3000 },
    );
  });
});
