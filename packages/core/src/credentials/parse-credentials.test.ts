import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CredentialsInput, parseCredentials } from './parse-credentials';

const ID = 'AKIA2E3MQRSEXAMPLE27';
const TEMP_ID = 'ASIA2E3MQRSTUVWXYZ27';
const SECRET = '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';
const TOKEN = `IQoJb3JpZ2luX2VjE${'Ab1/Cd2+'.repeat(40)}==`;

const errorCodes = (input: string | CredentialsInput) => {
  const result = parseCredentials(input);
  return result.ok ? [] : result.errors.map((issue) => issue.code);
};
const warningCodes = (input: string | CredentialsInput) => parseCredentials(input).warnings.map((issue) => issue.code);

describe('parseCredentials: what people paste', () => {
  it.each([
    ['two form fields with spaces and quotes', { accessKeyId: `  "${ID}" `, secretAccessKey: `'${SECRET}'\n` }],
    ['the two values on one line', `${ID} ${SECRET}`],
    ['the two values on two lines, secret first', `\n${SECRET}\r\n${ID}\n`],
    ['the console .csv file', `Access key ID,Secret access key\n${ID},${SECRET}\n`],
    [
      'the old console .csv file with user name and login link',
      `User name,Password,Access key ID,Secret access key,Console login link\nsos-orders,,${ID},${SECRET},https://123456789012.signin.aws.amazon.com/console`,
    ],
    ['one data row of the .csv file', `sos-orders,,${ID},${SECRET},https://123456789012.signin.aws.amazon.com/console`],
    ['a credentials file', `[default]\naws_access_key_id = ${ID}\naws_secret_access_key = ${SECRET}\n`],
    ['shell exports', `export AWS_ACCESS_KEY_ID="${ID}"\nexport AWS_SECRET_ACCESS_KEY="${SECRET}"`],
    ['console labels', `Access key ID: ${ID}\nSecret access key: ${SECRET}`],
    [
      'aws iam create-access-key output',
      JSON.stringify({
        AccessKey: { UserName: 'sos-orders', AccessKeyId: ID, Status: 'Active', SecretAccessKey: SECRET },
      }),
    ],
    ['labels pasted into the form fields', { accessKeyId: `aws_access_key_id = ${ID}`, secretAccessKey: SECRET }],
    ['invisible characters and a trailing comma', { accessKeyId: `\u200B${ID},`, secretAccessKey: `${SECRET}\uFEFF` }],
  ])('reads %s', (_label, input) => {
    expect(parseCredentials(input)).toEqual({
      ok: true,
      credentials: { accessKeyId: ID, secretAccessKey: SECRET },
      kind: 'long-term',
      warnings: [],
    });
  });

  it('reads temporary credentials with their session token', () => {
    const json = JSON.stringify({
      Credentials: { AccessKeyId: TEMP_ID, SecretAccessKey: SECRET, SessionToken: TOKEN, Expiration: '2030-01-01' },
    });
    for (const input of [
      json,
      `aws_access_key_id=${TEMP_ID}\naws_secret_access_key=${SECRET}\naws_session_token=${TOKEN}`,
      { accessKeyId: TEMP_ID, secretAccessKey: SECRET, sessionToken: ` ${TOKEN}\n` },
    ]) {
      expect(parseCredentials(input)).toEqual({
        ok: true,
        credentials: { accessKeyId: TEMP_ID, secretAccessKey: SECRET, sessionToken: TOKEN },
        kind: 'temporary',
        warnings: [],
      });
    }
  });
});

describe('parseCredentials: mistakes', () => {
  it.each<[string, string | CredentialsInput, string | CredentialsInput]>([
    // [code, input that triggers it, near miss that does not]
    ['CREDENTIALS_EMPTY', '  \n ', `${ID} ${SECRET}`],
    [
      'ACCESS_KEY_ID_MISSING',
      { accessKeyId: ' ', secretAccessKey: SECRET },
      { accessKeyId: ID, secretAccessKey: SECRET },
    ],
    [
      'SECRET_ACCESS_KEY_MISSING',
      { accessKeyId: ID, secretAccessKey: '' },
      { accessKeyId: ID, secretAccessKey: SECRET },
    ],
    ['SECRET_ACCESS_KEY_MISSING', ID, `${ID}\n${SECRET}`],
    [
      'ACCESS_KEY_ID_MALFORMED',
      { accessKeyId: 'AKIA 2E3M-QRST', secretAccessKey: SECRET },
      { accessKeyId: `${ID} `, secretAccessKey: SECRET },
    ],
    [
      'ACCESS_KEY_ID_MALFORMED',
      { accessKeyId: 'AIDA2E3MQRSTUVWXYZ27A', secretAccessKey: SECRET },
      { accessKeyId: ID, secretAccessKey: SECRET },
    ],
    [
      'ACCESS_KEY_ID_MALFORMED',
      { accessKeyId: ID.toLowerCase(), secretAccessKey: SECRET },
      { accessKeyId: ID, secretAccessKey: SECRET },
    ],
    [
      'ACCESS_KEY_ID_MALFORMED',
      { accessKeyId: 'arn:aws:iam::123456789012:user/sos', secretAccessKey: SECRET },
      { accessKeyId: ID, secretAccessKey: SECRET },
    ],
    [
      'ACCESS_KEY_ID_MALFORMED',
      { accessKeyId: SECRET, secretAccessKey: SECRET.slice(2) },
      { accessKeyId: ID, secretAccessKey: SECRET },
    ],
    [
      'SECRET_ACCESS_KEY_MALFORMED',
      { accessKeyId: ID, secretAccessKey: SECRET.slice(0, 39) },
      { accessKeyId: ID, secretAccessKey: SECRET },
    ],
    [
      'SECRET_ACCESS_KEY_MALFORMED',
      { accessKeyId: ID, secretAccessKey: `${SECRET.slice(0, 39)}!` },
      { accessKeyId: ID, secretAccessKey: SECRET },
    ],
    [
      'SECRET_ACCESS_KEY_MALFORMED',
      { accessKeyId: ID, secretAccessKey: ID },
      { accessKeyId: ID, secretAccessKey: SECRET },
    ],
    ['CREDENTIALS_SWAPPED', { accessKeyId: SECRET, secretAccessKey: ID }, { accessKeyId: ID, secretAccessKey: SECRET }],
    [
      'CREDENTIALS_SWAPPED',
      `aws_access_key_id = ${SECRET}\naws_secret_access_key = ${ID}`,
      `aws_access_key_id = ${ID}\naws_secret_access_key = ${SECRET}`,
    ],
    [
      'SESSION_TOKEN_MISSING',
      { accessKeyId: TEMP_ID, secretAccessKey: SECRET },
      { accessKeyId: TEMP_ID, secretAccessKey: SECRET, sessionToken: TOKEN },
    ],
    [
      'SESSION_TOKEN_MALFORMED',
      { accessKeyId: TEMP_ID, secretAccessKey: SECRET, sessionToken: 'short' },
      { accessKeyId: TEMP_ID, secretAccessKey: SECRET, sessionToken: TOKEN },
    ],
    [
      'CREDENTIALS_EXAMPLE_KEYS',
      { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: SECRET },
      { accessKeyId: ID, secretAccessKey: SECRET },
    ],
    [
      'CREDENTIALS_EXAMPLE_KEYS',
      { accessKeyId: ID, secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
      { accessKeyId: ID, secretAccessKey: SECRET },
    ],
    [
      'CREDENTIALS_AMBIGUOUS',
      `[a]\naws_access_key_id=${ID}\naws_secret_access_key=${SECRET}\n[b]\naws_access_key_id=${TEMP_ID.replace('ASIA', 'AKIA').replace('27', '33')}\naws_secret_access_key=${SECRET}`,
      `[a]\naws_access_key_id=${ID}\naws_secret_access_key=${SECRET}`,
    ],
  ])('%s', (code, bad, good) => {
    expect(errorCodes(bad)).toContain(code);
    expect(errorCodes(good)).not.toContain(code);
  });

  it.each<[string, string | CredentialsInput, string | CredentialsInput]>([
    [
      'ACCESS_KEY_ID_UNUSUAL',
      { accessKeyId: 'GOOG1EXAMPLEKEYID1234', secretAccessKey: SECRET },
      { accessKeyId: ID, secretAccessKey: SECRET },
    ],
    [
      'SESSION_TOKEN_UNEXPECTED',
      { accessKeyId: ID, secretAccessKey: SECRET, sessionToken: TOKEN },
      { accessKeyId: TEMP_ID, secretAccessKey: SECRET, sessionToken: TOKEN },
    ],
    [
      'CREDENTIALS_ROOT_KEY_FILE',
      `AWSAccessKeyId=${ID}\nAWSSecretKey=${SECRET}`,
      `AWS_ACCESS_KEY_ID=${ID}\nAWS_SECRET_ACCESS_KEY=${SECRET}`,
    ],
  ])('warns %s', (code, bad, good) => {
    expect(warningCodes(bad)).toContain(code);
    expect(warningCodes(good)).not.toContain(code);
  });

  it('drops a session token given with a long-term key', () => {
    const result = parseCredentials({ accessKeyId: ID, secretAccessKey: SECRET, sessionToken: TOKEN });
    expect(result).toMatchObject({
      ok: true,
      kind: 'long-term',
      credentials: { accessKeyId: ID, secretAccessKey: SECRET },
    });
    expect(result.ok && 'sessionToken' in result.credentials).toBe(false);
  });

  it('reports a swap alone, without piling on format errors', () => {
    expect(errorCodes({ accessKeyId: SECRET, secretAccessKey: ID })).toEqual(['CREDENTIALS_SWAPPED']);
  });
});

describe('parseCredentials never reveals the secret', () => {
  const secretChar = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+');
  const secrets = fc.oneof(
    fc.string({ unit: secretChar, minLength: 40, maxLength: 40 }),
    fc.string({ unit: secretChar, minLength: 12, maxLength: 80 }),
    fc.string({ minLength: 12, maxLength: 60 }).filter((value) => value.trim().length >= 12),
  );
  const shapes: ((secret: string, token: string) => string | CredentialsInput)[] = [
    (secret) => ({ accessKeyId: ID, secretAccessKey: secret }),
    (secret) => ({ accessKeyId: secret, secretAccessKey: ID }),
    (secret) => ({ accessKeyId: secret, secretAccessKey: secret }),
    (secret) => ({ accessKeyId: secret, secretAccessKey: '' }),
    (secret) => ({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: secret }),
    (secret, token) => ({ accessKeyId: TEMP_ID, secretAccessKey: secret, sessionToken: token }),
    (secret, token) => ({ accessKeyId: ID, secretAccessKey: secret, sessionToken: token }),
    (secret) => `${ID} ${secret}`,
    (secret) => `${secret}`,
    (secret) => `Access key ID,Secret access key\n${ID},${secret}`,
    (secret) => `aws_access_key_id = ${secret}\naws_secret_access_key = ${secret}`,
    (secret, token) => `AWS_ACCESS_KEY_ID=${TEMP_ID}\nAWS_SECRET_ACCESS_KEY=${secret}\nAWS_SESSION_TOKEN=${token}`,
    (secret) => JSON.stringify({ AccessKeyId: secret, SecretAccessKey: `${secret}x` }),
  ];

  it('in any error or warning, whatever is pasted', () => {
    fc.assert(
      fc.property(secrets, secrets, fc.nat(shapes.length - 1), (secret, token, shape) => {
        const input = shapes[shape]?.(secret, token) ?? '';
        const result = parseCredentials(input);
        const said = JSON.stringify(result.ok ? result.warnings : [...result.errors, ...result.warnings]);
        for (const value of [secret.trim(), token.trim()]) {
          for (let start = 0; start + 12 <= value.length; start++) {
            expect(said).not.toContain(value.slice(start, start + 12));
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
