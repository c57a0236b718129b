import { asUploadError, SosUploadError, withoutQuery } from './errors';

/** One request to S3, exactly as the instruction says. */
export interface S3Request {
  method: 'PUT' | 'POST';
  url: string;
  headers: Record<string, string>;
  body: Blob | FormData;
  /** Bytes in the body: a stall without progress events is judged against it. */
  size: number;
}

/** What S3 answered. */
export interface S3Answer {
  status: number;
  etag: string | null;
  location: string | null;
  text: string;
}

/** The part of XMLHttpRequest used here, so the package also type-checks without the DOM library. */
interface Xhr {
  status: number;
  responseText: string;
  upload: { onprogress: ((event: { loaded: number }) => void) | null };
  onload: (() => void) | null;
  onerror: (() => void) | null;
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  getResponseHeader(name: string): string | null;
  send(body: Blob | FormData): void;
  abort(): void;
}

/**
 * Without upload progress (fetch), a request is stalled once it has taken
 * `stallTimeout` plus the time its bytes need at this rate, in bytes per second.
 */
const SLOWEST_RATE = 64 * 1024;

/**
 * Sends one request to S3: through XMLHttpRequest where it exists, for
 * progress events, else through `fetchFn` (no progress until it is done). Rejects with `TIMEOUT` after
 * `stallTimeout` ms without progress, `ABORTED` when `signal` aborts, and
 * `NETWORK_ERROR` when no answer comes.
 */
export function sendToS3(
  request: S3Request,
  fetchFn: typeof fetch,
  signal: AbortSignal,
  stallTimeout: number,
  onProgress: (loaded: number) => void,
): Promise<S3Answer> {
  return new Promise((resolve, reject) => {
    const { method, url, headers, body, size } = request;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const settle = (error?: SosUploadError, answer?: S3Answer): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      if (error) {
        controller.abort();
        reject(error);
      } else resolve(answer as S3Answer);
    };
    const fail = (code: string, message: string, retryable: boolean) => () =>
      settle(new SosUploadError(code, message, { source: 'network', retryable }));
    const onAbort = fail('ABORTED', 'The request was stopped.', false);
    const arm = (ms: number): void => {
      clearTimeout(timer);
      timer = setTimeout(fail('TIMEOUT', `No progress for ${ms / 1000} s from ${withoutQuery(url)}.`, true), ms);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort);

    const Xhr = (globalThis as { XMLHttpRequest?: new () => Xhr }).XMLHttpRequest;
    if (Xhr) {
      const xhr = new Xhr();
      xhr.open(method, url);
      for (const name in headers) xhr.setRequestHeader(name, headers[name] as string);
      xhr.upload.onprogress = (event) => {
        arm(stallTimeout);
        onProgress(event.loaded);
      };
      xhr.onload = () =>
        settle(undefined, {
          status: xhr.status,
          etag: xhr.getResponseHeader('etag'),
          location: xhr.getResponseHeader('location'),
          text: xhr.responseText,
        });
      xhr.onerror = () => settle(asUploadError(undefined, url));
      controller.signal.onabort = () => xhr.abort();
      arm(stallTimeout);
      xhr.send(body);
    } else {
      arm(stallTimeout + (size / SLOWEST_RATE) * 1000);
      fetchFn(url, { method, headers, body, signal: controller.signal }).then(
        async (response) => {
          const text = await response.text();
          settle(undefined, {
            status: response.status,
            etag: response.headers.get('etag'),
            location: response.headers.get('location'),
            text,
          });
        },
        (error: unknown) => settle(asUploadError(error, url)),
      );
    }
  });
}
