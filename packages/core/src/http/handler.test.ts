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

  it('reports an invalid expiry as a client error, not a crash', async () => {
    const handle = createUploadHandler({ resolveTenant: () => connection, expiresIn: 10_000_000 });
    const response = await handle(uploadsRequest(oneFile), {});
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('INVALID_EXPIRY');
  });
});
