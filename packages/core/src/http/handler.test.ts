import { describe, expect, it } from 'vitest';
import { SosError } from '../errors';
import { createUploadHandler } from './handler';

const connection = {
  bucket: 'lab-a',
  region: 'eu-west-1',
  credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
  prefix: '/tenant-a/',
};
const uploadsRequest = (body: unknown) =>
  new Request('http://app.test/uploads', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const oneFile = { files: [{ name: 'C:\\scans\\jaw.stl', type: 'model/stl', size: 10 }] };

describe('createUploadHandler', () => {
  it('resolves the tenant per request and never takes the bucket from the client', async () => {
    const handle = createUploadHandler({ resolveTenant: () => connection });
    const response = await handle(uploadsRequest({ ...oneFile, bucket: 'someone-else' }), {});
    const { uploads } = (await response.json()) as { uploads: { bucket: string; key: string; url: string }[] };
    expect(uploads[0]?.bucket).toBe('lab-a');
    expect(uploads[0]?.key).toMatch(/^tenant-a\/\d{4}\/\d{2}\/\d{2}\/[0-9a-f-]{36}\/jaw\.stl$/);
    expect(new URL(uploads[0]?.url ?? '').host).toBe('lab-a.s3.eu-west-1.amazonaws.com');
  });

  it('passes the adapter context to resolveTenant and getKey', async () => {
    const seen: unknown[] = [];
    const handle = createUploadHandler<{ tenantId: string }>({
      resolveTenant: (ctx) => {
        seen.push(ctx.tenantId, ctx.request.method);
        return connection;
      },
      getKey: (ctx, file) => `tenant-a/fixed/${ctx.tenantId}/${file.size}`,
    });
    const response = await handle(uploadsRequest(oneFile), { tenantId: 't-1' });
    const { uploads } = (await response.json()) as { uploads: { key: string }[] };
    expect(seen).toEqual(['t-1', 'POST']);
    expect(uploads[0]?.key).toBe('tenant-a/fixed/t-1/10');
  });

  it('answers a SosError from resolveTenant with its own status and code', async () => {
    const handle = createUploadHandler({
      resolveTenant: () => {
        throw new SosError('UNAUTHENTICATED', 'Sign in first.', { hint: 'Log in again.' });
      },
    });
    const response = await handle(uploadsRequest(oneFile), {});
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: { code: 'UNAUTHENTICATED', message: 'Sign in first.', hint: 'Log in again.' },
    });
  });

  it('hides unexpected errors behind INTERNAL_ERROR without their message', async () => {
    const handle = createUploadHandler({
      resolveTenant: () => {
        throw new Error('database password is hunter2');
      },
    });
    const response = await handle(uploadsRequest(oneFile), {});
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).toContain('INTERNAL_ERROR');
    expect(text).not.toContain('hunter2');
  });

  it('refuses a batch that needs more than 10,000 part URLs before starting any upload', async () => {
    let resolved = 0;
    const handle = createUploadHandler({
      resolveTenant: () => {
        resolved++;
        return { ...connection, endpoint: 'http://127.0.0.1:9' };
      },
      allowEndpoint: () => true,
    });
    // Two 5 TiB files: 20,000 part URLs (12 MB of JSON) from a body of 110 bytes.
    const huge = { files: [1, 2].map((n) => ({ name: `cbct-${n}.zip`, size: 5 * 1024 ** 4 })) };
    const response = await handle(uploadsRequest(huge), {});
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('TOO_MANY_FILES');
    expect(resolved).toBe(1);
  });

  it('reports an invalid expiry as a client error, not a crash', async () => {
    const handle = createUploadHandler({ resolveTenant: () => connection, expiresIn: 10_000_000 });
    const response = await handle(uploadsRequest(oneFile), {});
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('INVALID_EXPIRY');
  });
});

describe('createUploadHandler options', () => {
  const post = (path: string, body: unknown) =>
    new Request(`http://app.test${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('signs a form POST with S3-enforced size limits when singleUpload is post', async () => {
    const handle = createUploadHandler({
      resolveTenant: () => connection,
      singleUpload: 'post',
      rules: { maxFileSize: 1000, minFileSize: 1 },
    });
    const response = await handle(post('/uploads', { files: [{ name: 'a.png', size: 10 }] }), {});
    const { uploads } = (await response.json()) as { uploads: { method: string; fields: Record<string, string> }[] };
    expect(uploads[0]?.method).toBe('POST');
    const policy = JSON.parse(Buffer.from(uploads[0]?.fields.Policy ?? '', 'base64').toString());
    expect(policy.conditions).toContainEqual(['content-length-range', 1, 1000]);
  });

  it('refuses an empty file with FILE_TOO_SMALL when the rules set no minFileSize, before signing anything', async () => {
    for (const rules of [undefined, { maxFileSize: 1000 }]) {
      let resolved = 0;
      const handle = createUploadHandler({
        resolveTenant: () => {
          resolved++;
          return connection;
        },
        ...(rules === undefined ? {} : { rules }),
      });
      const response = await handle(post('/uploads', { files: [{ name: 'scan.pdf', size: 0 }] }), {});
      expect(response.status).toBe(400);
      const { error } = (await response.json()) as { error: { code: string; message: string; hint: string } };
      expect(error).toMatchObject({
        code: 'FILE_TOO_SMALL',
        message: 'scan.pdf is empty (0 bytes): there is nothing in it to upload.',
        hint: expect.stringMatching(/^Choose the file again/),
      });
      expect(resolved).toBe(1);
    }
  });

  it('signs an empty file when the rules say minFileSize: 0', async () => {
    const handle = createUploadHandler({ resolveTenant: () => connection, rules: { minFileSize: 0 } });
    const response = await handle(
      post('/uploads', { files: [{ name: 'empty.txt', type: 'text/plain', size: 0 }] }),
      {},
    );
    expect(response.status).toBe(200);
    const { uploads } = (await response.json()) as { uploads: { method: string; headers: Record<string, string> }[] };
    expect(uploads[0]?.method).toBe('PUT');
  });

  it('has S3 refuse an empty form upload unless minFileSize is 0', async () => {
    const rangeOf = async (rules: { minFileSize?: number }) => {
      const handle = createUploadHandler({ resolveTenant: () => connection, singleUpload: 'post', rules });
      const response = await handle(post('/uploads', { files: [{ name: 'a.png', size: 10 }] }), {});
      const { uploads } = (await response.json()) as { uploads: { fields: Record<string, string> }[] };
      const policy = JSON.parse(Buffer.from(uploads[0]?.fields.Policy ?? '', 'base64').toString()) as {
        conditions: unknown[];
      };
      return policy.conditions.find((condition) => Array.isArray(condition) && condition[0] === 'content-length-range');
    };
    expect(await rangeOf({})).toEqual(['content-length-range', 1, 10]);
    expect(await rangeOf({ minFileSize: 0 })).toEqual(['content-length-range', 0, 10]);
  });

  it.each([
    ['at once', () => 'other-tenant/x.png'],
    ['through a promise', async () => 'other-tenant/x.png'],
    // biome-ignore lint/suspicious/noThenProperty: the test passes a thenable on purpose
    ['as a thenable', () => ({ then: (resolve: (key: string) => void) => resolve('other-tenant/x.png') })],
  ])('refuses a key from getKey that leaves the prefix, answered %s', async (_how, getKey) => {
    const handle = createUploadHandler({ resolveTenant: () => connection, getKey: getKey as () => string });
    const response = await handle(post('/uploads', { files: [{ name: 'a.png', size: 1 }] }), {});
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('KEY_OUTSIDE_PREFIX');
  });

  it.each([
    ['at once', () => connection],
    ['through a promise', async () => connection],
    // biome-ignore lint/suspicious/noThenProperty: the test passes a thenable on purpose
    ['as a thenable', () => ({ then: (resolve: (value: typeof connection) => void) => resolve(connection) })],
  ])('signs for a tenant that resolveTenant answers %s', async (_how, resolveTenant) => {
    const handle = createUploadHandler({ resolveTenant: resolveTenant as () => typeof connection });
    const response = await handle(post('/uploads', { files: [{ name: 'a.png', size: 1 }] }), {});
    expect(response.status).toBe(200);
  });

  it('asks authorize about the route’s action, and refuses when it answers false', async () => {
    const actions: string[] = [];
    const handle = createUploadHandler({
      resolveTenant: () => connection,
      authorize: (_ctx, action) => {
        actions.push(action);
        return action !== 'setup:read';
      },
    });
    expect((await handle(post('/uploads', oneFile), {})).status).toBe(200);
    expect((await handle(new Request('http://app.test/setup'), {})).status).toBe(403);
    expect(actions).toEqual(['upload:sign', 'setup:read']);
  });

  it('logs refusals with their code and failures with the error, never a secret', async () => {
    const lines: { level: string; entry: object }[] = [];
    const logger = {
      info: (entry: object) => lines.push({ level: 'info', entry }),
      warn: (entry: object) => lines.push({ level: 'warn', entry }),
      error: (entry: object) => lines.push({ level: 'error', entry }),
    };
    const handle = createUploadHandler({
      resolveTenant: (ctx) => {
        if (ctx.request.headers.get('x-broken')) throw new Error('db down');
        return connection;
      },
      logger,
    });
    await handle(post('/uploads', { files: [] }), {});
    await handle(new Request('http://app.test/uploads', { method: 'POST', headers: { 'x-broken': '1' } }), {});
    expect(lines.map((line) => line.level)).toEqual(['warn', 'error']);
    expect(lines[0]?.entry).toMatchObject({
      code: 'INVALID_INPUT',
      status: 400,
      action: 'upload:sign',
      path: '/uploads',
    });
    expect(lines[1]?.entry).toMatchObject({ code: 'INTERNAL_ERROR', status: 500 });
    expect(JSON.stringify(lines.map((line) => line.entry))).not.toContain(connection.credentials.secretAccessKey);
  });

  it('reports a signed upload through onUploadSigned, once per file', async () => {
    const events: unknown[] = [];
    const handle = createUploadHandler({
      resolveTenant: () => connection,
      onUploadSigned: (_ctx, event) => void events.push(event),
    });
    await handle(
      post('/uploads', {
        files: [
          { name: 'a.png', size: 1 },
          { name: 'b.png', size: 2 },
        ],
      }),
      {},
    );
    expect(events).toEqual([
      expect.objectContaining({
        bucket: 'lab-a',
        method: 'PUT',
        file: expect.objectContaining({ name: 'a.png', size: 1 }),
      }),
      expect.objectContaining({
        bucket: 'lab-a',
        method: 'PUT',
        file: expect.objectContaining({ name: 'b.png', size: 2 }),
      }),
    ]);
  });

  it('stores only the metadata fields it allows, lower-cased', async () => {
    const handle = createUploadHandler({ resolveTenant: () => connection, allowedMetadata: ['OrderId'] });
    const response = await handle(
      post('/uploads', {
        files: [{ name: 'a.png', size: 1 }],
        metadata: { orderid: '42', relativePath: null, name: 'Röntgen.png' },
      }),
      {},
    );
    const { uploads } = (await response.json()) as { uploads: { headers: Record<string, string> }[] };
    expect(uploads[0]?.headers).toEqual({
      'content-type': 'image/png',
      'content-disposition': 'attachment',
      'x-amz-meta-orderid': '42',
    });
  });
});

describe('createUploadHandler with a role connection', () => {
  it('assumes the tenant’s role once and signs with its temporary keys, capped at their expiry', async () => {
    const { AssumeRoleCommand, STSClient } = await import('@aws-sdk/client-sts');
    const { mockClient } = await import('aws-sdk-client-mock');
    const { createRoleResolver } = await import('../roles');
    const sts = new STSClient({ region: 'us-east-1' });
    const stsMock = mockClient(sts);
    const expiration = new Date(Date.now() + 20 * 60_000);
    stsMock.on(AssumeRoleCommand).resolves({
      Credentials: {
        AccessKeyId: 'ASIAQWERTYUIOPASDFGH',
        SecretAccessKey: 'temporary/secret/key/0123456789abcdefghij',
        SessionToken: 'token-1',
        Expiration: expiration,
      },
    });
    const handle = createUploadHandler({
      resolveTenant: () => ({
        bucket: 'lab-a',
        region: 'eu-west-1',
        prefix: 'tenant-a',
        credentials: { roleArn: 'arn:aws:iam::123456789012:role/sos-upload', externalId: 'sos-7f3a9c2e4b1d' },
      }),
      roles: createRoleResolver({ stsClient: sts }),
      expiresIn: 3600,
    });
    const request = () =>
      new Request('http://app.test/uploads', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ files: [{ name: 'a.png', size: 1 }] }),
      });
    const first = (await (await handle(request(), {})).json()) as { uploads: { url: string; expiresAt: string }[] };
    await handle(request(), {});
    const url = new URL(first.uploads[0]?.url ?? '');
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^ASIAQWERTYUIOPASDFGH\//);
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe('token-1');
    expect(Number(url.searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(20 * 60);
    expect(stsMock.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    expect(stsMock.commandCalls(AssumeRoleCommand)[0]?.args[0].input).toMatchObject({ ExternalId: 'sos-7f3a9c2e4b1d' });
  });
});

describe('createUploadHandler refusals before resolveTenant', () => {
  const codeOf = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

  it.each([
    ['undefined', () => undefined],
    ['null', () => null],
    ['a promise of undefined', async () => undefined],
  ])('answers 401 TENANT_NOT_FOUND when resolveTenant returns %s', async (_case, resolveTenant) => {
    const handle = createUploadHandler({ resolveTenant: resolveTenant as unknown as () => typeof connection });
    const response = await handle(uploadsRequest(oneFile), {});
    expect(response.status).toBe(401);
    const { error } = (await response.json()) as { error: { code: string; hint: string } };
    expect(error.code).toBe('TENANT_NOT_FOUND');
    expect(error.hint).toBe('Sign in again, or ask the administrator to connect a bucket.');
  });

  it('refuses a body that is not JSON, and a path with dot segments, without asking resolveTenant', async () => {
    let asked = 0;
    const handle = createUploadHandler({
      resolveTenant: () => {
        asked++;
        return connection;
      },
    });
    const text = new Request('http://app.test/uploads', { method: 'POST', body: JSON.stringify(oneFile) });
    expect(text.headers.get('content-type')).toMatch(/^text\/plain/);
    const answer = await handle(text, {});
    expect([answer.status, await codeOf(answer)]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const form = new Request('http://app.test/connection/verify', {
      method: 'POST',
      body: new URLSearchParams({ a: '1' }),
    });
    expect(await codeOf(await handle(form, {}))).toBe('UNSUPPORTED_MEDIA_TYPE');
    const dots = await handle(new Request('http://app.test/s3%2F..%2Fsetup'), {});
    expect([dots.status, await codeOf(dots)]).toEqual([400, 'INVALID_PATH']);
    expect(asked).toBe(0);
  });
});
