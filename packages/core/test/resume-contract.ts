// The routes that carry an upload past its first answer (`/uploads/renew`,
// `/uploads/complete`, `/uploads/abort`), run by each adapter's tests
// against a real server on port 0 and the embedded S3 server. A proxy in
// front of it refuses ListParts and AbortMultipartUpload the way S3 does
// for the seed's PutObject-only key.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetObjectCommand, ListPartsCommand } from '@aws-sdk/client-s3';
import { type LocalS3, startLocalS3 } from '@sos/local-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Connection, createS3Client, type UploadAction, type UploadHandlerOptions } from '../src';
import type { MountedServer, StartServer } from './upload-contract';

const MiB = 1024 * 1024;

type Part = {
  partNumber: number;
  url: string;
  headers: Record<string, string>;
  start: number;
  end: number;
  size: number;
};
type Instruction = {
  method: 'PUT' | 'POST' | 'MULTIPART';
  bucket: string;
  key: string;
  url: string;
  headers: Record<string, string>;
  uploadId: string;
  partSize: number;
  parts: Part[];
  expiresAt: string;
  ticket: string;
};
type ErrorBody = { error: { code: string; message: string; hint?: string } };
type Answer = Partial<Instruction> & Partial<ErrorBody> & { uploads?: Instruction[]; aborted?: boolean };

/** Forwards to S3, but answers ListParts and AbortMultipartUpload as S3 does for a PutObject-only key. */
async function startPutOnlyProxy(target: string): Promise<{ endpoint: string; close(): Promise<void> }> {
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '';
    const multipartRead = /[?&]uploadId=/.test(url) && (req.method === 'DELETE' || req.method === 'GET');
    if (multipartRead) {
      req.resume();
      res.writeHead(403, { 'content-type': 'application/xml' });
      res.end('<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>');
      return;
    }
    const out = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Random bytes: a file no two tests share by accident. */
const bytes = (size: number): Buffer => randomBytes(size);

export function describeResumableUploads(adapter: string, startServer: StartServer): void {
  describe(`${adapter}: renewing, completing and aborting an upload by its ticket`, () => {
    let s3: LocalS3;
    let proxy: Awaited<ReturnType<typeof startPutOnlyProxy>>;
    let server: MountedServer;
    const tenants = new Map<string, Connection>();
    const asked: UploadAction[] = [];
    const completed: string[] = [];

    beforeAll(async () => {
      s3 = await startLocalS3({ buckets: ['lab-a', 'lab-b'] });
      proxy = await startPutOnlyProxy(s3.endpoint);
      const base = { region: s3.region, credentials: s3.credentials, endpoint: s3.endpoint };
      tenants.set('a', { ...base, bucket: 'lab-a', prefix: 'tenant-a' });
      tenants.set('b', { ...base, bucket: 'lab-b', prefix: 'tenant-b' });
      tenants.set('a-other-key', { ...base, bucket: 'lab-a', prefix: 'tenant-a', credentials: s3.createAccessKey() });
      tenants.set('put-only', { ...base, bucket: 'lab-a', prefix: 'tenant-a', endpoint: proxy.endpoint });
      const options: UploadHandlerOptions<unknown> = {
        resolveTenant: ({ request }) => tenants.get(request.headers.get('x-tenant') ?? 'a') as Connection,
        authorize: (_ctx, action) => {
          asked.push(action);
          return true;
        },
        rules: { maxFileSize: 200 * MiB, allowedTypes: ['.zip', 'image/*'] },
        multipartThreshold: 6 * MiB,
        abortIncompleteAfterDays: 3,
        allowedMetadata: ['order'],
        allowEndpoint: (url) => url.hostname === '127.0.0.1',
        onMultipartComplete: (_ctx, event) => {
          completed.push(event.key);
        },
      };
      server = await startServer(options);
    });
    afterAll(async () => {
      await server?.close();
      await proxy?.close();
      await s3?.stop();
    });

    const post = async (path: string, json: unknown, tenant = 'a'): Promise<{ status: number; body: Answer }> => {
      const response = await fetch(`${server.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-tenant': tenant },
        body: JSON.stringify(json),
      });
      return { status: response.status, body: (await response.json()) as Answer };
    };
    const start = async (name: string, size: number, tenant = 'a', metadata?: object): Promise<Instruction> => {
      const { status, body } = await post(
        '/uploads',
        { files: [{ name, size }], ...(metadata ? { metadata } : {}) },
        tenant,
      );
      expect(status, JSON.stringify(body)).toBe(200);
      return body.uploads?.[0] as Instruction;
    };
    const putPart = async (part: { url: string; headers: Record<string, string> }, body: Buffer) => {
      const response = await fetch(part.url, { method: 'PUT', headers: part.headers, body });
      return { status: response.status, etag: response.headers.get('etag') ?? '' };
    };
    const readObject = async (bucket: string, key: string): Promise<Buffer> => {
      const object = await createS3Client(tenants.get('a') as Connection).send(
        new GetObjectCommand({ Bucket: bucket, Key: key }),
      );
      return Buffer.from((await object.Body?.transformToByteArray()) ?? []);
    };
    const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

    it('answers a ticket with every instruction, PUT and MULTIPART alike', async () => {
      const { body } = await post('/uploads', {
        files: [
          { name: 'small.zip', size: 1000 },
          { name: 'large.zip', size: 13 * MiB },
        ],
      });
      expect(body.uploads?.map((upload) => upload.method)).toEqual(['PUT', 'MULTIPART']);
      for (const upload of body.uploads ?? []) expect(upload.ticket).toMatch(/^v1\.[\w-]+\.[\w-]+$/);
    });

    it('renews only the parts named, each with its planned size, and completes byte-exact', async () => {
      const file = bytes(21 * MiB);
      const upload = await start('scan.zip', file.length);
      expect(upload.parts.map((part) => part.size)).toEqual([8 * MiB, 8 * MiB, 5 * MiB]);
      const first = await putPart(upload.parts[0] as Part, file.subarray(0, 8 * MiB));
      expect(first.status).toBe(200);

      asked.length = 0;
      // Sizes the client sends are not read: the plan comes from the ticket.
      const renewed = await post('/uploads/renew', { ticket: upload.ticket, partNumbers: [3, 2], sizes: [1, 1] });
      expect(renewed.status).toBe(200);
      expect(asked).toEqual(['upload:sign']);
      expect(renewed.body).toMatchObject({ method: 'MULTIPART', key: upload.key, uploadId: upload.uploadId });
      const parts = renewed.body.parts as Part[];
      expect(parts.map(({ partNumber, start, end, size }) => ({ partNumber, start, end, size }))).toEqual([
        { partNumber: 3, start: 16 * MiB, end: 21 * MiB, size: 5 * MiB },
        { partNumber: 2, start: 8 * MiB, end: 16 * MiB, size: 8 * MiB },
      ]);
      expect(Date.parse(renewed.body.expiresAt ?? '')).toBeGreaterThanOrEqual(Date.parse(upload.expiresAt));

      // The renewed URL binds the size: a longer part is refused by S3's signature check.
      const tooLong = await putPart(parts[0] as Part, Buffer.concat([file.subarray(16 * MiB), Buffer.from('x')]));
      expect(tooLong.status).toBe(403);

      const etags = [first.etag];
      for (const part of [...parts].sort((a, b) => a.partNumber - b.partNumber)) {
        const sent = await putPart(part, file.subarray(part.start, part.end));
        expect(sent.status).toBe(200);
        etags.push(sent.etag);
      }
      asked.length = 0;
      const done = await post('/uploads/complete', {
        ticket: upload.ticket,
        parts: etags.map((etag, index) => ({ partNumber: index + 1, etag })),
      });
      expect(done.status, JSON.stringify(done.body)).toBe(200);
      expect(asked).toEqual(['multipart:complete']);
      expect(done.body).toMatchObject({ bucket: 'lab-a', key: upload.key });
      expect(completed).toContain(upload.key);
      expect(sha(await readObject('lab-a', upload.key))).toBe(sha(file));
    });

    it('renews a single PUT with the same key, size, type and metadata', async () => {
      const file = bytes(4096);
      const upload = await start('photo.png', file.length, 'a', { order: 'A-17' });
      const renewed = await post('/uploads/renew', { ticket: upload.ticket });
      expect(renewed.status).toBe(200);
      expect(renewed.body).toMatchObject({ method: 'PUT', key: upload.key, bucket: 'lab-a' });
      expect(renewed.body.headers).toEqual(upload.headers);
      expect(renewed.body.headers?.['x-amz-meta-order']).toBe('A-17');
      expect((await putPart(renewed.body as Instruction, file)).status).toBe(200);
      expect(sha(await readObject('lab-a', upload.key))).toBe(sha(file));
    });

    it('refuses a changed ticket, a ticket of another bucket or key, and garbage, with INVALID_TICKET', async () => {
      const upload = await start('scan.zip', 13 * MiB);
      const [version, payload, mac] = upload.ticket.split('.') as [string, string, string];
      const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      const grown = Buffer.from(JSON.stringify({ ...decoded, s: 5 * 1024 ** 3 })).toString('base64url');
      const attempts: [string, string][] = [
        [`${version}.${grown}.${mac}`, 'a'],
        [upload.ticket, 'b'],
        [upload.ticket, 'a-other-key'],
        [`${upload.ticket}x`, 'a'],
        ['not a ticket', 'a'],
        [`v2.${payload}.${mac}`, 'a'],
      ];
      for (const [ticket, tenant] of attempts) {
        const renewed = await post('/uploads/renew', { ticket, partNumbers: [1] }, tenant);
        expect(renewed.status, `${tenant}: ${ticket.slice(0, 20)}`).toBe(400);
        expect((renewed.body as ErrorBody).error.code).toBe('INVALID_TICKET');
        expect((renewed.body as ErrorBody).error.hint).toEqual(expect.any(String));
      }
    });

    it('refuses part numbers outside the plan, and a multipart renewal without part numbers', async () => {
      const upload = await start('scan.zip', 13 * MiB);
      const outside = await post('/uploads/renew', { ticket: upload.ticket, partNumbers: [3] });
      expect(outside.status).toBe(400);
      expect((outside.body as ErrorBody).error.code).toBe('INVALID_PARTS');
      const none = await post('/uploads/renew', { ticket: upload.ticket });
      expect(none.status).toBe(400);
      expect((none.body as ErrorBody).error.code).toBe('INVALID_INPUT');
    });

    it('completes only with every part of the plan, each once', async () => {
      const upload = await start('scan.zip', 13 * MiB);
      const cases = [
        [{ partNumber: 1, etag: '"a"' }],
        [
          { partNumber: 1, etag: '"a"' },
          { partNumber: 1, etag: '"a"' },
        ],
        [
          { partNumber: 1, etag: '"a"' },
          { partNumber: 2, etag: '"b"' },
          { partNumber: 3, etag: '"c"' },
        ],
      ];
      for (const parts of cases) {
        const done = await post('/uploads/complete', { ticket: upload.ticket, parts });
        expect(done.status).toBe(400);
        expect((done.body as ErrorBody).error.code).toBe('INVALID_PARTS');
      }
      const single = await start('photo.png', 100);
      const notParts = await post('/uploads/complete', {
        ticket: single.ticket,
        parts: [{ partNumber: 1, etag: 'x' }],
      });
      expect((notParts.body as ErrorBody).error.code).toBe('INVALID_TICKET');
    });

    it('aborts an upload in parts: its parts are gone', async () => {
      const upload = await start('scan.zip', 13 * MiB);
      expect((await putPart(upload.parts[0] as Part, bytes(8 * MiB))).status).toBe(200);
      asked.length = 0;
      const aborted = await post('/uploads/abort', { ticket: upload.ticket });
      expect(aborted).toEqual({ status: 200, body: { aborted: true } });
      expect(asked).toEqual(['multipart:abort']);
      const client = createS3Client(tenants.get('a') as Connection);
      await expect(
        client.send(new ListPartsCommand({ Bucket: 'lab-a', Key: upload.key, UploadId: upload.uploadId })),
      ).rejects.toMatchObject({ name: 'NoSuchUpload' });
    });

    it('says so, with the lifecycle days, when the key may not abort: not an error, not a success', async () => {
      const upload = await start('scan.zip', 13 * MiB, 'put-only');
      expect((await putPart(upload.parts[0] as Part, bytes(8 * MiB))).status).toBe(200);
      const aborted = await post('/uploads/abort', { ticket: upload.ticket }, 'put-only');
      expect(aborted.status).toBe(200);
      expect(aborted.body).toMatchObject({
        aborted: false,
        code: 'MULTIPART_PERMISSION_MISSING',
        abortIncompleteAfterDays: 3,
        message: expect.stringContaining('3 days'),
        hint: expect.stringContaining('multipart'),
      });
      // The parts are indeed still there.
      const listed = await createS3Client(tenants.get('a') as Connection).send(
        new ListPartsCommand({ Bucket: 'lab-a', Key: upload.key, UploadId: upload.uploadId }),
      );
      expect(listed.Parts?.map((part) => part.PartNumber)).toEqual([1]);
    });

    it('answers MULTIPART_PERMISSION_MISSING, code and hint, when Companion lists parts on such a key', async () => {
      const upload = await start('scan.zip', 13 * MiB, 'put-only');
      const response = await fetch(
        `${server.baseUrl}/s3/multipart/${encodeURIComponent(upload.uploadId)}?key=${encodeURIComponent(upload.key)}`,
        { headers: { 'x-tenant': 'put-only' } },
      );
      expect(response.status).toBe(403);
      const body = (await response.json()) as ErrorBody;
      expect(body.error.code).toBe('MULTIPART_PERMISSION_MISSING');
      expect(body.error.hint).toContain('multipart');
    });

    it('aborting a single upload leaves nothing to abort', async () => {
      const single = await start('photo.png', 100);
      expect(await post('/uploads/abort', { ticket: single.ticket })).toEqual({ status: 200, body: { aborted: true } });
    });
  });
}
