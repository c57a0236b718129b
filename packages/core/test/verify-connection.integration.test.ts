import { inspect } from 'node:util';
import { type LocalS3, startLocalS3 } from '@sos/local-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Connection, type VerifyResult, verifyConnection } from '../src';

/** The embedded S3 server runs on this machine: the endpoint check lets it through. */
const local = (url: URL): boolean => url.hostname === '127.0.0.1';

const ORIGIN = 'http://localhost:5173';
let s3: LocalS3;
let connection: Connection;

beforeAll(async () => {
  s3 = await startLocalS3({
    buckets: [
      {
        name: 'lab-cors',
        cors: [
          { AllowedOrigins: [ORIGIN], AllowedMethods: ['PUT', 'POST'], AllowedHeaders: ['*'], ExposeHeaders: ['ETag'] },
        ],
      },
      'lab-plain',
    ],
  });
  connection = {
    bucket: 'lab-cors',
    region: s3.region,
    credentials: s3.credentials,
    endpoint: s3.endpoint,
    prefix: 'tenant-1',
  };
});
afterAll(async () => {
  await s3.stop();
});

const statuses = (result: VerifyResult) =>
  Object.fromEntries(result.checks.map((check) => [check.id, `${check.status} ${check.code}`]));
function expectNoSecret(result: VerifyResult): void {
  for (const text of [JSON.stringify(result), inspect(result, { depth: Number.POSITIVE_INFINITY })]) {
    expect(text).not.toContain(s3.credentials.secretAccessKey);
  }
}

describe('verifyConnection against the embedded S3 server', () => {
  it('passes the uploads with good keys, and warns that the server’s admin key can read, list and delete', async () => {
    const result = await verifyConnection(connection, { origins: [ORIGIN], allowEndpoint: local });
    expect(statuses(result)).toEqual({
      format: 'pass FORMAT_OK',
      identity: 'skip IDENTITY_NOT_AVAILABLE',
      region: 'skip REGION_NOT_REPORTED',
      bucket: 'pass BUCKET_OK',
      write: 'pass WRITE_OK',
      'presigned-write': 'pass PRESIGNED_WRITE_OK',
      'least-privilege': 'warn LEAST_PRIVILEGE_EXCESS',
      cors: 'pass CORS_OK',
      clock: 'pass CLOCK_OK',
    });
    expect(result.checks.find((check) => check.id === 'least-privilege')?.details?.extraRights).toEqual([
      'read',
      'list',
      'delete',
    ]);
    expect(result.status).toBe('degraded');
    expectNoSecret(result);
  });

  it.each([
    [
      'a wrong secret',
      { credentials: { accessKeyId: '', secretAccessKey: 'x'.repeat(40) } },
      'write',
      'S3_SIGNATURE_MISMATCH',
    ],
    [
      'an unknown key ID',
      { credentials: { accessKeyId: 'AKIAZZZZZZZEXAMPLEZZ', secretAccessKey: '' } },
      'write',
      'S3_INVALID_ACCESS_KEY_ID',
    ],
    ['a missing bucket', { bucket: 'no-such-lab-bucket' }, 'bucket', 'S3_NO_SUCH_BUCKET'],
    ['a bucket without CORS', { bucket: 'lab-plain' }, 'cors', 'CORS_REFUSED'],
  ])('fails %s with its code', async (_case, override, id, code) => {
    const merged = { ...connection, ...override } as Connection;
    if ('credentials' in override) {
      merged.credentials = {
        accessKeyId: override.credentials.accessKeyId || s3.credentials.accessKeyId,
        secretAccessKey: override.credentials.secretAccessKey || s3.credentials.secretAccessKey,
      };
    }
    const result = await verifyConnection(merged, { origins: [ORIGIN], allowEndpoint: local });
    expect(result.checks.find((check) => check.id === id)).toMatchObject({ status: 'fail', code });
    expect(result.status).toBe('failed');
    expectNoSecret(result);
  });

  it('fails CORS for another origin than the bucket allows', async () => {
    const result = await verifyConnection(connection, { origins: ['https://evil.example.net'], allowEndpoint: local });
    expect(result.checks.find((check) => check.id === 'cors')).toMatchObject({ status: 'fail', code: 'CORS_REFUSED' });
  });

  it('reports a stopped server as a connection failure, within the time budget', async () => {
    const gone = await startLocalS3({ buckets: ['lab'] });
    await gone.stop();
    const started = Date.now();
    const result = await verifyConnection(
      { bucket: 'lab', region: gone.region, credentials: gone.credentials, endpoint: gone.endpoint },
      { timeoutMs: 3_000, allowEndpoint: local },
    );
    expect(Date.now() - started).toBeLessThan(3_500);
    expect(result.checks.find((check) => check.id === 'bucket')).toMatchObject({
      status: 'fail',
      code: 'S3_CONNECTION_REFUSED',
    });
    expect(result.status).toBe('failed');
  });
});
