import { inspect } from 'node:util';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../connection';
import { redactedCredentials } from '../redaction';
import type { CheckId, VerifyOptions, VerifyResult } from './types';
import { verifyConnection } from './verify-connection';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzyxwvutsrq';
const ORIGIN = 'https://orders.example.com';
const connection: Connection = {
  bucket: 'acme-lab-uploads',
  region: 'eu-central-1',
  credentials: { accessKeyId: 'AKIA2ZQXEXAMPLEBRT6W', secretAccessKey: SECRET },
  prefix: 'orders',
};

const s3 = new S3Client({ region: 'eu-central-1' });
const sts = new STSClient({ region: 'eu-central-1' });
const s3Mock = mockClient(s3);
const stsMock = mockClient(sts);

const s3Error = (name: string, status: number): S3ServiceException =>
  new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status }, message: `${name} from S3` });
const stsError = (name: string, status: number): STSServiceException =>
  new STSServiceException({
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: status },
    message: `${name} from STS`,
  });
const networkError = (code: string): TypeError => Object.assign(new TypeError('fetch failed'), { cause: { code } });

interface FakeS3 {
  head: () => Response | Promise<Response>;
  put: () => Response | Promise<Response>;
  preflight: (origin: string, method: string) => Response;
}
let fake: FakeS3;
const calls: string[] = [];
const redirectModes: (RequestInit['redirect'] | undefined)[] = [];

const fakeFetch: typeof fetch = async (input, init) => {
  const method = init?.method ?? 'GET';
  calls.push(`${method} ${String(input)}`);
  redirectModes.push(init?.redirect);
  if (method === 'HEAD') return fake.head();
  if (method === 'PUT') return fake.put();
  const headers = new Headers(init?.headers);
  return fake.preflight(headers.get('origin') ?? '', headers.get('access-control-request-method') ?? '');
};

function allowAll(): FakeS3 {
  return {
    head: () =>
      new Response(null, {
        status: 403,
        headers: { 'x-amz-bucket-region': 'eu-central-1', date: new Date().toUTCString() },
      }),
    put: () => new Response('', { status: 200, headers: { 'access-control-expose-headers': 'ETag, Location' } }),
    preflight: (origin) => new Response('', { status: 200, headers: { 'access-control-allow-origin': origin } }),
  };
}

beforeEach(() => {
  calls.length = 0;
  redirectModes.length = 0;
  fake = allowAll();
  s3Mock.reset();
  stsMock.reset();
  stsMock.on(GetCallerIdentityCommand).resolves({
    Account: '123456789012',
    Arn: 'arn:aws:iam::123456789012:user/sos-orders',
    UserId: 'AIDAEXAMPLEUSERID',
  });
  s3Mock.on(PutObjectCommand).resolves({});
  s3Mock.on(GetObjectCommand).rejects(s3Error('AccessDenied', 403));
  s3Mock.on(ListObjectsV2Command).rejects(s3Error('AccessDenied', 403));
  s3Mock.on(DeleteObjectCommand).rejects(s3Error('AccessDenied', 403));
});
afterEach(() => {
  expect(calls.every((call) => !call.includes(SECRET))).toBe(true);
});

const options = (extra: VerifyOptions = {}): VerifyOptions => ({
  origins: [ORIGIN],
  createS3Client: () => s3,
  createStsClient: () => sts,
  fetch: fakeFetch,
  ...extra,
});
const byId = (result: VerifyResult, id: CheckId) => {
  const check = result.checks.find((candidate) => candidate.id === id);
  if (!check) throw new Error(`no ${id} check`);
  return check;
};
function expectNoSecret(result: VerifyResult): void {
  expect(JSON.stringify(result)).not.toContain(SECRET);
  expect(inspect(result, { depth: Number.POSITIVE_INFINITY })).not.toContain(SECRET);
  expect(JSON.stringify(result)).not.toContain(SECRET.slice(0, 12));
}

describe('verifyConnection with everything right', () => {
  it('passes every check, in order, with the identity', async () => {
    const result = await verifyConnection(connection, options());
    expect(result.checks.map((check) => [check.id, check.status, check.code])).toEqual([
      ['format', 'pass', 'FORMAT_OK'],
      ['identity', 'pass', 'IDENTITY_OK'],
      ['region', 'pass', 'REGION_OK'],
      ['bucket', 'pass', 'BUCKET_OK'],
      ['write', 'pass', 'WRITE_OK'],
      ['presigned-write', 'pass', 'PRESIGNED_WRITE_OK'],
      ['least-privilege', 'pass', 'LEAST_PRIVILEGE_OK'],
      ['cors', 'pass', 'CORS_OK'],
      ['clock', 'pass', 'CLOCK_OK'],
    ]);
    expect(result.status).toBe('ok');
    expect(result.identity).toEqual({
      account: '123456789012',
      arn: 'arn:aws:iam::123456789012:user/sos-orders',
      userId: 'AIDAEXAMPLEUSERID',
      temporary: false,
    });
    for (const check of result.checks) {
      expect(check.hint).toEqual(expect.any(String));
      expect(check.durationMs).toBeGreaterThanOrEqual(0);
    }
    expectNoSecret(result);
  });

  it('writes only the probe object under the prefix, and reads, lists and deletes nothing else', async () => {
    await verifyConnection(connection, options());
    expect(s3Mock.commandCalls(PutObjectCommand)[0]?.args[0].input).toMatchObject({
      Bucket: 'acme-lab-uploads',
      Key: 'orders/.sos/connection-check',
    });
    expect(s3Mock.commandCalls(GetObjectCommand)[0]?.args[0].input.Key).toBe('orders/.sos/connection-check');
    expect(s3Mock.commandCalls(ListObjectsV2Command)[0]?.args[0].input.Prefix).toBe('orders/.sos/connection-check');
    expect(s3Mock.commandCalls(DeleteObjectCommand)[0]?.args[0].input.Key).toBe('orders/.sos/connection-check');
    expect(calls.find((call) => call.startsWith('PUT '))).toMatch(
      /^PUT https:\/\/acme-lab-uploads\.s3\.eu-central-1\.amazonaws\.com\/orders\/\.sos\/connection-check\?X-Amz-/,
    );
    expect(calls.find((call) => call.startsWith('HEAD '))).toBe(
      'HEAD https://acme-lab-uploads.s3.eu-central-1.amazonaws.com/',
    );
    expect(calls.filter((call) => call.startsWith('OPTIONS '))).toEqual([
      'OPTIONS https://acme-lab-uploads.s3.eu-central-1.amazonaws.com/orders/.sos/connection-check',
      'OPTIONS https://acme-lab-uploads.s3.eu-central-1.amazonaws.com/orders/.sos/connection-check',
    ]);
  });

  it('cleans up surrounding spaces before checking, and says so', async () => {
    const result = await verifyConnection(
      {
        ...connection,
        bucket: ' acme-lab-uploads ',
        credentials: { ...connection.credentials, secretAccessKey: ` ${SECRET}\n` },
      },
      options(),
    );
    expect(byId(result, 'write').status).toBe('pass');
    expectNoSecret(result);
  });
});

describe('verifyConnection failures, each with its code', () => {
  it('stops at the format check for a placeholder bucket, making no request', async () => {
    const result = await verifyConnection({ ...connection, bucket: 'yourbucketname' }, options());
    expect(result.status).toBe('failed');
    expect(byId(result, 'format')).toMatchObject({ status: 'fail', code: expect.stringMatching(/PLACEHOLDER/) });
    expect(result.checks.slice(1).every((check) => check.status === 'skip')).toBe(true);
    expect(calls).toEqual([]);
    expect(s3Mock.calls()).toHaveLength(0);
  });

  it('fails root keys with a hint to create an IAM user', async () => {
    stsMock
      .on(GetCallerIdentityCommand)
      .resolves({ Account: '123456789012', Arn: 'arn:aws:iam::123456789012:root', UserId: '123456789012' });
    const result = await verifyConnection(connection, options());
    expect(byId(result, 'identity')).toMatchObject({
      status: 'fail',
      code: 'ROOT_CREDENTIALS',
      hint: expect.stringContaining('IAM user'),
    });
    expect(result.status).toBe('failed');
  });

  it('reports temporary credentials with their expiry', async () => {
    const expiration = new Date(Date.now() + 3_600_000);
    const result = await verifyConnection(
      {
        ...connection,
        credentials: {
          accessKeyId: 'ASIA2ZQXK7PLMNB4RT6W',
          secretAccessKey: SECRET,
          sessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN',
          expiration,
        },
      },
      options(),
    );
    expect(byId(result, 'identity')).toMatchObject({ status: 'pass', code: 'IDENTITY_TEMPORARY' });
    expect(result.identity).toMatchObject({ temporary: true, expiresAt: expiration.toISOString() });
  });

  it.each([
    ['InvalidClientTokenId', 403, 'S3_INVALID_ACCESS_KEY_ID'],
    ['SignatureDoesNotMatch', 403, 'S3_SIGNATURE_MISMATCH'],
    ['ExpiredToken', 400, 'CREDENTIALS_EXPIRED'],
  ])('fails the identity check on STS %s with %s', async (name, status, code) => {
    stsMock.on(GetCallerIdentityCommand).rejects(stsError(name, status));
    const result = await verifyConnection(connection, options());
    expect(byId(result, 'identity')).toMatchObject({ status: 'fail', code });
    expectNoSecret(result);
  });

  it('fails a wrong region with the real one suggested, and skips the write', async () => {
    fake.head = () =>
      new Response(null, {
        status: 301,
        headers: { 'x-amz-bucket-region': 'us-west-2', date: new Date().toUTCString() },
      });
    const result = await verifyConnection(connection, options());
    expect(byId(result, 'region')).toMatchObject({
      status: 'fail',
      code: 'REGION_MISMATCH',
      hint: expect.stringContaining('us-west-2'),
    });
    expect(result.suggestedRegion).toBe('us-west-2');
    expect(byId(result, 'bucket').status).toBe('pass');
    expect(byId(result, 'write').status).toBe('skip');
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('fails a missing bucket', async () => {
    fake.head = () => new Response(null, { status: 404, headers: { date: new Date().toUTCString() } });
    const result = await verifyConnection(connection, options());
    expect(byId(result, 'bucket')).toMatchObject({ status: 'fail', code: 'S3_NO_SUCH_BUCKET' });
    expect(byId(result, 'write').status).toBe('skip');
  });

  it('fails a refused write with the likely causes and the policy to use', async () => {
    s3Mock.on(PutObjectCommand).rejects(s3Error('AccessDenied', 403));
    const result = await verifyConnection(connection, options());
    const write = byId(result, 'write');
    expect(write).toMatchObject({ status: 'fail', code: 'S3_ACCESS_DENIED' });
    expect(write.hint).toMatch(/placeholder|yourbucketname/);
    expect(write.hint).toContain('/*');
    expect(write.hint).toMatch(/Replace it with the policy to paste\.$/);
    expect(write.hint).not.toContain('details.');
    const policy = JSON.parse(String(write.details?.policy));
    expect(JSON.stringify(policy)).toContain('arn:aws:s3:::acme-lab-uploads/orders/*');
    expect(byId(result, 'presigned-write').status).toBe('skip');
    expect(byId(result, 'least-privilege').status).toBe('skip');
  });

  it.each([
    ['InvalidAccessKeyId', 403, 'S3_INVALID_ACCESS_KEY_ID'],
    ['SignatureDoesNotMatch', 403, 'S3_SIGNATURE_MISMATCH'],
    ['RequestTimeTooSkewed', 403, 'S3_CLOCK_SKEW'],
    ['NoSuchBucket', 404, 'S3_NO_SUCH_BUCKET'],
    ['AuthorizationHeaderMalformed', 400, 'S3_WRONG_REGION'],
    ['InternalError', 500, 'S3_SERVER_ERROR'],
  ])('fails the write on %s with %s', async (name, status, code) => {
    s3Mock.on(PutObjectCommand).rejects(s3Error(name, status));
    const result = await verifyConnection(connection, options());
    expect(byId(result, 'write')).toMatchObject({ status: 'fail', code });
    expectNoSecret(result);
  });

  it('fails a presigned upload that S3 refuses, with the code from its XML answer', async () => {
    fake.put = () =>
      new Response('<?xml version="1.0"?><Error><Code>SignatureDoesNotMatch</Code></Error>', { status: 403 });
    const result = await verifyConnection(connection, options());
    expect(byId(result, 'presigned-write')).toMatchObject({ status: 'fail', code: 'S3_SIGNATURE_MISMATCH' });
  });

  it('warns about every right beyond uploading', async () => {
    s3Mock.on(GetObjectCommand).resolves({});
    s3Mock.on(DeleteObjectCommand).resolves({});
    const result = await verifyConnection(connection, options());
    const check = byId(result, 'least-privilege');
    expect(check).toMatchObject({
      status: 'warn',
      code: 'LEAST_PRIVILEGE_EXCESS',
      details: { extraRights: ['read', 'delete'] },
    });
    expect(check.message).toContain('read and delete');
    expect(check.hint).toContain('with the policy to paste (uploads only)');
    expect(check.hint).not.toContain('details.');
    expect(result.status).toBe('degraded');
  });

  it('fails CORS that refuses the origin, with the rule to paste', async () => {
    fake.preflight = () => new Response('<Error><Code>AccessForbidden</Code></Error>', { status: 403 });
    const result = await verifyConnection(connection, options());
    const cors = byId(result, 'cors');
    expect(cors).toMatchObject({ status: 'fail', code: 'CORS_REFUSED' });
    expect(cors.hint).toMatch(/replace its contents with the CORS rule to paste\.$/);
    expect(cors.hint).not.toContain('details.');
    expect(String(cors.details?.cors)).toContain(ORIGIN);
  });

  it('fails CORS for only one method', async () => {
    fake.preflight = (origin, method) =>
      method === 'PUT'
        ? new Response('', { status: 200, headers: { 'access-control-allow-origin': origin } })
        : new Response('', { status: 403 });
    const result = await verifyConnection(connection, options());
    expect(byId(result, 'cors').message).toContain(`POST from ${ORIGIN}`);
    expect(byId(result, 'cors').message).not.toContain('PUT from');
  });

  it('warns when CORS does not expose ETag', async () => {
    fake.put = () => new Response('', { status: 200 });
    const result = await verifyConnection(connection, options());
    expect(byId(result, 'cors')).toMatchObject({ status: 'warn', code: 'CORS_ETAG_NOT_EXPOSED' });
    expect(byId(result, 'cors').hint).toMatch(/the CORS rule to paste\.$/);
  });

  it('skips CORS without origins', async () => {
    const result = await verifyConnection(connection, options({ origins: [] }));
    expect(byId(result, 'cors')).toMatchObject({ status: 'skip', code: 'CORS_NO_ORIGINS' });
    expect(result.status).toBe('ok');
  });

  it.each([
    [6, 'warn', 'CLOCK_DRIFT'],
    [-20, 'fail', 'S3_CLOCK_SKEW'],
    [1, 'pass', 'CLOCK_OK'],
  ])('compares the clock %i minutes off: %s %s', async (minutes, status, code) => {
    fake.head = () =>
      new Response(null, {
        status: 403,
        headers: { 'x-amz-bucket-region': 'eu-central-1', date: new Date(Date.now() - minutes * 60_000).toUTCString() },
      });
    const result = await verifyConnection(connection, options());
    expect(byId(result, 'clock')).toMatchObject({ status, code });
  });

  it.each([
    ['ECONNREFUSED', 'S3_CONNECTION_REFUSED'],
    ['ENOTFOUND', 'S3_DNS_FAILURE'],
    ['CERT_HAS_EXPIRED', 'S3_TLS_FAILURE'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'S3_TLS_FAILURE'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'S3_TLS_FAILURE'],
  ])('translates the network error %s to %s', async (networkCode, code) => {
    fake.head = () => Promise.reject(networkError(networkCode));
    const result = await verifyConnection(connection, options());
    expect(byId(result, 'bucket')).toMatchObject({ status: 'fail', code });
    expect(byId(result, 'write').status).toBe('skip');
  });

  it('skips the identity check on S3-compatible endpoints', async () => {
    const result = await verifyConnection({ ...connection, endpoint: 'https://storage.example.com' }, options());
    expect(byId(result, 'identity')).toMatchObject({ status: 'skip', code: 'IDENTITY_NOT_AVAILABLE' });
    expect(stsMock.calls()).toHaveLength(0);
  });
});

describe('verifyConnection and the tenant’s endpoint', () => {
  it('refuses http://169.254.169.254 by default in the format check, sending nothing', async () => {
    let clientsMade = 0;
    const result = await verifyConnection(
      { ...connection, endpoint: 'http://169.254.169.254' },
      options({
        createS3Client: () => {
          clientsMade += 1;
          return s3;
        },
        createStsClient: () => {
          clientsMade += 1;
          return sts;
        },
      }),
    );
    expect(result.status).toBe('failed');
    expect(byId(result, 'format')).toMatchObject({
      status: 'fail',
      code: 'ENDPOINT_NOT_ALLOWED',
      message: 'The S3 endpoint 169.254.169.254 is not allowed: it is a cloud metadata address.',
      hint: expect.stringContaining('allowEndpoint'),
      details: { host: '169.254.169.254', kind: 'cloud metadata' },
    });
    expect(result.checks.slice(1).every((check) => check.status === 'skip')).toBe(true);
    expect(calls).toEqual([]);
    expect(clientsMade).toBe(0);
    expect(s3Mock.calls()).toHaveLength(0);
    expect(stsMock.calls()).toHaveLength(0);
  });

  it('refuses a refused endpoint before the format check looks at anything else', async () => {
    const result = await verifyConnection(
      { ...connection, bucket: 'yourbucketname', endpoint: 'http://[::ffff:a9fe:a9fe]' },
      options(),
    );
    expect(byId(result, 'format').code).toBe('ENDPOINT_NOT_ALLOWED');
    expect(calls).toEqual([]);
  });

  it('lets allowEndpoint decide: a loopback endpoint it allows is checked, a public one it refuses is not', async () => {
    const own = (url: URL) => url.origin === 'http://127.0.0.1:9000';
    const allowed = await verifyConnection(
      { ...connection, endpoint: 'http://127.0.0.1:9000' },
      options({ allowEndpoint: own }),
    );
    expect(byId(allowed, 'format').code).toBe('FORMAT_OK');
    expect(byId(allowed, 'write').status).toBe('pass');
    expect(calls[0]).toMatch(/^HEAD http:\/\/127\.0\.0\.1:9000\//);

    calls.length = 0;
    const refused = await verifyConnection(
      { ...connection, endpoint: 'https://storage.example.com' },
      options({ allowEndpoint: own }),
    );
    expect(byId(refused, 'format')).toMatchObject({
      status: 'fail',
      code: 'ENDPOINT_NOT_ALLOWED',
      hint: expect.stringContaining('allowEndpoint refused it'),
    });
    expect(calls).toEqual([]);
  });

  it('passes connections without an endpoint (Amazon S3) whatever allowEndpoint says', async () => {
    const result = await verifyConnection(connection, options({ allowEndpoint: () => false }));
    expect(byId(result, 'format').code).toBe('FORMAT_OK');
  });

  it('asks fetch never to follow a redirect, on every request', async () => {
    await verifyConnection(connection, options());
    expect(calls.map((call) => call.split(' ')[0])).toEqual(['HEAD', 'PUT', 'OPTIONS', 'OPTIONS']);
    expect(redirectModes).toEqual(['manual', 'manual', 'manual', 'manual']);
  });

  it('fails the bucket check on a redirect that is not S3’s, without its target', async () => {
    fake.head = () =>
      new Response(null, { status: 307, headers: { location: 'http://169.254.169.254/latest/meta-data/' } });
    const result = await verifyConnection({ ...connection, endpoint: 'https://storage.example.com' }, options());
    expect(byId(result, 'bucket')).toMatchObject({
      status: 'fail',
      code: 'S3_UNEXPECTED_RESPONSE',
      message: 'The endpoint answered with a redirect (HTTP 307), which sos never follows.',
      details: { status: 307 },
    });
    expect(byId(result, 'write').status).toBe('skip');
    expect(JSON.stringify(result)).not.toContain('169.254.169.254');
    expect(calls).toHaveLength(1);
  });

  it('fails the presigned write on a redirect, saying it was not followed', async () => {
    fake.put = () => new Response('', { status: 307, headers: { location: 'http://169.254.169.254/' } });
    const result = await verifyConnection(connection, options());
    expect(byId(result, 'presigned-write')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('(HTTP 307, a redirect, which sos never follows)'),
      details: { status: 307 },
    });
    expect(JSON.stringify(result)).not.toContain('169.254.169.254');
  });
});

describe('verifyConnection time budget', () => {
  it('returns within the budget when S3 hangs, and leaves no timer behind', async () => {
    const before = process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    fake.head = () => new Promise<Response>(() => undefined);
    stsMock.on(GetCallerIdentityCommand).callsFake(() => new Promise(() => undefined));
    const started = Date.now();
    const result = await verifyConnection(connection, options({ timeoutMs: 300 }));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(1_000);
    expect(byId(result, 'bucket')).toMatchObject({ status: 'fail', code: 'S3_TIMEOUT' });
    expect(byId(result, 'identity')).toMatchObject({ status: 'fail', code: 'S3_TIMEOUT' });
    expect(result.status).toBe('failed');
    const after = process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    expect(after).toBeLessThanOrEqual(before);
  });

  it('throws only for a connection of the wrong shape', async () => {
    await expect(verifyConnection({ bucket: 'x' } as unknown as Connection, options())).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });
});

describe('verifyConnection with redacted credentials', () => {
  it('signs with credentials that hide their secret, session token included', async () => {
    const token = 'FwoGZXIvYXdzEcAnArYtOkEn0123456789abcdefghij';
    const credentials = redactedCredentials({
      accessKeyId: 'ASIA2ZQXK7PLMNB4RT6W',
      secretAccessKey: SECRET,
      sessionToken: token,
      expiration: new Date(Date.now() + 3_600_000),
    });
    const result = await verifyConnection(
      { ...connection, endpoint: 'https://storage.example.com', credentials },
      options(),
    );
    expect(byId(result, 'write').status).toBe('pass');
    expect(calls.find((call) => call.startsWith('PUT '))).toContain(
      `X-Amz-Security-Token=${encodeURIComponent(token)}`,
    );
    expectNoSecret(result);
  });
});
