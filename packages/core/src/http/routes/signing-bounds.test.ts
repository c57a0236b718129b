// The bounds the routes keep on what they make S3 do: Companion multipart
// under maxFileSize, the files per request and the S3 calls at once.
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListPartsCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Connection, S3ClientCache } from '../../connection';
import type { UploadHttpResponse } from '../exchange';
import { createUploadHttpHandler } from '../handler';
import type { UploadHandlerOptions } from '../options';

const MiB = 1024 * 1024;
const connection: Connection = {
  bucket: 'acme-lab-uploads',
  region: 'eu-central-1',
  credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
  prefix: 'tenant-a',
};
const key = 'tenant-a/2026/12/04/scan.zip';
const s3 = mockClient(S3Client);

/** The fields of the answers these tests read. */
interface Answer {
  error: { code: string; hint?: string };
  url: string;
  uploads: unknown[];
}

function handlerWith(options: Partial<UploadHandlerOptions<object>>) {
  const handle = createUploadHttpHandler<object>({
    resolveTenant: () => connection,
    clients: new S3ClientCache(),
    ...options,
  });
  return async (method: string, url: string, body?: unknown) => {
    const answer: UploadHttpResponse = await handle(
      {
        method,
        url,
        headers: { 'content-type': 'application/json', host: 'app.example.com' },
        ...(body === undefined ? {} : { parsedBody: body }),
      },
      {},
    );
    return { status: answer.status, body: JSON.parse(answer.body) as Answer };
  };
}

const partPath = (path: string) => `/s3/multipart/upload-1${path}?key=${encodeURIComponent(key)}`;
const denied = () =>
  new S3ServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 } });

beforeEach(() => {
  s3.reset();
  s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'upload-1' });
  s3.on(CompleteMultipartUploadCommand).resolves({ ETag: '"abc-2"' });
  s3.on(AbortMultipartUploadCommand).resolves({});
});
afterEach(() => s3.reset());

describe('Companion multipart routes while maxFileSize is set', () => {
  const rules = { maxFileSize: 10 * MiB };

  it('refuse by default every route that would sign bytes of unknown size', async () => {
    const call = handlerWith({ rules });
    for (const [method, url, body] of [
      ['POST', '/s3/multipart', { filename: 'scan.zip', type: 'application/zip' }],
      ['GET', partPath('/1')],
      ['GET', `${partPath('/batch')}&partNumbers=1,2`],
    ] as const) {
      const answer = await call(method, url, body);
      expect(answer.status).toBe(403);
      expect(answer.body.error.code).toBe('MULTIPART_SIZE_UNKNOWN');
      expect(answer.body.error.hint).toMatch(/POST \/uploads/);
    }
    expect(s3.commandCalls(CreateMultipartUploadCommand)).toHaveLength(0);
  });

  it('still complete an upload, whose parts POST /uploads signed with their sizes', async () => {
    const call = handlerWith({ rules });
    const answer = await call('POST', partPath('/complete'), { parts: [{ PartNumber: 1, ETag: '"e1"' }] });
    expect(answer.status).toBe(200);
    expect(s3.commandCalls(ListPartsCommand)).toHaveLength(0);
  });

  it("serve unbounded part URLs only when the app names 'unbounded'", async () => {
    const call = handlerWith({ rules, companionMultipart: 'unbounded' });
    const answer = await call('GET', partPath('/1'));
    expect(answer.status).toBe(200);
    expect(new URL(answer.body.url).searchParams.get('X-Amz-SignedHeaders')).toBe('host');
  });

  describe("with 'check-on-complete'", () => {
    const call = handlerWith({ rules, companionMultipart: 'check-on-complete' });

    it('signs part URLs, and refuses then aborts an upload whose listed parts exceed the limit', async () => {
      expect((await call('GET', partPath('/1'))).status).toBe(200);
      // The attack as found: a 12 MiB part 1 and a 6 MiB part 2 under a 10 MiB limit.
      s3.on(ListPartsCommand).resolves({
        Parts: [
          { PartNumber: 1, ETag: '"e1"', Size: 12 * MiB },
          { PartNumber: 2, ETag: '"e2"', Size: 6 * MiB },
        ],
      });
      const answer = await call('POST', partPath('/complete'), {
        parts: [
          { PartNumber: 1, ETag: '"e1"' },
          { PartNumber: 2, ETag: '"e2"' },
        ],
      });
      expect(answer.status).toBe(413);
      expect(answer.body.error.code).toBe('FILE_TOO_LARGE');
      expect(s3.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
      expect(s3.commandCalls(AbortMultipartUploadCommand)).toHaveLength(1);
    });

    it('completes with the ETags S3 listed, so a part uploaded again after the check is refused by S3', async () => {
      s3.on(ListPartsCommand).resolves({
        Parts: [
          { PartNumber: 1, ETag: '"e1"', Size: 6 * MiB },
          { PartNumber: 2, ETag: '"e2"', Size: 3 * MiB },
        ],
      });
      const ok = await call('POST', partPath('/complete'), {
        parts: [
          { PartNumber: 1, ETag: 'e1' },
          { PartNumber: 2, ETag: '"e2"' },
        ],
      });
      expect(ok.status).toBe(200);
      const completed = s3.commandCalls(CompleteMultipartUploadCommand)[0]?.args[0].input;
      expect(completed?.MultipartUpload?.Parts?.map((part) => part.ETag)).toEqual(['"e1"', '"e2"']);

      // A part whose ETag is not the listed one is not completed.
      const stale = await call('POST', partPath('/complete'), { parts: [{ PartNumber: 1, ETag: '"other"' }] });
      expect(stale.status).toBe(400);
      expect(stale.body.error.code).toBe('INVALID_PARTS');
    });

    it('refuses to complete when the key may not list parts (the put-only policy)', async () => {
      s3.on(ListPartsCommand).rejects(denied());
      const answer = await call('POST', partPath('/complete'), { parts: [{ PartNumber: 1, ETag: '"e1"' }] });
      expect(answer.status).toBe(403);
      expect(answer.body.error.code).toBe('MULTIPART_PERMISSION_MISSING');
      expect(s3.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
    });
  });
});

describe('POST /uploads fan-out', () => {
  const small = (count: number) =>
    Array.from({ length: count }, (_, index) => ({ name: `p${index}.png`, type: 'image/png', size: 10 }));

  it('caps the files of one request at 100 when the rules set no maxFiles', async () => {
    const call = handlerWith({});
    expect((await call('POST', '/uploads', { files: small(100) })).status).toBe(200);
    const answer = await call('POST', '/uploads', { files: small(101) });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('TOO_MANY_FILES');
    expect((await handlerWith({ rules: { maxFiles: 200 } })('POST', '/uploads', { files: small(101) })).status).toBe(
      200,
    );
  });

  it.each([
    [undefined, 4],
    [2, 2],
  ])('makes at most s3Concurrency=%s calls to S3 at once (%s)', async (s3Concurrency, expected) => {
    let inFlight = 0;
    let most = 0;
    let count = 0;
    s3.on(CreateMultipartUploadCommand).callsFake(async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      count++;
      return { UploadId: `upload-${count}` };
    });
    const call = handlerWith(s3Concurrency === undefined ? {} : { s3Concurrency });
    const files = Array.from({ length: 20 }, (_, index) => ({ name: `s${index}.zip`, size: 120 * MiB }));
    const answer = await call('POST', '/uploads', { files });
    expect(answer.status).toBe(200);
    expect(answer.body.uploads).toHaveLength(20);
    expect(count).toBe(20);
    expect(most).toBe(expected);
  });

  it('starts no further S3 call once one has failed', async () => {
    let calls = 0;
    s3.on(CreateMultipartUploadCommand).callsFake(async () => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, 2));
      throw denied();
    });
    const files = Array.from({ length: 20 }, (_, index) => ({ name: `s${index}.zip`, size: 120 * MiB }));
    const answer = await handlerWith({})('POST', '/uploads', { files });
    expect(answer.status).toBe(403);
    expect(calls).toBe(4);
  });
});
