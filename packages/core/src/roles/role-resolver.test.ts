import { inspect } from 'node:util';
import { CreateMultipartUploadCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RoleConnection } from '../connection';
import { S3ClientCache } from '../connection';
import { createMultipartUpload, signParts } from '../multipart';
import { presignPost, presignPut } from '../presign';
import { TenantCredentials } from '../redaction';
import { createRoleResolver, resolveConnection } from './role-resolver';

const ROLE = { roleArn: 'arn:aws:iam::111122223333:role/sos-upload', externalId: 'sos-7f3a9c2e-lab-42' };
const TEMP_SECRET = 'cAnArY/TeMp+SeCrEt0123456789abcdefghijkl';
const TEMP_TOKEN = 'IQoJb3JpZ2luX2VjEcAnArYtOkEn0123456789abcdefghijklmnop==';
const T0 = new Date('2026-03-01T12:00:00Z');
const MINUTE = 60_000;

const sts = new STSClient({ region: 'eu-central-1' });
const stsMock = mockClient(sts);
let clock = T0;
let issued = 0;
let stsDelayMs = 0;
let failNext: Error | undefined;

const connection: RoleConnection = {
  bucket: 'acme-lab-uploads',
  region: 'eu-central-1',
  credentials: ROLE,
  prefix: 'orders',
};

beforeEach(() => {
  clock = T0;
  issued = 0;
  stsDelayMs = 0;
  failNext = undefined;
  stsMock.reset();
  stsMock.on(AssumeRoleCommand).callsFake(async () => {
    if (failNext !== undefined) {
      const error = failNext;
      failNext = undefined;
      throw error;
    }
    issued++;
    const at = clock;
    if (stsDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, stsDelayMs));
    return {
      Credentials: {
        AccessKeyId: `ASIA2ZQXK7PLMNB4R${String(issued).padStart(3, '0')}`,
        SecretAccessKey: TEMP_SECRET,
        SessionToken: TEMP_TOKEN,
        Expiration: new Date(at.getTime() + 60 * MINUTE),
      },
      AssumedRoleUser: { Arn: 'arn:aws:sts::111122223333:assumed-role/sos-upload/sos-upload', AssumedRoleId: 'AROA:x' },
    };
  });
});

const resolver = (extra: Parameters<typeof createRoleResolver>[0] = {}) =>
  createRoleResolver({ stsClient: sts, now: () => clock, ...extra });

describe('createRoleResolver', () => {
  it('assumes the role with the external ID, a session name and one-hour sessions', async () => {
    const credentials = await resolver().credentialsFor(ROLE);
    expect(stsMock.commandCalls(AssumeRoleCommand)[0]?.args[0].input).toEqual({
      RoleArn: ROLE.roleArn,
      ExternalId: ROLE.externalId,
      RoleSessionName: 'sos-upload',
      DurationSeconds: 3600,
    });
    expect(credentials).toBeInstanceOf(TenantCredentials);
    expect(credentials.secretAccessKey).toBe(TEMP_SECRET);
    expect(credentials.assumedRole).toBe(ROLE.roleArn);
    expect(credentials.expiration).toEqual(new Date(T0.getTime() + 60 * MINUTE));
    expect(inspect(credentials)).not.toContain(TEMP_SECRET);
    expect(JSON.stringify(credentials)).not.toContain(TEMP_TOKEN);
  });

  it('caches per tenant until the credentials come within refreshBeforeMs of their expiry', async () => {
    const roles = resolver();
    const first = await roles.credentialsFor(ROLE);
    clock = new Date(T0.getTime() + 44 * MINUTE);
    expect(await roles.credentialsFor(ROLE)).toBe(first);
    expect(issued).toBe(1);
    clock = new Date(T0.getTime() + 46 * MINUTE);
    const second = await roles.credentialsFor(ROLE);
    expect(second).not.toBe(first);
    expect(issued).toBe(2);
    expect(second.expiration).toEqual(new Date(clock.getTime() + 60 * MINUTE));

    const other = await roles.credentialsFor({ ...ROLE, externalId: 'sos-other-lab' });
    expect(other).not.toBe(second);
    expect(issued).toBe(3);
    expect(roles.size).toBe(2);
  });

  it('honours a custom refresh window and session length', async () => {
    const roles = resolver({ refreshBeforeMs: 5 * MINUTE, durationSeconds: 7200, sessionName: () => 'lab-42' });
    await roles.credentialsFor(ROLE);
    clock = new Date(T0.getTime() + 54 * MINUTE);
    await roles.credentialsFor(ROLE);
    expect(issued).toBe(1);
    clock = new Date(T0.getTime() + 56 * MINUTE);
    await roles.credentialsFor(ROLE);
    expect(issued).toBe(2);
    expect(stsMock.commandCalls(AssumeRoleCommand)[0]?.args[0].input).toMatchObject({
      DurationSeconds: 7200,
      RoleSessionName: 'lab-42',
    });
  });

  it('runs one AssumeRole for 100 concurrent callers, first and at refresh', async () => {
    stsDelayMs = 20;
    const roles = resolver();
    const first = await Promise.all(Array.from({ length: 100 }, () => roles.credentialsFor(ROLE)));
    expect(issued).toBe(1);
    expect(new Set(first).size).toBe(1);

    clock = new Date(T0.getTime() + 50 * MINUTE);
    const refreshed = await Promise.all(Array.from({ length: 100 }, () => roles.resolve(connection)));
    expect(issued).toBe(2);
    expect(new Set(refreshed.map((resolved) => resolved.credentials)).size).toBe(1);
    expect(refreshed[0]?.credentials).not.toBe(first[0]);
  });

  it('keeps still-valid credentials when a refresh fails, and tries again on the next call', async () => {
    const roles = resolver();
    const first = await roles.credentialsFor(ROLE);
    clock = new Date(T0.getTime() + 50 * MINUTE);
    failNext = Object.assign(new Error('timeout'), { name: 'TimeoutError' });
    expect(await roles.credentialsFor(ROLE)).toBe(first);
    const calls = stsMock.commandCalls(AssumeRoleCommand).length;
    const renewed = await roles.credentialsFor(ROLE);
    expect(stsMock.commandCalls(AssumeRoleCommand).length).toBe(calls + 1);
    expect(renewed).not.toBe(first);
  });

  it('fails when there are no credentials to fall back on, and caches no failure', async () => {
    const roles = resolver();
    failNext = new STSServiceException({
      name: 'AccessDenied',
      $fault: 'client',
      $metadata: { httpStatusCode: 403 },
      message: 'User: arn:aws:iam::123456789012:user/vendor is not authorized to perform: sts:AssumeRole',
    });
    const error = await roles.credentialsFor(ROLE).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ROLE_ASSUME_DENIED', status: 502, details: { roleArn: ROLE.roleArn } });
    expect((error as Error).message).not.toContain('123456789012');
    expect(await roles.credentialsFor(ROLE)).toBeInstanceOf(TenantCredentials);
  });

  it('refuses a malformed role before calling STS', async () => {
    await expect(
      resolver().credentialsFor({ roleArn: 'arn:aws:iam::111122223333:user/x', externalId: 'abc' }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(resolver().credentialsFor({ ...ROLE, externalId: 'x' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    expect(issued).toBe(0);
  });

  it('forgets one tenant, or all', async () => {
    const roles = resolver();
    await roles.credentialsFor(ROLE);
    roles.forget(ROLE);
    await roles.credentialsFor(ROLE);
    expect(issued).toBe(2);
    roles.clear();
    expect(roles.size).toBe(0);
  });

  it('refuses sessions STS would refuse', () => {
    expect(() => createRoleResolver({ durationSeconds: 600 })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    expect(() => createRoleResolver({ refreshBeforeMs: 3_600_000 })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });
});

describe('role connections in the upload functions', () => {
  const s3 = new S3Client({ region: 'eu-central-1' });
  const s3Mock = mockClient(s3);

  it('resolveConnection returns key connections as they are, and role connections with temporary keys', async () => {
    const keys = { ...connection, credentials: { accessKeyId: 'AKIA2ZQXEXAMPLEBRT6W', secretAccessKey: TEMP_SECRET } };
    const roles = resolver();
    expect(await resolveConnection(keys, roles)).toBe(keys);
    const resolved = await resolveConnection(connection, roles);
    expect(resolved).toMatchObject({ bucket: 'acme-lab-uploads', region: 'eu-central-1', prefix: 'orders' });
    expect(resolved.credentials).toBeInstanceOf(TenantCredentials);
    expect(JSON.stringify(resolved)).not.toContain(TEMP_SECRET);
  });

  it('presignPut signs with the temporary keys and their session token', async () => {
    const upload = await presignPut({
      connection,
      key: 'orders/a.stl',
      contentType: 'model/stl',
      roles: resolver(),
      now: T0,
    });
    const url = new URL(upload.url);
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^ASIA2ZQXK7PLMNB4R001\//);
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe(TEMP_TOKEN);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(upload.url).not.toContain(encodeURIComponent(TEMP_SECRET));
  });

  it('caps every URL at the expiry of the role credentials', async () => {
    const roles = resolver({ refreshBeforeMs: 5 * MINUTE });
    await roles.credentialsFor(ROLE);
    const expiration = new Date(T0.getTime() + 60 * MINUTE);
    clock = new Date(T0.getTime() + 50 * MINUTE);
    const put = await presignPut({
      connection,
      key: 'orders/a.stl',
      contentType: 'model/stl',
      expiresIn: 3600,
      roles,
      now: clock,
    });
    expect(put.expiresAt.getTime()).toBeLessThanOrEqual(expiration.getTime());
    expect(new URL(put.url).searchParams.get('X-Amz-Expires')).toBe(String(10 * 60));

    const parts = await signParts({
      connection,
      key: 'orders/big.zip',
      uploadId: 'u-1',
      partNumbers: [1, 2],
      expiresIn: 7200,
      roles,
      now: clock,
    });
    expect(parts.expiresAt.getTime()).toBeLessThanOrEqual(expiration.getTime());
    for (const part of parts.parts) expect(new URL(part.url).searchParams.get('X-Amz-Expires')).toBe('600');
    expect(issued).toBe(1);
  });

  it('caps presigned POST forms at the credentials’ expiry too', async () => {
    const roles = createRoleResolver({ stsClient: sts, refreshBeforeMs: 0 });
    stsMock.on(AssumeRoleCommand).resolves({
      Credentials: {
        AccessKeyId: 'ASIA2ZQXK7PLMNB4R001',
        SecretAccessKey: TEMP_SECRET,
        SessionToken: TEMP_TOKEN,
        Expiration: new Date(Date.now() + 5 * MINUTE),
      },
    });
    const post = await presignPost({
      connection,
      key: 'orders/a.png',
      contentType: 'image/png',
      maxBytes: 1024,
      expiresIn: 3600,
      roles,
    });
    expect(post.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 5 * MINUTE);
    expect(post.fields['X-Amz-Security-Token']).toBe(TEMP_TOKEN);
  });

  it('createMultipartUpload sends with the temporary keys', async () => {
    s3Mock.reset();
    s3Mock.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u-1' });
    const clients = new S3ClientCache();
    const roles = resolver();
    // Route the cache's client for the resolved connection to the mock.
    const resolved = await roles.resolve(connection);
    const client = clients.get(resolved);
    const mocked = mockClient(client);
    mocked.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u-1' });
    const upload = await createMultipartUpload({
      connection,
      key: 'orders/big.zip',
      contentType: 'application/zip',
      roles,
      clients,
    });
    expect(upload.uploadId).toBe('u-1');
    const identity = await client.config.credentials();
    expect(identity.accessKeyId).toBe('ASIA2ZQXK7PLMNB4R001');
    expect(identity.sessionToken).toBe(TEMP_TOKEN);
    mocked.restore();
  });

  it('does not assume anything for a key that falls outside the prefix', async () => {
    await expect(
      presignPut({ connection, key: 'other/a.stl', contentType: 'model/stl', roles: resolver() }),
    ).rejects.toMatchObject({ code: 'KEY_OUTSIDE_PREFIX' });
    expect(issued).toBe(0);
  });
});
