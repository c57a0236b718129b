import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { LOG_REDACT_PATHS } from './log-redact-paths';
import { redactedCredentials } from './tenant-credentials';

const SECRET = 'cAnArY/SeCrEt+0123456789abcdefghijklmnop';
const TOKEN = 'cAnArYtOkEn0123456789abcdefghijklmnopqrstuvwxyz==';
const AUTHORIZATION = 'AWS4-HMAC-SHA256 Credential=AKIA/x, SignedHeaders=host, Signature=cAnArYsIgNaTuRe';

function capture(): { logger: pino.Logger; lines: () => string[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = pino({ redact: { paths: [...LOG_REDACT_PATHS], censor: '[redacted]' } }, stream);
  return { logger, lines: () => chunks.join('').split('\n').filter(Boolean) };
}

const keys = { accessKeyId: 'ASIA2ZQXK7PLMNB4RT6W', secretAccessKey: SECRET, sessionToken: TOKEN };
const connection = { bucket: 'acme-lab-uploads', region: 'eu-central-1', credentials: keys };

describe('LOG_REDACT_PATHS with a real pino logger', () => {
  it.each([
    ['bare credentials', { credentials: keys }],
    ['a connection', { connection }],
    ['a connection one level down', { tenant: { connection } }],
    ['the secret fields one level down', { keys }],
    ['the secret fields at the top', keys],
    ['an STS answer', { Credentials: { AccessKeyId: 'ASIA…', SecretAccessKey: SECRET, SessionToken: TOKEN } }],
    ['an STS answer one level down', { answer: { Credentials: { SecretAccessKey: SECRET, SessionToken: TOKEN } } }],
    [
      'request headers',
      { req: { method: 'PUT', headers: { authorization: AUTHORIZATION, 'x-amz-security-token': TOKEN } } },
    ],
    ['bare headers', { headers: { Authorization: AUTHORIZATION, 'x-amz-security-token': TOKEN } }],
    ['a web request', { request: { headers: { authorization: AUTHORIZATION } } }],
  ])('hides secrets in %s', (_name, object) => {
    const { logger, lines } = capture();
    logger.info(object, 'logged');
    const [line] = lines();
    expect(line).toBeDefined();
    expect(line).toContain('[redacted]');
    for (const secret of [SECRET, TOKEN, 'cAnArYsIgNaTuRe']) expect(line).not.toContain(secret);
  });

  it('keeps what is not secret', () => {
    const { logger, lines } = capture();
    logger.info({ connection }, 'tenant');
    const logged = JSON.parse(lines()[0] ?? '{}') as { connection: typeof connection };
    expect(logged.connection.bucket).toBe('acme-lab-uploads');
    expect(logged.connection.credentials.accessKeyId).toBe('ASIA2ZQXK7PLMNB4RT6W');
    expect(logged.connection.credentials.secretAccessKey).toBe('[redacted]');
  });

  it('needs no path for redacted credentials: they serialise masked anywhere', () => {
    const { logger, lines } = capture();
    logger.info({ a: { b: { c: { credentials: redactedCredentials(keys) } } } }, 'deep');
    expect(lines()[0]).not.toContain(SECRET);
    expect(lines()[0]).toContain('ASIA2ZQXK7PLMNB4RT6W');
  });

  it('is a list pino accepts as it is', () => {
    expect(() => pino({ redact: [...LOG_REDACT_PATHS] })).not.toThrow();
    expect(new Set(LOG_REDACT_PATHS).size).toBe(LOG_REDACT_PATHS.length);
  });
});
