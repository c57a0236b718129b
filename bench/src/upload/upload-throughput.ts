// One large file uploaded to the embedded S3 server through @sos/client, next
// to plain fetch PUTs of the same parts: the same Express app and sos routes,
// part URLs from the same POST /uploads answer, 4 requests in flight, in the
// same run, the order alternated every round. The server side runs in a
// process of its own (upload-server.ts), its files on tmpfs where there is one.
import { File } from 'node:buffer';
import { type ChildProcess, fork } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createUploader } from '@sos/client';
import { median, type Spread, spread } from '../measure';
import type { BenchMode } from '../mode';
import type { StoredObject, UploadServerCommand, UploadServerReady } from './upload-server';

/** Megabytes (10^6 bytes) per second, from the first request to the last part's answer. */
export interface UploadThroughput {
  /** The file's size in bytes. */
  bytes: number;
  partCount: number;
  partSize: number;
  /** Requests in flight, each way. */
  concurrency: number;
  /** Where the embedded S3 server kept its files: `/dev/shm (tmpfs)`, or the system's tmpdir. */
  filesIn: string;
  clientMBps: number;
  plainMBps: number;
  /** Per round, @sos/client's MB/s over plain fetch's. */
  ratio: Spread;
  /** Measured uploads each way, after one warm-up each. */
  rounds: number;
  /** Retries @sos/client made (none expected on 127.0.0.1). */
  retries: number;
}

/** Requests in flight, each way: @sos/client's default, and the AWS SDK's `Upload`'s. */
const CONCURRENCY = 4;
const FILE_NAME = 'bench-scan.bin';
const FILE_TYPE = 'application/octet-stream';
const TMPFS_MAGIC = 0x01021994;

const serverPath = fileURLToPath(new URL('./upload-server.ts', import.meta.url));

/** A part of a MULTIPART instruction, as POST /uploads answers it. */
interface InstructedPart {
  partNumber: number;
  url: string;
  headers: Record<string, string>;
  start: number;
  end: number;
}

interface MultipartInstruction {
  method: 'MULTIPART';
  partSize: number;
  parts: InstructedPart[];
  ticket: string;
}

/** `/dev/shm` where it is a tmpfs, so that no part waits for a disk; the system's tmpdir otherwise. */
function memoryBackedTmpdir(): string | undefined {
  try {
    return statfsSync('/dev/shm').type === TMPFS_MAGIC ? '/dev/shm' : undefined;
  } catch {
    return undefined;
  }
}

function ask<T>(child: ChildProcess, command: UploadServerCommand): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`the upload server exited with ${code}`));
    child.once('exit', onExit);
    child.once('message', (message) => {
      child.off('exit', onExit);
      resolve(message as T);
    });
    child.send(command);
  });
}

async function postJson<T>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${url} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** PUTs every part with plain fetch, `CONCURRENCY` at a time, and returns their ETags. */
async function putParts(file: Blob, parts: readonly InstructedPart[]): Promise<{ partNumber: number; etag: string }[]> {
  const etags: { partNumber: number; etag: string }[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let part = parts[next++]; part !== undefined; part = parts[next++]) {
      const response = await fetch(part.url, {
        method: 'PUT',
        headers: part.headers,
        body: file.slice(part.start, part.end),
      });
      const text = await response.text();
      const etag = response.headers.get('etag');
      if (!response.ok || etag === null)
        throw new Error(`part ${part.partNumber} answered ${response.status}: ${text}`);
      etags.push({ partNumber: part.partNumber, etag });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return etags.sort((a, b) => a.partNumber - b.partNumber);
}

/**
 * Warms both ways up once, then uploads the file `mode.uploadRounds` times
 * each way, alternating which goes first. Each upload is timed from its first
 * request (POST /uploads) to the answer of its last part; completing it (the
 * server then joins the parts on its side) is not timed. After each upload
 * the bucket is emptied, and must have held exactly the one object, whole.
 */
export async function benchUploadThroughput(mode: BenchMode): Promise<UploadThroughput> {
  const tmpdir = memoryBackedTmpdir();
  const child = fork(serverPath, tmpdir === undefined ? [] : [tmpdir], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const { origin, directory } = await new Promise<UploadServerReady>((resolve, reject) => {
      child.once('message', (message) => resolve(message as UploadServerReady));
      child.once('exit', (code) => reject(new Error(`the upload server exited with ${code}`)));
    });
    const endpoint = `${origin}/sos`;

    // Pseudo-random bytes, made once; both ways send slices of this one Blob.
    const file = new File([randomFillSync(new Uint8Array(mode.uploadBytes))], FILE_NAME, { type: FILE_TYPE });
    const uploader = createUploader({ endpoint });
    let retries = 0;
    let plan = { partCount: 0, partSize: 0 };

    const checkStored = async (way: string): Promise<void> => {
      const stored = await ask<StoredObject[]>(child, 'empty');
      if (stored.length !== 1 || stored[0]?.size !== file.size)
        throw new Error(`after an upload through ${way} the bucket held ${JSON.stringify(stored)}`);
    };

    const viaClient = async (): Promise<number> => {
      let partsSent: number | undefined;
      const started = performance.now();
      const [result] = await uploader.upload(file, {
        concurrency: CONCURRENCY,
        onRetry: () => {
          retries++;
        },
        onFileStateChange: ({ state }) => {
          if (state === 'completing') partsSent ??= performance.now();
        },
      });
      if (result?.status !== 'done')
        throw new Error(`@sos/client did not finish the upload: ${JSON.stringify(result)}`, { cause: result });
      if (partsSent === undefined) throw new Error('@sos/client never reported the file as completing');
      await checkStored('@sos/client');
      return partsSent - started;
    };

    const viaFetch = async (): Promise<number> => {
      const started = performance.now();
      const { uploads } = await postJson<{ uploads: MultipartInstruction[] }>(`${endpoint}/uploads`, {
        files: [{ name: FILE_NAME, size: file.size, type: FILE_TYPE }],
      });
      const instruction = uploads[0];
      if (instruction?.method !== 'MULTIPART')
        throw new Error(`POST /uploads did not answer MULTIPART: ${instruction?.method}`);
      const parts = await putParts(file, instruction.parts);
      const partsSent = performance.now();
      await postJson(`${endpoint}/uploads/complete`, { ticket: instruction.ticket, parts });
      plan = { partCount: instruction.parts.length, partSize: instruction.partSize };
      await checkStored('plain fetch');
      return partsSent - started;
    };

    const megabytesPerSecond = (ms: number): number => file.size / 1e6 / (ms / 1000);
    await viaClient();
    await viaFetch();
    const client: number[] = [];
    const plain: number[] = [];
    for (let round = 0; round < mode.uploadRounds; round++) {
      if (round % 2 === 0) {
        client.push(megabytesPerSecond(await viaClient()));
        plain.push(megabytesPerSecond(await viaFetch()));
      } else {
        plain.push(megabytesPerSecond(await viaFetch()));
        client.push(megabytesPerSecond(await viaClient()));
      }
    }
    return {
      bytes: file.size,
      ...plan,
      concurrency: CONCURRENCY,
      filesIn: dirname(directory) === tmpdir ? `${tmpdir} (tmpfs)` : dirname(directory),
      clientMBps: median(client),
      plainMBps: median(plain),
      ratio: spread(client.map((value, round) => value / (plain[round] ?? Number.NaN))),
      rounds: mode.uploadRounds,
      retries,
    };
  } finally {
    if (child.connected) child.send('stop' satisfies UploadServerCommand);
    else child.kill();
    await exited;
  }
}
