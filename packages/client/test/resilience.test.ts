// Failures, expiry, pause, resume and cancel, on a real sos server and the embedded S3 server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUploader, type RetryInfo, type UploadResult, type UploadTask } from '../src';
import {
  bytesOf,
  type Harness,
  MiB,
  randomFile,
  recordingFetch,
  sha256Hex,
  sleep,
  slowDown,
  startHarness,
} from './harness';

type Done = Extract<UploadResult, { status: 'done' }>;
type Cancelled = Extract<UploadResult, { status: 'cancelled' }>;
const PART = 8 * MiB;

/** Calls `action` once the first `parts` parts are stored (the fetch transport reports progress per finished part). */
function afterParts(parts: number, action: () => void) {
  let done = false;
  return ({ bytesSent }: { bytesSent: number }) => {
    if (!done && bytesSent >= parts * PART) {
      done = true;
      action();
    }
  };
}

describe('retries, pause, resume and cancel', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('retries parts that fail with a network error or a 503 SlowDown, and the object is still byte-exact', async () => {
    const recorder = recordingFetch((request, nth) => {
      if (request.kind === 's3 part 2' && nth <= 2) return new TypeError('fetch failed');
      if (request.kind === 's3 part 3' && nth === 1) return slowDown();
      return undefined;
    });
    const retries: RetryInfo[] = [];
    const file = randomFile('scan.bin', 20 * MiB);
    const [result] = (await createUploader({ endpoint: harness.endpoint, fetch: recorder.fetch }).upload(file, {
      retry: { baseDelay: 10, maxDelay: 50 },
      onRetry: (retry) => retries.push(retry),
    })) as Done[];
    expect(result?.status).toBe('done');
    expect(retries.map(({ partNumber, attempt, error }) => [partNumber, attempt, error.code]).sort()).toEqual([
      [2, 2, 'NETWORK_ERROR'],
      [2, 3, 'NETWORK_ERROR'],
      [3, 2, 'SlowDown'],
    ]);
    expect(retries.every((retry) => retry.delay >= 0 && retry.delay <= 50)).toBe(true);
    expect([recorder.count('s3 part 1'), recorder.count('s3 part 2'), recorder.count('s3 part 3')]).toEqual([1, 3, 2]);
    expect(sha256Hex(await harness.readObject(result?.key ?? ''))).toBe(sha256Hex(await bytesOf(file)));
  });

  it('pauses without losing finished parts and resumes where it stopped', async () => {
    const recorder = recordingFetch();
    const file = randomFile('scan.bin', 30 * MiB);
    const states: string[] = [];
    let task: UploadTask | undefined;
    task = createUploader({ endpoint: harness.endpoint, fetch: recorder.fetch }).upload(file, {
      concurrency: 1,
      onProgress: afterParts(1, () => task?.pause()),
      onFileStateChange: ({ state }) => states.push(state),
    });
    while (task.state !== 'paused') await sleep(20);
    const sentWhilePaused = recorder.log.length;
    await sleep(300);
    expect(recorder.log.length).toBe(sentWhilePaused);
    task.resume();
    const [result] = (await task) as Done[];
    expect(result?.status).toBe('done');
    expect(states).toContain('paused');
    // Part 1 went once; part 2, aborted by the pause, went again.
    expect(recorder.count('s3 part 1')).toBe(1);
    expect(recorder.kinds()).not.toContain('sos /uploads/renew');
    expect(sha256Hex(await harness.readObject(result?.key ?? ''))).toBe(sha256Hex(await bytesOf(file)));
  });

  it('cancels: aborts the upload in parts at S3, and says the bytes were deleted', async () => {
    const recorder = recordingFetch();
    let task: UploadTask | undefined;
    task = createUploader({ endpoint: harness.endpoint, fetch: recorder.fetch }).upload(
      randomFile('scan.bin', 30 * MiB),
      {
        concurrency: 1,
        onProgress: afterParts(1, () => void task?.cancel()),
      },
    );
    const [result] = (await task) as Cancelled[];
    expect(task.state).toBe('cancelled');
    expect(result).toMatchObject({
      status: 'cancelled',
      aborted: true,
      key: expect.stringMatching(/^uploads\//),
      note: 'The 8 MB already sent were deleted from the bucket.',
    });
    expect(result).not.toHaveProperty('abortIncompleteAfterDays');
    const uploadId = (recorder.log[0] && (await uploadIdOf(recorder.log))) ?? '';
    expect(await harness.listParts(result?.key ?? '', uploadId)).toBe('NoSuchUpload');
    expect(recorder.kinds().filter((kind) => kind.startsWith('sos'))).toEqual(['sos /uploads', 'sos /uploads/abort']);
  });

  it('cancels honestly when the key may not abort: aborted false, the parts stay, and for how long', async () => {
    // The put-only tenant's S3 calls go through a proxy that answers AbortMultipartUpload with 403 AccessDenied,
    // as S3 does for a PutObject-only key; the real abort route turns that into MULTIPART_PERMISSION_MISSING.
    const recorder = recordingFetch();
    let task: UploadTask | undefined;
    task = createUploader({
      endpoint: harness.endpoint,
      fetch: recorder.fetch,
      headers: { 'x-tenant': 'put-only' },
    }).upload(randomFile('scan.bin', 30 * MiB), {
      concurrency: 1,
      onProgress: afterParts(2, () => void task?.cancel()),
    });
    const [result] = (await task) as Cancelled[];
    expect(result).toEqual({
      status: 'cancelled',
      file: expect.any(File),
      key: expect.stringMatching(/^uploads\//),
      aborted: false,
      abortIncompleteAfterDays: 1,
      note: 'The 16 MB already sent stay in the bucket until its lifecycle rule removes them, 1 day after the upload began.',
    });
    expect(await harness.listParts(result?.key ?? '', await uploadIdOf(recorder.log))).toEqual([1, 2]);
  });

  it('cancels before anything is sent: nothing stored, no abort needed', async () => {
    const controller = new AbortController();
    const recorder = recordingFetch();
    const task = createUploader({ endpoint: harness.endpoint, fetch: recorder.fetch }).upload(
      randomFile('a.png', 10, 'image/png'),
      {
        signal: controller.signal,
      },
    );
    controller.abort();
    const [result] = await task;
    expect(result).toMatchObject({ status: 'cancelled', aborted: true, note: 'Nothing was stored in the bucket.' });
    expect(recorder.kinds().filter((kind) => kind !== 'sos /uploads')).toEqual([]);
  });
});

describe('expired URLs', () => {
  let harness: Harness;
  beforeAll(async () => {
    // URLs that live 3 seconds.
    harness = await startHarness({ expiresIn: 3 });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('renews only the parts left after a pause past their expiry, each part sent once, then completes byte-exact', async () => {
    const recorder = recordingFetch();
    const file = randomFile('scan.bin', 30 * MiB);
    let task: UploadTask | undefined;
    task = createUploader({ endpoint: harness.endpoint, fetch: recorder.fetch }).upload(file, {
      concurrency: 1,
      onProgress: afterParts(1, () => task?.pause()),
    });
    while (task.state !== 'paused') await sleep(20);
    await sleep(3500);
    task.resume();
    const [result] = (await task) as Done[];
    expect(result?.status).toBe('done');
    // On a slow machine the URLs may also have been renewed before the pause; the one after it asks for the parts left only.
    const renewals = recorder.log.filter((request) => request.kind === 'sos /uploads/renew');
    expect(renewals.at(-1)?.json?.partNumbers).toEqual([2, 3, 4]);
    expect([1, 2, 3, 4].map((n) => recorder.count(`s3 part ${n}`))).toEqual([1, 1, 1, 1]);
    expect(sha256Hex(await harness.readObject(result?.key ?? ''))).toBe(sha256Hex(await bytesOf(file)));
  });

  it('renews a PUT that S3 refuses as expired, and does not count it as a failed attempt', async () => {
    // The first PUT is held until its URL has expired, after the client's own clock check passed.
    const recorder = recordingFetch(async (request, nth) => {
      if (request.kind === 's3 PUT' && nth === 1) await sleep(3500);
      return undefined;
    });
    const file = randomFile('photo.png', 5000, 'image/png');
    const [result] = (await createUploader({ endpoint: harness.endpoint, fetch: recorder.fetch }).upload(file, {
      retry: false,
    })) as Done[];
    expect(result?.status).toBe('done');
    expect(recorder.kinds()).toEqual(['sos /uploads', 's3 PUT', 'sos /uploads/renew', 's3 PUT']);
    expect(sha256Hex(await harness.readObject(result?.key ?? ''))).toBe(sha256Hex(await bytesOf(file)));
  });
});

/** The upload ID in the part URLs the client was given. */
async function uploadIdOf(log: { url: string; kind: string }[]): Promise<string> {
  const part = log.find((request) => request.kind.startsWith('s3 part'));
  return new URL(part?.url ?? 'http://x').searchParams.get('uploadId') ?? '';
}
