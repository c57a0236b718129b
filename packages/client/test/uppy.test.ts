// The real Uppy (`@uppy/core`, headless in Node) with the SosUpload plugin,
// against `@sos/express` and the embedded S3 server.
import { randomBytes } from 'node:crypto';
import { type Body, type Meta, Uppy, type UppyEventMap } from '@uppy/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type SosCancelledEvent,
  type SosRetryEvent,
  SosUpload,
  type SosUploadBody,
  type SosUploadOptions,
} from '../src/uppy';
import { isListParts, type SeenRequest, startUppyLab, type UppyLab } from './uppy-lab';

const MiB = 1024 * 1024;

let lab: UppyLab;
beforeAll(async () => {
  lab = await startUppyLab();
});
afterAll(async () => {
  await lab?.close();
});
beforeEach(() => {
  lab.sosRequests.length = 0;
  lab.s3.requests.length = 0;
  lab.s3PutOnly.requests.length = 0;
  lab.s3.interfere = undefined;
});

type LogLine = { level: 'debug' | 'warn' | 'error'; text: string };

/** A headless Uppy with the plugin for tenant `tenant`, and what it logged. */
function uppyFor(
  options: Partial<SosUploadOptions<Meta, Body>> = {},
  tenant = 'lab',
): { uppy: Uppy<Meta, Body>; logs: LogLine[] } {
  const logs: LogLine[] = [];
  const line =
    (level: LogLine['level']) =>
    (...args: unknown[]): void =>
      void logs.push({ level, text: args.map((arg) => (arg instanceof Error ? arg.message : String(arg))).join(' ') });
  const uppy = new Uppy<Meta, Body>({ logger: { debug: line('debug'), warn: line('warn'), error: line('error') } });
  uppy.use(SosUpload, {
    endpoint: lab.endpoint,
    headers: { 'x-tenant': tenant },
    retry: { attempts: 3, baseDelay: 20, maxDelay: 50 },
    ...options,
  });
  return { uppy, logs };
}

function addFile(uppy: Uppy<Meta, Body>, name: string, type: string, data: Buffer, meta: Meta = {}): string {
  return uppy.addFile({ name, type, data: new Blob([new Uint8Array(data)], { type }), meta });
}

/** The next `event` of `uppy`, with its arguments. */
function next<K extends keyof UppyEventMap<Meta, Body>>(
  uppy: Uppy<Meta, Body>,
  event: K,
): Promise<Parameters<UppyEventMap<Meta, Body>[K]>> {
  return new Promise((resolve) => {
    const handler = ((...args: Parameters<UppyEventMap<Meta, Body>[K]>) => {
      uppy.off(event, handler);
      resolve(args);
    }) as UppyEventMap<Meta, Body>[K];
    uppy.on(event, handler);
  });
}

/** What upload-success left in the file's response. */
function bodyOf(uppy: Uppy<Meta, Body>, id: string): SosUploadBody {
  const body = uppy.getFile(id).response?.body;
  if (!body) throw new Error(`${id} has no upload response`);
  return body as unknown as SosUploadBody;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const line = ({ method, url }: SeenRequest): string => `${method} ${url.replace(/\?.*/, '')}`;
const partNumbersSent = (requests: SeenRequest[]): number[] =>
  requests
    .filter(({ method }) => method === 'PUT')
    .map(({ url }) => Number(new URL(url, 'http://s3').searchParams.get('partNumber')));
const uploadIdOf = (requests: SeenRequest[]): string =>
  new URL(requests.find(({ url }) => url.includes('uploadId='))?.url ?? '/', 'http://s3').searchParams.get(
    'uploadId',
  ) ?? '';

describe('SosUpload in a real Uppy', () => {
  it('uploads a small file in one PUT, byte-exact, with its type and metadata, and reports it as Uppy does', async () => {
    const { uppy } = uppyFor();
    const data = randomBytes(300 * 1024);
    const id = addFile(uppy, 'photo.png', 'image/png', data, { order: 'A-17', internal: 'not kept' });
    const started: string[] = [];
    const progress: number[] = [];
    uppy.on('upload-start', (files) => started.push(...files.map((file) => file.id)));
    uppy.on('upload-progress', (_file, p) => progress.push(p.bytesUploaded));

    const result = await uppy.upload();

    expect(result?.failed).toEqual([]);
    expect(started).toEqual([id]);
    expect(progress.at(-1)).toBe(data.length);
    const file = uppy.getFile(id);
    const body = bodyOf(uppy, id);
    expect(body).toMatchObject({ bucket: lab.bucket, key: expect.stringMatching(/^uppy\/.+\.png$/) });
    expect(file.uploadURL).toBe(body.location);
    expect(file.uploadURL).toContain(body.key);
    expect(file.progress).toMatchObject({ uploadComplete: true, bytesUploaded: data.length });

    expect((await lab.read(body.key)).equals(data)).toBe(true);
    expect(await lab.head(body.key)).toEqual({ contentType: 'image/png', metadata: { order: 'A-17' } });
    expect(lab.sosRequests.map(line)).toEqual(['POST /uploads']);
    expect(lab.s3.requests.map(line)).toEqual([`PUT /${lab.bucket}/${body.key}`]);
  });

  it('uploads a large file in size-bound parts and completes it, byte-exact', async () => {
    const { uppy } = uppyFor();
    const data = randomBytes(20 * MiB);
    const id = addFile(uppy, 'scan.zip', 'application/zip', data);
    const progress: number[] = [];
    uppy.on('upload-progress', (_file, p) => progress.push(p.bytesUploaded));

    const result = await uppy.upload();

    expect(result?.failed).toEqual([]);
    const { key } = bodyOf(uppy, id);
    expect((await lab.read(key)).equals(data)).toBe(true);
    expect(partNumbersSent(lab.s3.requests).sort()).toEqual([1, 2, 3]);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(data.length);
    expect(lab.sosRequests.map(line)).toEqual(['POST /uploads', 'POST /uploads/complete']);
  });

  it('gives upload-error sos’s message and hint, which Uppy shows, for a type the server refuses', async () => {
    const { uppy } = uppyFor();
    const id = addFile(uppy, 'setup.exe', 'application/x-msdownload', randomBytes(1000));
    const refusal = await fetch(`${lab.endpoint}/uploads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ files: [{ name: 'setup.exe', size: 1000, type: 'application/x-msdownload' }] }),
    });
    const { error: expected } = (await refusal.json()) as { error: { code: string; message: string; hint: string } };
    expect(expected.code).toBe('FILE_TYPE_NOT_ALLOWED');
    lab.sosRequests.length = 0;
    const failed = next(uppy, 'upload-error');

    const result = await uppy.upload();

    const [file, error] = await failed;
    expect(file?.id).toBe(id);
    expect(error.message).toBe(`${expected.message} ${expected.hint}`);
    expect(error).toMatchObject({ name: 'SosUploadError', code: 'FILE_TYPE_NOT_ALLOWED', status: 415 });
    expect(result?.failed?.map((f) => f.id)).toEqual([id]);
    expect(uppy.getFile(id).error).toBe(error.message);
    expect(uppy.getState().info.at(-1)).toMatchObject({ type: 'error', details: error.message });
    expect(lab.s3.requests).toEqual([]);
  });

  it('uploads several files, each signed on its own, and fails only the refused one', async () => {
    const { uppy } = uppyFor({ limit: 1 });
    const photos = [randomBytes(2000), randomBytes(3000)];
    const ids = photos.map((data, index) => addFile(uppy, `photo-${index}.png`, 'image/png', data));
    const refused = addFile(uppy, 'setup.exe', 'application/x-msdownload', randomBytes(1000));

    const result = await uppy.upload();

    expect(result?.successful?.map((file) => file.id).sort()).toEqual([...ids].sort());
    expect(result?.failed?.map((file) => file.id)).toEqual([refused]);
    for (const [index, id] of ids.entries()) {
      expect((await lab.read(bodyOf(uppy, id).key)).equals(photos[index] as Buffer)).toBe(true);
    }
    expect(lab.sosRequests.map(line)).toEqual(['POST /uploads', 'POST /uploads', 'POST /uploads']);
  });

  const pauses = {
    'the file (upload-pause)': {
      pause: (uppy: Uppy<Meta, Body>, id: string) => expect(uppy.pauseResume(id)).toBe(true),
      resume: (uppy: Uppy<Meta, Body>, id: string) => expect(uppy.pauseResume(id)).toBe(false),
    },
    'all files (pause-all, resume-all)': {
      pause: (uppy: Uppy<Meta, Body>) => uppy.pauseAll(),
      resume: (uppy: Uppy<Meta, Body>) => uppy.resumeAll(),
    },
  };
  it.each(Object.entries(pauses))(
    'pauses and resumes %s without listing parts: the finished part is not sent again',
    async (_, { pause, resume }) => {
      const { uppy } = uppyFor({ concurrency: 1 });
      const data = randomBytes(20 * MiB);
      const id = addFile(uppy, 'scan.zip', 'application/zip', data);
      let paused = false;
      uppy.on('upload-progress', (_file, p) => {
        if (!paused && p.bytesUploaded >= 8 * MiB) {
          paused = true;
          pause(uppy, id);
        }
      });

      const uploading = uppy.upload();
      while (!paused) await sleep(10);
      const sentWhilePaused = lab.s3.requests.length;
      await sleep(300);
      expect(lab.s3.requests.length).toBe(sentWhilePaused);
      expect(uppy.getFile(id).isPaused).toBe(true);
      resume(uppy, id);
      const result = await uploading;

      expect(result?.failed).toEqual([]);
      const { key } = bodyOf(uppy, id);
      expect((await lab.read(key)).equals(data)).toBe(true);
      expect(partNumbersSent(lab.s3.requests).filter((n) => n === 1)).toEqual([1]);
      expect(lab.s3.requests.filter(isListParts)).toEqual([]);
      expect(lab.sosRequests.filter(({ method }) => method !== 'POST')).toEqual([]);
      expect(lab.sosRequests.map(line)).toEqual(['POST /uploads', 'POST /uploads/complete']);
    },
  );

  it('cancels on removal: the parts are aborted, and sos:cancelled and the log say so', async () => {
    const { uppy, logs } = uppyFor({ concurrency: 1 });
    const id = addFile(uppy, 'scan.zip', 'application/zip', randomBytes(20 * MiB));
    uppy.on('upload-progress', (_file, p) => {
      if (p.bytesUploaded >= 8 * MiB && uppy.getFile(id)) uppy.removeFile(id);
    });
    const cancelled = next(uppy, 'sos:cancelled');

    await uppy.upload();

    const [file, outcome] = (await cancelled) as [unknown, SosCancelledEvent];
    expect((file as { id: string }).id).toBe(id);
    expect(outcome).toEqual({
      key: expect.stringMatching(/^uppy\//),
      aborted: true,
      note: expect.stringContaining('deleted from the bucket'),
    });
    expect(logs).toContainEqual({ level: 'debug', text: `[SosUpload] scan.zip: cancelled. ${outcome.note}` });
    expect(lab.sosRequests.map(line)).toEqual(['POST /uploads', 'POST /uploads/abort']);
    await expect(lab.listParts(outcome.key ?? '', uploadIdOf(lab.s3.requests))).rejects.toMatchObject({
      name: 'NoSuchUpload',
    });
  });

  it('cancels all on a key that may not abort: the parts stay for the lifecycle rule, and it says so', async () => {
    const { uppy, logs } = uppyFor({ concurrency: 1 }, 'put-only');
    addFile(uppy, 'scan.zip', 'application/zip', randomBytes(20 * MiB));
    let cancelling = false;
    uppy.on('upload-progress', (_file, p) => {
      if (!cancelling && p.bytesUploaded >= 8 * MiB) {
        cancelling = true;
        uppy.cancelAll();
      }
    });
    const cancelled = next(uppy, 'sos:cancelled');

    await uppy.upload();

    const [, outcome] = (await cancelled) as [unknown, SosCancelledEvent];
    const days = lab.abortIncompleteAfterDays;
    expect(outcome).toEqual({
      key: expect.stringMatching(/^uppy\//),
      aborted: false,
      abortIncompleteAfterDays: days,
      note: expect.stringMatching(new RegExp(`stay in the bucket until its lifecycle rule removes them, ${days} days`)),
    });
    expect(logs).toContainEqual({ level: 'warn', text: `[SosUpload] scan.zip: cancelled. ${outcome.note}` });
    expect(await lab.listParts(outcome.key ?? '', uploadIdOf(lab.s3PutOnly.requests))).toEqual([1]);
  });

  it('retries a part S3 refused with 503, reporting sos:retry and a log line, then completes', async () => {
    const { uppy, logs } = uppyFor({ concurrency: 1 });
    const data = randomBytes(12 * MiB);
    const id = addFile(uppy, 'scan.zip', 'application/zip', data);
    let refused = 0;
    lab.s3.interfere = ({ method, url }) =>
      method === 'PUT' && url.includes('partNumber=2') && refused++ === 0
        ? { status: 503, code: 'SlowDown' }
        : undefined;
    const retries: SosRetryEvent[] = [];
    uppy.on('sos:retry', (_file, retry) => retries.push(retry));

    const result = await uppy.upload();

    expect(result?.failed).toEqual([]);
    expect(retries).toEqual([
      {
        partNumber: 2,
        attempt: 2,
        attempts: 3,
        delay: expect.any(Number),
        error: expect.objectContaining({ code: 'SlowDown', status: 503, retryable: true }),
      },
    ]);
    expect(logs.map(({ text }) => text)).toContainEqual(
      expect.stringMatching(/^\[SosUpload\] scan\.zip, part 2: SlowDown \(SlowDown\)\. Attempt 2 of 3 in \d+ ms\.$/),
    );
    const { key } = bodyOf(uppy, id);
    expect((await lab.read(key)).equals(data)).toBe(true);
  });

  it('retries a failed file in Uppy by sending only its missing parts: renewed, never listed', async () => {
    const { uppy } = uppyFor({ concurrency: 1, retry: false });
    const data = randomBytes(20 * MiB);
    const id = addFile(uppy, 'scan.zip', 'application/zip', data);
    lab.s3.interfere = ({ method, url }) =>
      method === 'PUT' && url.includes('partNumber=2') ? { status: 403, code: 'AccessDenied' } : undefined;

    const first = await uppy.upload();
    expect(first?.failed?.map((file) => file.id)).toEqual([id]);
    expect(uppy.getFile(id).error).toContain('AccessDenied');
    expect(lab.sosRequests.map(line)).toEqual(['POST /uploads']);

    lab.s3.interfere = undefined;
    lab.s3.requests.length = 0;
    const second = await uppy.retryUpload(id);

    expect(second?.failed).toEqual([]);
    const { key } = bodyOf(uppy, id);
    expect((await lab.read(key)).equals(data)).toBe(true);
    expect(partNumbersSent(lab.s3.requests).sort()).toEqual([2, 3]);
    expect(lab.s3.requests.filter(isListParts)).toEqual([]);
    expect(lab.sosRequests.map(line)).toEqual(['POST /uploads', 'POST /uploads/renew', 'POST /uploads/complete']);
  });

  it('abandons the parts of a failed file when it is removed', async () => {
    const { uppy } = uppyFor({ concurrency: 1, retry: false });
    const id = addFile(uppy, 'scan.zip', 'application/zip', randomBytes(20 * MiB));
    lab.s3.interfere = ({ method, url }) =>
      method === 'PUT' && url.includes('partNumber=2') ? { status: 403, code: 'AccessDenied' } : undefined;
    await uppy.upload();
    const uploadId = uploadIdOf(lab.s3.requests);
    const cancelled = next(uppy, 'sos:cancelled');

    uppy.removeFile(id);

    const [, outcome] = (await cancelled) as [unknown, SosCancelledEvent];
    expect(outcome).toMatchObject({ aborted: true, note: expect.stringContaining('deleted from the bucket') });
    expect(lab.sosRequests.map(line)).toEqual(['POST /uploads', 'POST /uploads/abort']);
    await expect(lab.listParts(outcome.key ?? '', uploadId)).rejects.toMatchObject({ name: 'NoSuchUpload' });
  });
});
