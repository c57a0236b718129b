// The upload engine against an injected fetch: the honest way to script an
// exact sequence of answers (a 503 then a 200, a stall, an expired URL).
// test/ runs the same engine against a real sos server and S3 server.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fingerprintOf } from './persist';
import type { FileState, UploadProgress } from './types';
import { createUploader } from './uploader';

const ENDPOINT = 'https://app.test/api/upload';
const S3 = 'https://lab.s3.test/bucket';

const xml = (code: string, message: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
  signal?: AbortSignal | null | undefined;
}

/**
 * A scripted sos server and S3: POST /uploads answers a PUT for files under
 * `partSize` and parts above it; every S3 request is given to `s3`.
 */
function fakeServer(
  s3: (request: Sent, count: number) => Response | Promise<Response>,
  { partSize = 10, expiresIn = 900_000, abort = () => json({ aborted: true }) } = {},
) {
  const sent: Sent[] = [];
  let s3Count = 0;
  let renewals = 0;
  const expiresAt = () => new Date(Date.now() + expiresIn).toISOString();
  const partsOf = (size: number, numbers?: number[]) =>
    Array.from({ length: Math.ceil(size / partSize) }, (_, index) => ({
      partNumber: index + 1,
      url: `${S3}/big?partNumber=${index + 1}&X-Amz-Signature=r${renewals}`,
      headers: {},
      start: index * partSize,
      end: Math.min(size, (index + 1) * partSize),
    })).filter((part) => numbers === undefined || numbers.includes(part.partNumber));
  const fetch = vi.fn(async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = String(input);
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const request: Sent = { url, method: init.method ?? 'GET', headers, body: init.body, signal: init.signal };
    sent.push(request);
    if (init.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    if (!url.startsWith(ENDPOINT)) return s3(request, ++s3Count);
    const body = JSON.parse(String(init.body));
    if (url.endsWith('/uploads')) {
      return json({
        uploads: body.files.map((file: { name: string; size: number }) =>
          file.size < partSize
            ? {
                method: 'PUT',
                bucket: 'bucket',
                key: file.name,
                url: `${S3}/${file.name}?X-Amz-Signature=s`,
                headers: { 'content-type': 'text/plain' },
                expiresAt: expiresAt(),
                ticket: `t-${file.name}`,
              }
            : {
                method: 'MULTIPART',
                bucket: 'bucket',
                key: file.name,
                uploadId: 'u1',
                partSize,
                parts: partsOf(file.size),
                expiresAt: expiresAt(),
                ticket: `t-${file.name}`,
              },
        ),
      });
    }
    if (url.endsWith('/uploads/renew')) {
      renewals++;
      if (body.partNumbers === undefined) {
        return json({
          method: 'PUT',
          bucket: 'bucket',
          key: 'a.txt',
          url: `${S3}/a.txt?X-Amz-Signature=r${renewals}`,
          headers: { 'content-type': 'text/plain' },
          expiresAt: expiresAt(),
        });
      }
      return json({
        method: 'MULTIPART',
        bucket: 'bucket',
        key: 'big',
        uploadId: 'u1',
        partSize,
        parts: partsOf(25, body.partNumbers),
        expiresAt: expiresAt(),
      });
    }
    if (url.endsWith('/uploads/complete'))
      return json({ bucket: 'bucket', key: 'big', location: `${S3}/big`, etag: '"m-3"' });
    if (url.endsWith('/uploads/abort')) return abort();
    return json({ error: { code: 'ROUTE_NOT_FOUND', message: 'No route.' } }, 404);
  });
  const s3Requests = () => sent.filter((request) => !request.url.startsWith(ENDPOINT));
  const sosRequests = (path: string) => sent.filter((request) => request.url === `${ENDPOINT}${path}`);
  return { fetch, sent, s3Requests, sosRequests };
}

const ok = (etag = '"e"') => new Response(null, { status: 200, headers: { etag } });
const file = (name: string, size: number) => new File([new Uint8Array(size).fill(7)], name, { type: 'text/plain' });
const fast = { retry: { baseDelay: 1, maxDelay: 5 } };

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A request that never answers until it is aborted. */
const hang = (request: Sent) =>
  new Promise<Response>((_resolve, reject) =>
    request.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
  );

/** A browser's network as the client sees it: `navigator.onLine` and the `online` event on the global scope. */
function fakeNetwork(onLine: boolean) {
  const scope = new EventTarget();
  const navigator = { onLine };
  vi.stubGlobal('navigator', navigator);
  vi.stubGlobal('addEventListener', scope.addEventListener.bind(scope));
  vi.stubGlobal('removeEventListener', scope.removeEventListener.bind(scope));
  return {
    goOffline: () => {
      navigator.onLine = false;
    },
    goOnline: () => {
      navigator.onLine = true;
      scope.dispatchEvent(new Event('online'));
    },
  };
}

describe('retries', () => {
  it('does not retry a 403 SignatureDoesNotMatch: one request, a failed result with the S3 code', async () => {
    const server = fakeServer(
      () =>
        new Response(xml('SignatureDoesNotMatch', 'The request signature we calculated does not match.'), {
          status: 403,
        }),
    );
    const onRetry = vi.fn();
    const [result] = await createUploader({ endpoint: ENDPOINT, fetch: server.fetch }).upload(file('a.txt', 5), {
      ...fast,
      onRetry,
    });
    expect(server.s3Requests()).toHaveLength(1);
    expect(onRetry).not.toHaveBeenCalled();
    expect(result).toMatchObject({
      status: 'failed',
      error: {
        code: 'SignatureDoesNotMatch',
        status: 403,
        source: 's3',
        retryable: false,
        file: { name: 'a.txt', size: 5 },
      },
    });
  });

  it('retries a 503 SlowDown with a jittered delay within the bounds, then succeeds', async () => {
    const server = fakeServer((_request, count) =>
      count === 1 ? new Response(xml('SlowDown', 'Please reduce your request rate.'), { status: 503 }) : ok(),
    );
    const onRetry = vi.fn();
    const task = createUploader({ endpoint: ENDPOINT, fetch: server.fetch }).upload(file('a.txt', 5), {
      retry: { baseDelay: 40, maxDelay: 1000 },
      onRetry,
    });
    const [result] = await task;
    expect(result).toMatchObject({ status: 'done', key: 'a.txt', etag: '"e"', location: `${S3}/a.txt` });
    expect(task.state).toBe('done');
    expect(server.s3Requests()).toHaveLength(2);
    expect(onRetry).toHaveBeenCalledTimes(1);
    const retry = onRetry.mock.calls[0]?.[0];
    expect(retry).toMatchObject({ attempt: 2, attempts: 5, error: { code: 'SlowDown', status: 503 } });
    expect(retry.delay).toBeGreaterThanOrEqual(0);
    expect(retry.delay).toBeLessThanOrEqual(40);
  });

  it('gives up after `attempts`, and retry: false makes a single attempt', async () => {
    const failing = () =>
      fakeServer(() => new Response(xml('InternalError', 'We encountered an internal error.'), { status: 500 }));
    const three = failing();
    const [result] = await createUploader({ endpoint: ENDPOINT, fetch: three.fetch }).upload(file('a.txt', 5), {
      retry: { attempts: 3, baseDelay: 1 },
    });
    expect(three.s3Requests()).toHaveLength(3);
    expect(result).toMatchObject({ status: 'failed', error: { code: 'InternalError', retryable: true } });

    const once = failing();
    await createUploader({ endpoint: ENDPOINT, fetch: once.fetch }).upload(file('a.txt', 5), { retry: false });
    expect(once.s3Requests()).toHaveLength(1);
  });

  it('retries network errors, and aborts then retries a request that stalls', async () => {
    const server = fakeServer((request, count) => {
      if (count === 1) throw new TypeError('fetch failed');
      if (count === 2) {
        // Never answers: only the stall timeout ends it.
        return new Promise<Response>((_resolve, reject) =>
          request.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
        );
      }
      return ok();
    });
    const onRetry = vi.fn();
    const [result] = await createUploader({ endpoint: ENDPOINT, fetch: server.fetch }).upload(file('a.txt', 5), {
      ...fast,
      stallTimeout: 50,
      onRetry,
    });
    expect(result).toMatchObject({ status: 'done' });
    expect(onRetry.mock.calls.map(([retry]) => retry.error.code)).toEqual(['NETWORK_ERROR', 'TIMEOUT']);
  });

  it('retries the sos server on 5xx but not on 4xx, and sends its headers to it only', async () => {
    let calls = 0;
    const server = fakeServer(() => ok());
    const flaky: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/uploads') && ++calls === 1)
        return json({ error: { code: 'INTERNAL_ERROR', message: 'x' } }, 500);
      return server.fetch(input, init);
    };
    const [result] = await createUploader({
      endpoint: ENDPOINT,
      fetch: flaky,
      headers: async () => ({ 'x-csrf': 'token-1' }),
    }).upload(file('a.txt', 5), fast);
    expect(result?.status).toBe('done');
    expect(calls).toBe(2);
    expect(server.sosRequests('/uploads')[0]?.headers['x-csrf']).toBe('token-1');
    expect(server.s3Requests()[0]?.headers).toEqual({ 'content-type': 'text/plain' });

    const refusing: typeof fetch = async () =>
      json({ error: { code: 'FILE_TOO_LARGE', message: 'a.txt is too large.', hint: 'At most 1 byte.' } }, 413);
    const spy = vi.fn(refusing);
    const results = await createUploader({ endpoint: ENDPOINT, fetch: spy }).upload(
      [file('a.txt', 5), file('b.txt', 6)],
      fast,
    );
    expect(spy).toHaveBeenCalledTimes(1);
    expect(results.map((one) => one.status === 'failed' && [one.error.code, one.error.hint, one.error.source])).toEqual(
      [
        ['FILE_TOO_LARGE', 'At most 1 byte.', 'sos'],
        ['FILE_TOO_LARGE', 'At most 1 byte.', 'sos'],
      ],
    );
  });
});

describe('expired URLs', () => {
  it('renews a PUT that S3 calls expired and goes on, without counting it as a failed attempt', async () => {
    const server = fakeServer((request) =>
      request.url.includes('Signature=s')
        ? new Response(xml('AccessDenied', 'Request has expired'), { status: 403 })
        : ok(),
    );
    const [result] = await createUploader({ endpoint: ENDPOINT, fetch: server.fetch }).upload(file('a.txt', 5), {
      retry: false,
    });
    expect(result?.status).toBe('done');
    expect(server.sosRequests('/uploads/renew').map((request) => JSON.parse(String(request.body)))).toEqual([
      { ticket: 't-a.txt' },
    ]);
    expect(server.s3Requests().map((request) => request.url)).toEqual([
      `${S3}/a.txt?X-Amz-Signature=s`,
      `${S3}/a.txt?X-Amz-Signature=r1`,
    ]);
  });

  it('renews before sending when the clock says the URLs are about to expire: once for all parts left', async () => {
    const server = fakeServer(() => ok(), { expiresIn: 1000 });
    const task = createUploader({ endpoint: ENDPOINT, fetch: server.fetch }).upload(file('big', 25), {
      concurrency: 1,
    });
    task.pause();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    task.resume();
    const [result] = await task;
    expect(result).toMatchObject({ status: 'done', key: 'big', etag: '"m-3"' });
    const renewed = server.sosRequests('/uploads/renew').map((request) => JSON.parse(String(request.body)));
    expect(renewed).toEqual([{ ticket: 't-big', partNumbers: [1, 2, 3] }]);
    expect(server.s3Requests().every((request) => request.url.endsWith('Signature=r1'))).toBe(true);
  });

  it('fails after renewing twice in a row when S3 still calls the URL expired', async () => {
    const server = fakeServer(() => new Response(xml('AccessDenied', 'Request has expired'), { status: 403 }));
    const [result] = await createUploader({ endpoint: ENDPOINT, fetch: server.fetch }).upload(file('a.txt', 5), fast);
    expect(server.sosRequests('/uploads/renew')).toHaveLength(2);
    expect(result).toMatchObject({ status: 'failed', error: { code: 'AccessDenied', status: 403 } });
  });
});

describe('multipart', () => {
  it('sends parts in parallel up to `concurrency`, keeps each ETag and completes with all of them', async () => {
    let active = 0;
    let peak = 0;
    const server = fakeServer(async (request) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, 20));
      active--;
      return ok(`"etag-${new URL(request.url).searchParams.get('partNumber')}"`);
    });
    const [result] = await createUploader({ endpoint: ENDPOINT, fetch: server.fetch }).upload(file('big', 25), {
      concurrency: 2,
    });
    expect(result?.status).toBe('done');
    expect(peak).toBe(2);
    expect(JSON.parse(String(server.sosRequests('/uploads/complete')[0]?.body))).toEqual({
      ticket: 't-big',
      parts: [
        { partNumber: 1, etag: '"etag-1"' },
        { partNumber: 2, etag: '"etag-2"' },
        { partNumber: 3, etag: '"etag-3"' },
      ],
    });
  });

  it('fails a part whose ETag cannot be read (CORS without ExposeHeaders), saying what to fix, and abandons the upload', async () => {
    const server = fakeServer(() => new Response(null, { status: 200 }));
    const [result] = await createUploader({ endpoint: ENDPOINT, fetch: server.fetch }).upload(file('big', 25), fast);
    expect(result).toMatchObject({
      status: 'failed',
      error: { code: 'INVALID_RESPONSE', hint: expect.stringContaining('ExposeHeaders') },
    });
    expect(server.sosRequests('/uploads/abort')).toHaveLength(1);
    expect(server.sosRequests('/uploads/complete')).toHaveLength(0);
  });
});

describe('progress', () => {
  it('reports bytes per file and in all, ending at the total with an ETA of 0', async () => {
    const server = fakeServer(() => ok());
    const seen: { bytesSent: number; bytesTotal: number; eta: number | undefined; files: number[] }[] = [];
    await createUploader({ endpoint: ENDPOINT, fetch: server.fetch }).upload([file('a.txt', 5), file('big', 25)], {
      onProgress: (progress) => seen.push({ ...progress, files: progress.files.map((one) => one.bytesSent) }),
    });
    const last = seen.at(-1);
    expect(last).toMatchObject({ bytesSent: 30, bytesTotal: 30, eta: 0, files: [5, 25] });
    const totals = seen.map((progress) => progress.bytesSent);
    expect(totals).toEqual([...totals].sort((a, b) => a - b));
  });

  it('tells each state change: queued files go through uploading and completing to done', async () => {
    const server = fakeServer(() => ok());
    const states: string[] = [];
    await createUploader({ endpoint: ENDPOINT, fetch: server.fetch }).upload(file('big', 25), {
      onFileStateChange: (state) => states.push(state.state),
    });
    expect(states).toEqual(['uploading', 'completing', 'done']);
  });
});

describe('checksum', () => {
  it('sends the SHA-256 in base64 to POST /uploads and reports it in hex', async () => {
    const server = fakeServer(() => ok());
    const [result] = await createUploader({ endpoint: ENDPOINT, fetch: server.fetch }).upload(
      new File(['abc'], 'a.txt', { type: 'text/plain' }),
      { checksum: 'sha256' },
    );
    const sha256 = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    expect(result).toMatchObject({ status: 'done', sha256 });
    expect(JSON.parse(String(server.sosRequests('/uploads')[0]?.body)).files[0].checksumSha256).toBe(
      Buffer.from(sha256, 'hex').toString('base64'),
    );
  });
});

describe('cancel', () => {
  const putOnly = () =>
    json({
      aborted: false,
      code: 'MULTIPART_PERMISSION_MISSING',
      message: 'The bucket keeps the parts already sent.',
      abortIncompleteAfterDays: 3,
    });

  /** Starts a 3-part upload and cancels it once `parts` parts are stored. */
  async function cancelAfter(parts: number, abort: () => Response) {
    const server = fakeServer(() => ok(), { abort });
    let task: ReturnType<ReturnType<typeof createUploader>['upload']> | undefined;
    let cancelled = false;
    task = createUploader({ endpoint: ENDPOINT, fetch: server.fetch }).upload(file('big', 25), {
      concurrency: 1,
      ...fast,
      onProgress: ({ bytesSent }) => {
        if (!cancelled && bytesSent >= parts * 10) {
          cancelled = true;
          void task?.cancel();
        }
      },
    });
    if (parts === 0) void task.cancel();
    const [result] = await task;
    return { result, server, state: task.state };
  }

  it('says how long the parts stay when the key may not abort: aborted false, never an error', async () => {
    const { result, state } = await cancelAfter(2, putOnly);
    expect(state).toBe('cancelled');
    expect(result).toEqual({
      status: 'cancelled',
      file: expect.any(File),
      key: 'big',
      aborted: false,
      abortIncompleteAfterDays: 3,
      note: 'The 20 B already sent stay in the bucket until its lifecycle rule removes them, 3 days after the upload began.',
    });
  });

  it('says the parts stay, and why, when the abort call itself fails', async () => {
    const { result, server } = await cancelAfter(1, () =>
      json({ error: { code: 'INTERNAL_ERROR', message: 'x' } }, 500),
    );
    expect(server.sosRequests('/uploads/abort')).toHaveLength(5);
    expect(result).toMatchObject({
      status: 'cancelled',
      aborted: false,
      note: expect.stringContaining('could not be abandoned (INTERNAL_ERROR)'),
    });
    expect(result).not.toHaveProperty('abortIncompleteAfterDays');
  });

  it('cancels before any part: says an upload without parts stays, not "0 MB sent"', async () => {
    const { result, server } = await cancelAfter(0, putOnly);
    expect(server.s3Requests()).toHaveLength(0);
    expect(result).toMatchObject({
      status: 'cancelled',
      aborted: false,
      abortIncompleteAfterDays: 3,
      note: 'The started upload, without parts, stays in the bucket until its lifecycle rule removes it, 3 days after the upload began.',
    });
  });
});

describe('offline', () => {
  it('waits for the online event after a network error while offline, without counting that attempt', async () => {
    const network = fakeNetwork(false);
    const server = fakeServer((_request, count) => {
      if (count <= 2) throw new TypeError('Failed to fetch');
      return ok();
    });
    const states: FileState[] = [];
    const onRetry = vi.fn();
    const task = createUploader({ endpoint: ENDPOINT, fetch: server.fetch }).upload(file('a.txt', 5), {
      retry: { attempts: 2, baseDelay: 1 },
      onRetry,
      onFileStateChange: (state) => states.push(state),
    });
    await vi.waitFor(() => expect(states.at(-1)?.state).toBe('offline'));
    expect(states.at(-1)?.error).toMatchObject({ code: 'NETWORK_ERROR' });
    await pause(100);
    // Offline, nothing is tried again however long it takes.
    expect(server.s3Requests()).toHaveLength(1);
    expect(onRetry).not.toHaveBeenCalled();

    network.goOnline();
    const [result] = await task;
    // Online, the second failure is the first counted one: with 2 attempts it is retried once, and succeeds.
    expect(result?.status).toBe('done');
    expect(server.s3Requests()).toHaveLength(3);
    expect(onRetry.mock.calls.map(([retry]) => retry.attempt)).toEqual([2]);
    expect(states.map((state) => state.state)).toEqual([
      'uploading',
      'offline',
      'uploading',
      'retrying',
      'uploading',
      'done',
    ]);
  });

  it('waits for the network in calls to the sos server too, even with retry: false', async () => {
    const network = fakeNetwork(false);
    const server = fakeServer(() => ok());
    let failed = 0;
    const flaky: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/uploads') && failed++ === 0) throw new TypeError('Failed to fetch');
      return server.fetch(input, init);
    };
    const task = createUploader({ endpoint: ENDPOINT, fetch: flaky }).upload(file('a.txt', 5), { retry: false });
    await pause(50);
    expect(server.sent).toHaveLength(0);
    network.goOnline();
    const [result] = await task;
    expect(result?.status).toBe('done');
    expect(server.sosRequests('/uploads')).toHaveLength(1);
  });

  it('stops waiting when paused, tries again on resume, and a cancel ends the wait at once', async () => {
    const network = fakeNetwork(false);
    const server = fakeServer(() => {
      throw new TypeError('Failed to fetch');
    });
    const states: string[] = [];
    const task = createUploader({ endpoint: ENDPOINT, fetch: server.fetch }).upload(file('a.txt', 5), {
      ...fast,
      onFileStateChange: ({ state }) => states.push(state),
    });
    await vi.waitFor(() => expect(states.at(-1)).toBe('offline'));
    task.pause();
    expect(states.at(-1)).toBe('paused');
    await pause(30);
    expect(server.s3Requests()).toHaveLength(1);
    task.resume();
    // Still offline: the request goes once more, then waits again.
    await vi.waitFor(() => expect(server.s3Requests()).toHaveLength(2));
    await vi.waitFor(() => expect(states.at(-1)).toBe('offline'));
    const [result] = await task.cancel();
    expect(result).toMatchObject({ status: 'cancelled', note: 'Nothing was stored in the bucket.' });
    expect(server.s3Requests()).toHaveLength(2);
    network.goOffline();
  });

  it('counts every attempt as before where the browser says it is online', async () => {
    fakeNetwork(true);
    const server = fakeServer(() => {
      throw new TypeError('Failed to fetch');
    });
    const [result] = await createUploader({ endpoint: ENDPOINT, fetch: server.fetch }).upload(file('a.txt', 5), {
      retry: { attempts: 3, baseDelay: 1 },
    });
    expect(result).toMatchObject({ status: 'failed', error: { code: 'NETWORK_ERROR' } });
    expect(server.s3Requests()).toHaveLength(3);
  });
});

describe('resumed', () => {
  const big = () => file('big', 25);
  const savedHalf = () => {
    const map = new Map<string, string>();
    map.set(
      fingerprintOf(ENDPOINT, big()),
      JSON.stringify({
        ticket: 't-big',
        bucket: 'bucket',
        key: 'big',
        uploadId: 'u1',
        partSize: 10,
        etags: [
          [1, '"a"'],
          [2, '"b"'],
        ],
      }),
    );
    return {
      map,
      get: (key: string) => map.get(key) ?? null,
      set: (key: string, value: string) => void map.set(key, value),
      delete: (key: string) => void map.delete(key),
    };
  };

  it('tells, from the first report on, that a file goes on from a saved upload and how far it was', async () => {
    const server = fakeServer(() => ok());
    const states: FileState[] = [];
    const progress: UploadProgress[] = [];
    const [result] = await createUploader({ endpoint: ENDPOINT, fetch: server.fetch }).upload(big(), {
      persist: savedHalf(),
      onFileStateChange: (state) => states.push(state),
      onProgress: (p) => progress.push(p),
    });
    expect(result?.status).toBe('done');
    expect(server.s3Requests()).toHaveLength(1);
    const resumed = { partsDone: 2, partCount: 3 };
    expect(states.map(({ state, resumed }) => [state, resumed])).toEqual([
      ['queued', resumed],
      ['uploading', resumed],
      ['completing', resumed],
      ['done', resumed],
    ]);
    expect(progress[0]?.files[0]).toMatchObject({ bytesSent: 20, resumed });
  });

  it('is absent for a fresh file, and goes away when the saved upload is gone and the file starts over', async () => {
    const server = fakeServer(() => ok());
    const fresh: FileState[] = [];
    await createUploader({ endpoint: ENDPOINT, fetch: server.fetch }).upload(big(), {
      onFileStateChange: (state) => fresh.push(state),
      onProgress: (p) => expect(p.files[0]).not.toHaveProperty('resumed'),
    });
    expect(fresh.every((state) => !('resumed' in state))).toBe(true);

    let renewals = 0;
    const refusing: typeof fetch = async (input, init) =>
      String(input).endsWith('/uploads/renew') && renewals++ === 0
        ? json({ error: { code: 'INVALID_TICKET', message: 'The ticket is not valid.' } }, 400)
        : server.fetch(input, init);
    const states: FileState[] = [];
    const [result] = await createUploader({ endpoint: ENDPOINT, fetch: refusing }).upload(big(), {
      persist: savedHalf(),
      onFileStateChange: (state) => states.push(state),
    });
    expect(result?.status).toBe('done');
    expect(states.map(({ state, resumed }) => [state, resumed?.partsDone])).toEqual([
      ['queued', 2],
      ['queued', undefined],
      ['uploading', undefined],
      ['completing', undefined],
      ['done', undefined],
    ]);
  });
});

describe('retrying', () => {
  it('stays retrying while any request of the file waits for its retry, and goes back to uploading after the last', async () => {
    // Parts 1 and 2 fail once; their retries wait 50 and 150 ms.
    vi.spyOn(Math, 'random').mockReturnValueOnce(0.25).mockReturnValueOnce(0.75);
    const failedOnce = new Set<string>();
    const server = fakeServer(async (request) => {
      const part = new URL(request.url).searchParams.get('partNumber') ?? '';
      if (part !== '3' && !failedOnce.has(part)) {
        failedOnce.add(part);
        return new Response(xml('SlowDown', 'Please reduce your request rate.'), { status: 503 });
      }
      return ok();
    });
    const states: { state: string; attempt?: number | undefined; at: number }[] = [];
    const [result] = await createUploader({ endpoint: ENDPOINT, fetch: server.fetch }).upload(file('big', 25), {
      concurrency: 3,
      retry: { baseDelay: 200, maxDelay: 1000 },
      onFileStateChange: ({ state, attempt }) => states.push({ state, attempt, at: Date.now() }),
    });
    expect(result?.status).toBe('done');
    expect(states.map(({ state }) => state)).toEqual([
      'uploading',
      'retrying',
      'retrying',
      'uploading',
      'completing',
      'done',
    ]);
    expect(states[1]?.attempt).toBe(2);
    // Back to uploading only once the longer wait is over, not when the first retried part starts.
    const [, firstRetry, , back] = states;
    expect((back?.at ?? 0) - (firstRetry?.at ?? 0)).toBeGreaterThanOrEqual(140);
  });
});

describe('progress during a stall', () => {
  it('is told each second while a request makes no progress: the rate falls and the ETA grows; it stops at the end', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const server = fakeServer(async (request) => {
      const part = new URL(request.url).searchParams.get('partNumber');
      await new Promise((resolve) => setTimeout(resolve, part === '2' ? 4500 : 150));
      return ok();
    });
    const seen: UploadProgress[] = [];
    const task = createUploader({ endpoint: ENDPOINT, fetch: server.fetch }).upload(file('big', 25), {
      concurrency: 1,
      onProgress: (progress) => seen.push(progress),
    });
    await vi.advanceTimersByTimeAsync(5000);
    const [result] = await task;
    expect(result?.status).toBe('done');
    const stalled = seen.filter((progress) => progress.bytesSent === 10);
    expect(stalled.length).toBeGreaterThanOrEqual(4);
    const rates = stalled.map((progress) => progress.rate);
    const etas = stalled.map((progress) => progress.eta ?? 0);
    expect(rates[0]).toBeGreaterThan(0);
    for (let i = 1; i < stalled.length; i++) {
      expect(rates[i]).toBeLessThan(rates[i - 1] ?? 0);
      expect(etas[i]).toBeGreaterThan(etas[i - 1] ?? 0);
    }
    const told = seen.length;
    await vi.advanceTimersByTimeAsync(3000);
    expect(seen.length, 'no progress after the end').toBe(told);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('is not told while paused, and no timer is left behind', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const server = fakeServer(hang);
    const seen: UploadProgress[] = [];
    const task = createUploader({ endpoint: ENDPOINT, fetch: server.fetch }).upload(file('a.txt', 5), {
      stallTimeout: 60_000,
      onProgress: (progress) => seen.push(progress),
    });
    await vi.advanceTimersByTimeAsync(2500);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    task.pause();
    const told = seen.length;
    await vi.advanceTimersByTimeAsync(5000);
    expect(seen.length).toBe(told);
    expect(vi.getTimerCount()).toBe(0);
    await task.cancel();
  });
});

/** XMLHttpRequest as a browser has it, for progress events; each request waits for the test to answer it. */
class FakeXhr {
  static all: FakeXhr[] = [];
  url = '';
  aborted = false;
  status = 0;
  responseText = '';
  etag: string | null = null;
  upload: { onprogress: ((event: { loaded: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor() {
    FakeXhr.all.push(this);
  }
  open(_method: string, url: string) {
    this.url = url;
  }
  setRequestHeader() {}
  getResponseHeader(name: string) {
    return name.toLowerCase() === 'etag' ? this.etag : null;
  }
  send() {}
  abort() {
    this.aborted = true;
  }
  answer(etag: string) {
    Object.assign(this, { status: 200, etag });
    this.onload?.();
  }
  static part(n: number) {
    return FakeXhr.all.find((xhr) => !xhr.aborted && !xhr.etag && xhr.url.includes(`partNumber=${n}&`));
  }
}

describe('pause', () => {
  it('drops the bytes of the requests it aborts from the counts, at once, and a late progress event cannot bring them back', async () => {
    FakeXhr.all = [];
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    const server = fakeServer(() => ok());
    const seen: UploadProgress[] = [];
    const task = createUploader({ endpoint: ENDPOINT, fetch: server.fetch }).upload(file('big', 25), {
      concurrency: 3,
      onProgress: (progress) => seen.push(progress),
    });
    await vi.waitFor(() => expect(FakeXhr.all).toHaveLength(3));
    FakeXhr.part(1)?.answer('"e1"');
    await vi.waitFor(() => expect(seen.at(-1)?.bytesSent).toBe(10));
    const second = FakeXhr.part(2) as FakeXhr;
    second.upload.onprogress?.({ loaded: 7 });
    expect(seen.at(-1)?.bytesSent).toBe(17);

    task.pause();
    expect(second.aborted).toBe(true);
    expect(seen.at(-1)).toMatchObject({
      bytesSent: 10,
      rate: 0,
      eta: undefined,
      files: [{ state: 'paused', bytesSent: 10 }],
    });
    second.upload.onprogress?.({ loaded: 9 });
    expect(seen.at(-1)?.bytesSent).toBe(10);

    task.resume();
    await vi.waitFor(() => expect(FakeXhr.part(3)).toBeDefined());
    await vi.waitFor(() => expect(FakeXhr.part(2)).toBeDefined());
    FakeXhr.part(2)?.answer('"e2"');
    FakeXhr.part(3)?.answer('"e3"');
    const [result] = await task;
    expect(result?.status).toBe('done');
    expect(JSON.parse(String(server.sosRequests('/uploads/complete')[0]?.body)).parts).toHaveLength(3);
  });
});
