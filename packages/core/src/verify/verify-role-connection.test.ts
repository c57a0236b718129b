import { inspect } from 'node:util';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import {
  AssumeRoleCommand,
  type AssumeRoleCommandInput,
  GetCallerIdentityCommand,
  STSClient,
  STSServiceException,
} from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Connection, RoleConnection, TenantConnection } from '../connection';
import { generateTrustPolicy } from '../roles';
import { type CheckId, ROLE_CHECK_IDS, type VerifyOptions, type VerifyResult } from './types';
import { verifyConnection } from './verify-connection';

const ORIGIN = 'https://orders.example.com';
const ROLE_ARN = 'arn:aws:iam::111122223333:role/sos-upload';
const EXTERNAL_ID = 'sos-5b1d0c1e-7a0e-4f55-9d7c-2f1f3d1d9c11';
const TEMP_SECRET = 'cAnArY/TeMp+SeCrEt0123456789abcdefghijkl';
const TEMP_TOKEN = 'IQoJb3JpZ2luX2VjEcAnArYtOkEn0123456789abcdefghijklmnop==';
const connection: RoleConnection = {
  bucket: 'acme-lab-uploads',
  region: 'eu-central-1',
  credentials: { roleArn: ROLE_ARN, externalId: EXTERNAL_ID },
  prefix: 'orders',
};

const s3 = new S3Client({ region: 'eu-central-1' });
const sts = new STSClient({ region: 'eu-central-1' });
const s3Mock = mockClient(s3);
const stsMock = mockClient(sts);

const denied = () =>
  new STSServiceException({
    name: 'AccessDenied',
    $fault: 'client',
    $metadata: { httpStatusCode: 403 },
    message: `User: arn:aws:iam::123456789012:user/vendor is not authorized to perform: sts:AssumeRole on resource: ${ROLE_ARN}`,
  });
const temporary = () => ({
  Credentials: {
    AccessKeyId: 'ASIA2ZQXK7PLMNB4RT6W',
    SecretAccessKey: TEMP_SECRET,
    SessionToken: TEMP_TOKEN,
    Expiration: new Date(Date.now() + 15 * 60_000),
  },
});

type Behaviour = () => ReturnType<typeof temporary>;
let withExternalId: Behaviour;
let withoutExternalId: Behaviour;
const requested: string[] = [];
const stsConnections: TenantConnection[] = [];

const fakeFetch: typeof fetch = async (input, init) => {
  const method = init?.method ?? 'GET';
  requested.push(`${method} ${String(input)}`);
  if (method === 'HEAD') {
    return new Response(null, {
      status: 403,
      headers: { 'x-amz-bucket-region': 'eu-central-1', date: new Date().toUTCString() },
    });
  }
  if (method === 'PUT') return new Response('', { status: 200, headers: { 'access-control-expose-headers': 'ETag' } });
  const origin = new Headers(init?.headers).get('origin') ?? '';
  return new Response('', { status: 200, headers: { 'access-control-allow-origin': origin } });
};

beforeEach(() => {
  requested.length = 0;
  stsConnections.length = 0;
  withExternalId = temporary;
  withoutExternalId = () => {
    throw denied();
  };
  s3Mock.reset();
  stsMock.reset();
  stsMock
    .on(AssumeRoleCommand)
    .callsFake((input: AssumeRoleCommandInput) =>
      input.ExternalId === undefined ? withoutExternalId() : withExternalId(),
    );
  stsMock.on(GetCallerIdentityCommand).resolves({
    Account: '111122223333',
    Arn: 'arn:aws:sts::111122223333:assumed-role/sos-upload/sos-connection-check',
    UserId: 'AROAEXAMPLE:sos-connection-check',
  });
  s3Mock.on(PutObjectCommand).resolves({});
  const refused = () =>
    new S3ServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 } });
  s3Mock.on(GetObjectCommand).rejects(refused());
  s3Mock.on(ListObjectsV2Command).rejects(refused());
  s3Mock.on(DeleteObjectCommand).rejects(refused());
});

const options = (extra: VerifyOptions = {}): VerifyOptions => ({
  origins: [ORIGIN],
  createS3Client: () => s3,
  createStsClient: (given) => {
    stsConnections.push(given);
    return sts;
  },
  fetch: fakeFetch,
  vendorAccountId: '123456789012',
  ...extra,
});
const byId = (result: VerifyResult, id: CheckId) => {
  const check = result.checks.find((candidate) => candidate.id === id);
  if (!check) throw new Error(`no ${id} check`);
  return check;
};
function expectNoSecret(result: VerifyResult): void {
  const printed = `${JSON.stringify(result)}\n${inspect(result, { depth: Number.POSITIVE_INFINITY })}`;
  for (const secret of [TEMP_SECRET, TEMP_TOKEN]) expect(printed).not.toContain(secret);
}
const assumeCalls = () => stsMock.commandCalls(AssumeRoleCommand).map((call) => call.args[0].input);

describe('verifyConnection in role mode', () => {
  it('assumes the role with the external ID, proves it is refused without, and checks the rest with the role', async () => {
    const result = await verifyConnection(connection, options());
    expect(result.checks.map((check) => [check.id, check.status, check.code])).toEqual([
      ['format', 'pass', 'FORMAT_OK'],
      ['role', 'pass', 'ROLE_OK'],
      ['external-id', 'pass', 'EXTERNAL_ID_ENFORCED'],
      ['identity', 'pass', 'IDENTITY_TEMPORARY'],
      ['region', 'pass', 'REGION_OK'],
      ['bucket', 'pass', 'BUCKET_OK'],
      ['write', 'pass', 'WRITE_OK'],
      ['presigned-write', 'pass', 'PRESIGNED_WRITE_OK'],
      ['least-privilege', 'pass', 'LEAST_PRIVILEGE_OK'],
      ['cors', 'pass', 'CORS_OK'],
      ['clock', 'pass', 'CLOCK_OK'],
    ]);
    expect(result.checks.map((check) => check.id)).toEqual([...ROLE_CHECK_IDS]);
    expect(result.status).toBe('ok');
    expect(result.identity).toMatchObject({
      arn: 'arn:aws:sts::111122223333:assumed-role/sos-upload/sos-connection-check',
      temporary: true,
    });
    expect(assumeCalls()).toEqual(
      expect.arrayContaining([
        { RoleArn: ROLE_ARN, ExternalId: EXTERNAL_ID, RoleSessionName: 'sos-connection-check', DurationSeconds: 900 },
        { RoleArn: ROLE_ARN, RoleSessionName: 'sos-connection-check', DurationSeconds: 900 },
      ]),
    );
    // The presigned write is signed with the role's temporary key and session token.
    const put = requested.find((call) => call.startsWith('PUT ')) ?? '';
    expect(put).toContain('X-Amz-Credential=ASIA2ZQXK7PLMNB4RT6W');
    expect(put).toContain('X-Amz-Security-Token=');
    // The assuming client is made for the role connection, the identity check's for the temporary keys.
    expect(stsConnections[0]?.credentials).toEqual(connection.credentials);
    expect(
      stsConnections.some((given) => (given as Connection).credentials.accessKeyId === 'ASIA2ZQXK7PLMNB4RT6W'),
    ).toBe(true);
    expectNoSecret(result);
  });

  it('fails when the role can be assumed WITHOUT the external ID, with the trust policy to paste', async () => {
    withoutExternalId = temporary;
    const result = await verifyConnection(connection, options());
    const check = byId(result, 'external-id');
    expect(check).toMatchObject({ status: 'fail', code: 'ROLE_EXTERNAL_ID_NOT_ENFORCED' });
    expect(check.message).toContain('confused deputy');
    expect(check.hint).toContain('sts:ExternalId');
    expect(JSON.parse(String(check.details?.trustPolicy))).toEqual(
      generateTrustPolicy({ vendorAccountId: '123456789012', externalId: EXTERNAL_ID }),
    );
    expect(byId(result, 'role').status).toBe('pass');
    expect(result.status).toBe('failed');
    expectNoSecret(result);
  });

  it('fails a role that refuses the service, with the trust policy from the vendor account STS names', async () => {
    withExternalId = () => {
      throw denied();
    };
    stsMock
      .on(GetCallerIdentityCommand)
      .resolves({ Account: '444455556666', Arn: 'arn:aws:iam::444455556666:user/vendor' });
    const result = await verifyConnection(connection, options({ vendorAccountId: undefined }));
    const role = byId(result, 'role');
    expect(role).toMatchObject({ status: 'fail', code: 'ROLE_ASSUME_DENIED' });
    expect(role.hint).toMatch(/Replace the role’s trust policy with the trust policy to paste\.$/);
    expect(role.hint).not.toMatch(/details\.|generateTrustPolicy/);
    expect(JSON.parse(String(role.details?.trustPolicy))).toEqual(
      generateTrustPolicy({ vendorAccountId: '444455556666', externalId: EXTERNAL_ID }),
    );
    expect(byId(result, 'external-id')).toMatchObject({ status: 'skip', code: 'CHECK_SKIPPED' });
    expect(result.checks.slice(3).every((check) => check.status === 'skip')).toBe(true);
    expect(s3Mock.calls()).toHaveLength(0);
    expect(requested).toEqual([]);
    expect(JSON.stringify(result)).not.toContain('arn:aws:iam::123456789012:user/vendor');
  });

  it('names broken vendor credentials', async () => {
    const invalid = () => {
      throw new STSServiceException({
        name: 'InvalidClientTokenId',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
        message: 'The security token included in the request is invalid.',
      });
    };
    withExternalId = invalid;
    withoutExternalId = invalid;
    const result = await verifyConnection(connection, options());
    expect(byId(result, 'role')).toMatchObject({ status: 'fail', code: 'ROLE_VENDOR_CREDENTIALS_INVALID' });
    expect(byId(result, 'external-id').status).toBe('skip');
  });

  it('warns when the check without the external ID cannot run', async () => {
    withoutExternalId = () => {
      throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    };
    const result = await verifyConnection(connection, options());
    expect(byId(result, 'external-id')).toMatchObject({ status: 'warn', code: 'EXTERNAL_ID_NOT_CHECKED' });
    expect(result.status).toBe('degraded');
  });

  it('stops at the format check for a user ARN or a bad external ID, making no request', async () => {
    const result = await verifyConnection(
      { ...connection, credentials: { roleArn: 'arn:aws:iam::111122223333:user/sos', externalId: EXTERNAL_ID } },
      options(),
    );
    expect(byId(result, 'format')).toMatchObject({ status: 'fail', code: 'ROLE_ARN_MALFORMED' });
    expect(result.checks.slice(1).every((check) => check.status === 'skip')).toBe(true);
    expect(stsMock.calls()).toHaveLength(0);
    const badId = await verifyConnection(
      { ...connection, credentials: { roleArn: ROLE_ARN, externalId: 'x' } },
      options(),
    );
    expect(byId(badId, 'format').code).toBe('EXTERNAL_ID_MALFORMED');
  });

  it('refuses a cloud metadata endpoint before assuming the role, making no request', async () => {
    const result = await verifyConnection({ ...connection, endpoint: 'http://[fd00:ec2::254]' }, options());
    expect(result.checks.map((check) => check.id)).toEqual([...ROLE_CHECK_IDS]);
    expect(byId(result, 'format')).toMatchObject({ status: 'fail', code: 'ENDPOINT_NOT_ALLOWED' });
    expect(result.checks.slice(1).every((check) => check.status === 'skip')).toBe(true);
    expect(stsConnections).toHaveLength(0);
    expect(stsMock.calls()).toHaveLength(0);
    expect(requested).toEqual([]);
  });

  it('times out within the budget when STS hangs', async () => {
    withExternalId = () => new Promise(() => undefined) as never;
    withoutExternalId = withExternalId;
    const started = Date.now();
    const result = await verifyConnection(connection, options({ timeoutMs: 300 }));
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(byId(result, 'role')).toMatchObject({ status: 'fail', code: 'S3_TIMEOUT' });
  });
});
