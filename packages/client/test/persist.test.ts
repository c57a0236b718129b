// Resuming after a reload: a second uploader, with the same store, sends only what the first did not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUploader, type UploadResult, type UploadTask } from '../src';
import {
  bytesOf,
  type Harness,
  MiB,
  memoryStore,
  randomFile,
  recordingFetch,
  sha256Hex,
  sleep,
  startHarness,
} from './harness';

type Done = Extract<UploadResult, { status: 'done' }>;
const PART = 8 * MiB;

describe('persisted uploads', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  /** Sends the first two of the file's four parts, then leaves the task paused for good, as a closed tab would. */
  async function sendHalf(file: File, store: ReturnType<typeof memoryStore>) {
    const first = recordingFetch();
    let task: UploadTask | undefined;
    let paused = false;
    task = createUploader({ endpoint: harness.endpoint, fetch: first.fetch }).upload(file, {
      concurrency: 1,
      persist: store,
      onProgress: ({ bytesSent }) => {
        if (!paused && bytesSent >= 2 * PART) {
          paused = true;
          task?.pause();
        }
      },
    });
    while (task.state !== 'paused') await sleep(20);
    const saved = JSON.parse([...store.map.values()][0] ?? '{}');
    expect(saved.etags.map(([partNumber]: [number, string]) => partNumber)).toEqual([1, 2]);
    expect(JSON.stringify(saved)).not.toMatch(/X-Amz-Signature|https?:/);
    return { saved, first };
  }

  it('resumes in a new uploader: no new POST /uploads, renews and sends only the missing parts, byte-exact', async () => {
    const store = memoryStore();
    const file = randomFile('scan.bin', 30 * MiB);
    await sendHalf(file, store);

    const second = recordingFetch();
    const sent: number[] = [];
    const [result] = (await createUploader({ endpoint: harness.endpoint, fetch: second.fetch }).upload(file, {
      persist: store,
      onProgress: ({ bytesSent }) => sent.push(bytesSent),
    })) as Done[];
    expect(result?.status).toBe('done');
    expect(second.kinds().sort()).toEqual(['s3 part 3', 's3 part 4', 'sos /uploads/complete', 'sos /uploads/renew']);
    expect(second.log.find((request) => request.kind === 'sos /uploads/renew')?.json?.partNumbers).toEqual([3, 4]);
    expect(sent[0]).toBeGreaterThanOrEqual(2 * PART);
    expect(sha256Hex(await harness.readObject(result?.key ?? ''))).toBe(sha256Hex(await bytesOf(file)));
    expect(store.map.size).toBe(0);
  });

  it('starts the file over when the saved upload was aborted at S3 meanwhile', async () => {
    const store = memoryStore();
    const file = randomFile('scan.bin', 30 * MiB);
    const { saved } = await sendHalf(file, store);
    await harness.abortUpload(saved.key, saved.uploadId);

    const second = recordingFetch();
    const [result] = (await createUploader({ endpoint: harness.endpoint, fetch: second.fetch }).upload(file, {
      persist: store,
      concurrency: 1,
    })) as Done[];
    expect(result?.status).toBe('done');
    const kinds = second.kinds();
    // The renewed part is refused (NoSuchUpload), then one new POST /uploads and every part.
    expect(kinds.slice(0, 3)).toEqual(['sos /uploads/renew', 's3 part 3', 'sos /uploads']);
    expect([1, 2, 3, 4].map((n) => second.count(`s3 part ${n}`))).toEqual([1, 1, 2, 1]);
    expect(result?.key).not.toBe(saved.key);
    expect(sha256Hex(await harness.readObject(result?.key ?? ''))).toBe(sha256Hex(await bytesOf(file)));
  });

  it('starts the file over when the server refuses the saved ticket', async () => {
    const store = memoryStore();
    const file = randomFile('scan.bin', 30 * MiB);
    const { saved } = await sendHalf(file, store);
    const [id] = [...store.map.keys()];
    store.map.set(id ?? '', JSON.stringify({ ...saved, ticket: `${saved.ticket.slice(0, -4)}AAAA` }));

    const second = recordingFetch();
    const [result] = (await createUploader({ endpoint: harness.endpoint, fetch: second.fetch }).upload(file, {
      persist: store,
    })) as Done[];
    expect(result?.status).toBe('done');
    expect(second.kinds().slice(0, 2)).toEqual(['sos /uploads/renew', 'sos /uploads']);
    expect(sha256Hex(await harness.readObject(result?.key ?? ''))).toBe(sha256Hex(await bytesOf(file)));
    expect(store.map.size).toBe(0);
  });

  it('forgets the saved upload when it is cancelled', async () => {
    const store = memoryStore();
    const file = randomFile('scan.bin', 30 * MiB);
    await sendHalf(file, store);
    const task = createUploader({ endpoint: harness.endpoint }).upload(file, { persist: store });
    const [result] = await task.cancel();
    expect(result).toMatchObject({ status: 'cancelled', aborted: true });
    expect(store.map.size).toBe(0);
  });
});
