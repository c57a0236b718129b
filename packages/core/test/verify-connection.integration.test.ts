import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
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

  it('says "the storage service", not AWS, when a key ID is unknown to an S3-compatible endpoint', async () => {
    const result = await verifyConnection(
      { ...connection, credentials: { ...s3.credentials, accessKeyId: 'AKIAZZZZZZZEXAMPLEZZ' } },
      { origins: [ORIGIN], allowEndpoint: local },
    );
    const write = result.checks.find((check) => check.id === 'write');
    expect(write).toMatchObject({
      status: 'fail',
      code: 'S3_INVALID_ACCESS_KEY_ID',
      message: 'The storage service does not know this access key ID.',
    });
    expect(`${write?.message} ${write?.hint}`).not.toMatch(/\bAWS\b|AKIA/);
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

/** A port on 127.0.0.1 where nothing listens: one the system just handed out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function listening<T extends Server>(server: T): Promise<{ server: T; port: number }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

describe('verifyConnection against an endpoint it cannot reach', () => {
  const keys = { accessKeyId: 'AKIAZZZZZZZEXAMPLEZZ', secretAccessKey: 'x'.repeat(40) };
  const check = (endpoint: string, timeoutMs = 5_000) =>
    verifyConnection(
      { bucket: 'lab', region: 'us-east-1', credentials: keys, endpoint },
      { allowEndpoint: () => true, timeoutMs },
    );
  const failure = (result: VerifyResult, id: 'bucket' | 'region') => result.checks.find((entry) => entry.id === id);

  it('names a closed port on 127.0.0.1 a refused connection', async () => {
    const result = await check(`http://127.0.0.1:${await closedPort()}`);
    for (const id of ['region', 'bucket'] as const) {
      expect(failure(result, id)).toMatchObject({
        status: 'fail',
        code: 'S3_CONNECTION_REFUSED',
        message: 'The S3 endpoint refused the connection.',
        details: { cause: 'ECONNREFUSED' },
      });
    }
    expect(result.status).toBe('failed');
  });

  it('names port 1, which fetch and browsers refuse to connect to, a blocked port rather than an unexpected answer', async () => {
    const result = await check('http://127.0.0.1:1');
    for (const id of ['region', 'bucket'] as const) {
      expect(failure(result, id)).toMatchObject({
        status: 'fail',
        code: 'S3_PORT_BLOCKED',
        message: expect.stringContaining('Browsers refuse to connect to port 1'),
        details: { cause: 'ERR_UNSAFE_PORT' },
      });
    }
    expect(JSON.stringify(result)).not.toMatch(/unexpected way|TypeError/);
  });

  it('names https:// against a plain-HTTP server a TLS failure, and says to use http://', async () => {
    const { server, port } = await listening(createHttpServer((_request, response) => response.end()));
    try {
      const result = await check(`https://127.0.0.1:${port}`);
      expect(failure(result, 'bucket')).toMatchObject({
        status: 'fail',
        code: 'S3_TLS_FAILURE',
        hint: expect.stringContaining('http://'),
        details: { cause: 'ERR_SSL_WRONG_VERSION_NUMBER' },
      });
    } finally {
      server.close();
    }
  });

  it('names a server that closes every connection unanswered, without calling it a refusal', async () => {
    const { server, port } = await listening(createServer((socket) => socket.destroy()));
    try {
      const result = await check(`http://127.0.0.1:${port}`);
      expect(failure(result, 'bucket')).toMatchObject({
        status: 'fail',
        code: 'S3_CONNECTION_REFUSED',
        message: 'The S3 endpoint closed the connection without answering.',
      });
    } finally {
      server.close();
    }
  });

  it('names a host name that does not resolve a DNS failure', async () => {
    const result = await check('http://sos-connection-check.invalid:9000');
    expect(failure(result, 'bucket')).toMatchObject({ status: 'fail', code: 'S3_DNS_FAILURE' });
  });

  it('names a server that never answers a timeout, within the time budget', async () => {
    const sockets = new Set<Socket>();
    const { server, port } = await listening(createServer((socket) => sockets.add(socket)));
    try {
      const started = Date.now();
      const result = await check(`http://127.0.0.1:${port}`, 1_000);
      expect(Date.now() - started).toBeLessThan(2_500);
      expect(failure(result, 'bucket')).toMatchObject({ status: 'fail', code: 'S3_TIMEOUT' });
    } finally {
      for (const socket of sockets) socket.destroy();
      server.close();
    }
  });
});
