// The HTTP contract every adapter must honour, run by each adapter's tests
// against a real server listening on port 0.
import { type LocalS3, startLocalS3 } from '@sos/local-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection, UploadHandlerOptions } from '../src';

/** A running server with the sos routes mounted at `baseUrl`. */
export interface MountedServer {
  baseUrl: string;
  close(): Promise<void>;
}

/** Starts a real server with the adapter mounted; `options` are the core handler's. */
export type StartServer = (options: UploadHandlerOptions<never>) => Promise<MountedServer>;

const postJson = (url: string, body: unknown, init: RequestInit = {}): Promise<Response> =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  });

/** What differs between mounts. */
export interface ContractOptions {
  /**
   * The host app parses JSON before the sos routes (`express.json()` first), so
   * malformed JSON is refused by the host's parser, with its status but not the sos format.
   */
  hostParsesJson?: boolean;
}

export function describeUploadContract(
  adapter: string,
  startServer: StartServer,
  contract: ContractOptions = {},
): void {
  describe(`${adapter}: the sos upload routes`, () => {
    let s3: LocalS3;
    let server: MountedServer;
    let connection: Connection;

    beforeAll(async () => {
      s3 = await startLocalS3({ buckets: ['lab-a'] });
      connection = {
        bucket: 'lab-a',
        region: s3.region,
        credentials: s3.credentials,
        endpoint: s3.endpoint,
        prefix: 'tenant-a',
      };
      server = await startServer({ resolveTenant: () => connection });
    });
    afterAll(async () => {
      await server?.close();
      await s3?.stop();
    });

    it('signs one PUT per file, inside the tenant prefix, that S3 accepts', async () => {
      const response = await postJson(`${server.baseUrl}/uploads`, {
        files: [
          { name: 'scan.stl', type: 'model/stl', size: 5 },
          { name: '../../etc/passwd', type: '', size: 3 },
        ],
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const { uploads } = (await response.json()) as {
        uploads: { method: string; url: string; headers: Record<string, string>; key: string; bucket: string }[];
      };
      expect(uploads).toHaveLength(2);
      for (const upload of uploads) {
        expect(upload.bucket).toBe('lab-a');
        expect(upload.key.startsWith('tenant-a/')).toBe(true);
        expect(upload.key.split('/')).not.toContain('..');
      }
      expect(uploads[1]?.headers).toEqual({ 'content-type': 'application/octet-stream' });
      const put = await fetch(uploads[0]?.url ?? '', {
        method: uploads[0]?.method,
        headers: uploads[0]?.headers,
        body: 'solid',
      });
      expect(put.status).toBe(200);
    });

    it('never sends the secret to the browser', async () => {
      const response = await postJson(`${server.baseUrl}/uploads`, {
        files: [{ name: 'a.png', type: 'image/png', size: 1 }],
      });
      expect(await response.text()).not.toContain(connection.credentials.secretAccessKey);
    });

    it.each([
      ['malformed JSON', '{"files": [', 400, 'INVALID_JSON'],
      ['a missing files list', {}, 400, 'INVALID_INPUT'],
      ['a wrong type', { files: [{ name: 'a', type: 'x/y', size: '12' }] }, 400, 'INVALID_INPUT'],
      ['an empty files list', { files: [] }, 400, 'INVALID_INPUT'],
      ['an oversized body', { files: [{ name: 'a'.repeat(70_000), type: 'x/y', size: 1 }] }, 413, 'BODY_TOO_LARGE'],
    ])('answers %s with %i %s', async (_case, body, status, code) => {
      const response = await postJson(`${server.baseUrl}/uploads`, body);
      expect(response.status).toBe(status);
      if (contract.hostParsesJson && code === 'INVALID_JSON') return;
      const json = (await response.json()) as { error: { code: string; message: string; hint?: string } };
      expect(json.error.code).toBe(code);
      expect(json.error.message).toEqual(expect.any(String));
      expect(JSON.stringify(json)).not.toMatch(/\bat .*\.(ts|js):\d+/);
    });

    it('answers an unknown route with 404 ROUTE_NOT_FOUND and a wrong method with 405', async () => {
      const missing = await fetch(`${server.baseUrl}/nowhere`);
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('ROUTE_NOT_FOUND');
      const wrongMethod = await fetch(`${server.baseUrl}/uploads`);
      expect(wrongMethod.status).toBe(405);
      expect(((await wrongMethod.json()) as { error: { code: string } }).error.code).toBe('METHOD_NOT_ALLOWED');
    });
  });
}
