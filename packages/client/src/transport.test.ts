// The browser path of sendToS3: XMLHttpRequest, for upload progress. Node has
// none, so a stand-in records what is done to it and plays the browser's events.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sendToS3 } from './transport';

class FakeXhr {
  static last: FakeXhr | undefined;
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown;
  aborted = false;
  status = 0;
  responseText = '';
  responseHeaders: Record<string, string> = {};
  upload: { onprogress: ((event: { loaded: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor() {
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  getResponseHeader(name: string) {
    return this.responseHeaders[name.toLowerCase()] ?? null;
  }
  send(body: unknown) {
    this.body = body;
  }
  abort() {
    this.aborted = true;
  }
  answer(status: number, headers: Record<string, string> = {}, text = '') {
    Object.assign(this, { status, responseHeaders: headers, responseText: text });
    this.onload?.();
  }
}

const request = {
  method: 'PUT' as const,
  url: 'https://lab.s3.test/k?X-Amz-Signature=secret',
  headers: { 'content-type': 'image/png', 'x-amz-meta-order': '7' },
  body: new Blob(['0123456789']),
  size: 10,
};
const neverFetch = (() => {
  throw new Error('fetch must not be used when XMLHttpRequest exists');
}) as unknown as typeof fetch;

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('sendToS3 through XMLHttpRequest', () => {
  it('sends the exact method, URL, headers and body, reports progress and reads ETag and status', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    const progress: number[] = [];
    const answer = sendToS3(request, neverFetch, new AbortController().signal, 30_000, (loaded) =>
      progress.push(loaded),
    );
    const xhr = FakeXhr.last as FakeXhr;
    expect([xhr.method, xhr.url, xhr.headers, xhr.body]).toEqual([
      request.method,
      request.url,
      request.headers,
      request.body,
    ]);
    xhr.upload.onprogress?.({ loaded: 4 });
    xhr.upload.onprogress?.({ loaded: 10 });
    xhr.answer(200, { etag: '"abc"' });
    expect(await answer).toEqual({ status: 200, etag: '"abc"', location: null, text: '' });
    expect(progress).toEqual([4, 10]);
  });

  it('aborts after stallTimeout without progress, with a TIMEOUT that names no signature', async () => {
    vi.useFakeTimers();
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    const answer = sendToS3(request, neverFetch, new AbortController().signal, 1000, () => {});
    const xhr = FakeXhr.last as FakeXhr;
    vi.advanceTimersByTime(900);
    xhr.upload.onprogress?.({ loaded: 1 });
    vi.advanceTimersByTime(900);
    expect(xhr.aborted).toBe(false);
    vi.advanceTimersByTime(200);
    expect(xhr.aborted).toBe(true);
    const error = await answer.catch((caught) => caught);
    expect(error).toMatchObject({ code: 'TIMEOUT', retryable: true, source: 'network' });
    expect(error.message).toContain('https://lab.s3.test/k');
    expect(error.message).not.toContain('secret');
  });

  it('answers ABORTED, not retryable, when the caller aborts, and NETWORK_ERROR when the browser reports one', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    const controller = new AbortController();
    const aborted = sendToS3(request, neverFetch, controller.signal, 30_000, () => {});
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: 'ABORTED', retryable: false });
    expect(FakeXhr.last?.aborted).toBe(true);

    const failed = sendToS3(request, neverFetch, new AbortController().signal, 30_000, () => {});
    FakeXhr.last?.onerror?.();
    const error = await failed.catch((caught) => caught);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', retryable: true });
    expect(error.message).not.toContain('secret');
  });
});

describe('sendToS3 through fetch', () => {
  it('is used where XMLHttpRequest does not exist, with no progress of its own', async () => {
    const fetchFn = vi.fn(async () => new Response(null, { status: 200, headers: { etag: '"e"' } }));
    const progress: number[] = [];
    const answer = await sendToS3(
      request,
      fetchFn as unknown as typeof fetch,
      new AbortController().signal,
      30_000,
      (loaded) => progress.push(loaded),
    );
    expect(answer).toMatchObject({ status: 200, etag: '"e"' });
    expect(fetchFn).toHaveBeenCalledWith(
      request.url,
      expect.objectContaining({ method: 'PUT', headers: request.headers, body: request.body }),
    );
    expect(progress).toEqual([]);
  });
});
