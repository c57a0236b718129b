import { formatBytes } from './bytes';
import { asUploadError, errorFromAnswer, isExpired, SosUploadError, withoutQuery } from './errors';
import { fingerprintOf, loadUpload, type SavedUpload, saveUpload, storeFor } from './persist';
import { createRateMeter, etaOf } from './progress';
import { backoffDelay, retrySettings } from './retry';
import { type S3Answer, type S3Request, sendToS3 } from './transport';
import type {
  FileState,
  TaskState,
  Uploader,
  UploaderOptions,
  UploadFile,
  UploadOptions,
  UploadResult,
  UploadTask,
} from './types';

/** URLs are renewed this long before they expire (a quarter of their life when that is shorter). */
const RENEW_MARGIN = 30_000;
/** Renewals in a row for one request before an expired answer counts as a failure (a server with a wrong clock). */
const MAX_RENEWALS = 2;
/** Answers that mean a saved upload is gone at the server: the file starts over. */
const START_OVER = /^(INVALID_TICKET|TICKET_EXPIRED|NO_SUCH_UPLOAD|NoSuchUpload)$/;
/** How often progress is told while requests are in flight, moving or not, so that a stall shows in the rate. */
const TICK = 1000;

/** The browser's view of the network: `navigator.onLine` and the `online` event, where they exist. */
type NetworkScope = {
  navigator?: { onLine?: boolean };
  addEventListener?: (type: 'online', listener: () => void) => void;
  removeEventListener?: (type: 'online', listener: () => void) => void;
};

/** One instruction of `POST /uploads` or `POST /uploads/renew`. */
interface Instruction {
  method: 'PUT' | 'POST' | 'MULTIPART';
  bucket: string;
  key: string;
  url?: string;
  headers?: Record<string, string>;
  fields?: Record<string, string>;
  uploadId?: string;
  partSize?: number;
  parts?: { partNumber: number; url: string; headers?: Record<string, string>; start: number; end: number }[];
  expiresAt: string;
  ticket?: string;
}

/** A signed request for one part (partNumber 0: the whole file), and until when to trust it. */
interface Target {
  url: string;
  headers?: Record<string, string>;
  fields?: Record<string, string>;
  start: number;
  end: number;
  deadline: number;
  generation: number;
}

interface Job {
  file: UploadFile;
  index: number;
  size: number;
  id: string;
  state: FileState['state'];
  up?: Instruction;
  ticket?: string;
  /** Bytes of finished parts. */
  sent: number;
  /** Bytes sent so far by each request in flight. */
  loading: Map<number, number>;
  targets: Map<number, Target>;
  /** The ETag of every finished part; 0 for a single upload. */
  etags: Map<number, string>;
  generation: number;
  renewing?: Promise<void> | undefined;
  /** What a saved upload had done; `false` once it turned out to be gone and the file started over. */
  resumed?: Resumed | false;
  /** Requests of this file waiting to be tried again, and waiting for the network. */
  retrying: number;
  offline: number;
  failed?: SosUploadError;
  location?: string | undefined;
  sha256?: string;
  sha256Base64?: string;
  result?: UploadResult;
}

type Json = Record<string, unknown>;
type Resumed = NonNullable<FileState['resumed']>;
const noop = (): void => {};
const invalid = (message: string): SosUploadError => new SosUploadError('INVALID_RESPONSE', message, { source: 'sos' });

/**
 * An uploader for one sos server: `upload()` asks it where each file goes,
 * then sends the files straight to S3, in parts when the server says so.
 *
 * @example
 * const uploader = createUploader({ endpoint: '/api/upload' });
 * const task = uploader.upload(input.files, { onProgress: (p) => render(p.bytesSent / p.bytesTotal) });
 * for (const result of await task) if (result.status === 'failed') console.warn(result.error.code, result.error.hint);
 */
export function createUploader(options: UploaderOptions): Uploader {
  const endpoint = options.endpoint.replace(/\/+$/, '');
  return {
    upload: (files, uploadOptions = {}) =>
      startTask(endpoint, options, ([] as UploadFile[]).concat(files), uploadOptions),
  };
}

function startTask(endpoint: string, client: UploaderOptions, files: UploadFile[], options: UploadOptions): UploadTask {
  const { headers, credentials = 'same-origin' } = client;
  const fetchFn: typeof fetch = client.fetch ?? ((input, init) => fetch(input, init));
  const { concurrency = 4, stallTimeout = 30_000, onProgress, onRetry, onFileStateChange, signal } = options;
  const retry = retrySettings(options.retry);
  const store = storeFor(options.persist);
  const meter = createRateMeter();
  const stop = new AbortController();
  const inflight = new Map<AbortController, Job>();
  const queue: (() => void)[] = [];
  let free = Math.max(1, concurrency);
  let waiters: (() => void)[] = [];
  let state: TaskState = 'uploading';
  let ticker: ReturnType<typeof setInterval> | undefined;

  const jobs: Job[] = files.map((file, index) => ({
    file,
    index,
    size: file.size,
    id: fingerprintOf(endpoint, file),
    state: 'queued',
    sent: 0,
    loading: new Map(),
    targets: new Map(),
    etags: new Map(),
    generation: 0,
    retrying: 0,
    offline: 0,
  }));

  const emit = (): void => {
    if (!onProgress) return;
    let bytesSent = 0;
    let bytesTotal = 0;
    const list = jobs.map((job) => {
      let sent = job.sent;
      for (const loaded of job.loading.values()) sent += loaded;
      bytesSent += sent;
      bytesTotal += job.size;
      return { ...about(job), bytesSent: sent, bytesTotal: job.size };
    });
    const rate = state === 'paused' ? 0 : meter.sample(bytesSent);
    const eta = state === 'paused' ? undefined : etaOf(bytesTotal - bytesSent, rate);
    onProgress({ files: list, bytesSent, bytesTotal, rate, eta });
  };
  /** What every report of a file says: which file, its state, and what a saved upload had done. */
  const about = ({ file, index, state, resumed }: Job) => ({ file, index, state, ...(resumed && { resumed }) });
  /** Tells a file's new state; with `extra`, even an empty one, also when the state stays the same. */
  const setState = (job: Job, next: FileState['state'], extra?: Partial<FileState>): void => {
    if (job.state === next && !extra) return;
    job.state = next;
    onFileStateChange?.({ ...about(job), ...extra });
    emit();
  };
  /**
   * The state of a file that is being sent: `offline` while one of its
   * requests waits for the network, else `retrying` while one waits to be
   * tried again, else `uploading`. `extra` goes with it only when it is the
   * state `kind` leads to.
   */
  const busy = (job: Job, kind?: FileState['state'], extra?: Partial<FileState>): void => {
    const next = job.offline ? 'offline' : job.retrying ? 'retrying' : 'uploading';
    if (state === 'uploading' && !job.failed && !job.result) setState(job, next, kind === next ? extra : undefined);
  };
  /** Counts a request of `job` as waiting (`retrying` or `offline`) until `wait` ends. */
  const hold = async (
    job: Job,
    kind: 'retrying' | 'offline',
    wait: Promise<void>,
    extra: Partial<FileState>,
  ): Promise<void> => {
    job[kind]++;
    busy(job, kind, extra);
    await wait;
    job[kind]--;
    busy(job);
  };
  const finish = (job: Job, result: UploadResult): void => {
    job.result = result;
    setState(job, result.status, result.status === 'failed' ? { error: result.error } : undefined);
  };

  const wake = (): void => {
    const woken = waiters;
    waiters = [];
    for (const resolve of woken) resolve();
  };
  /** Waits `ms`, or less when the task is paused, resumed or cancelled. */
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  /**
   * Whether `error` is a request that got no answer while the browser says it
   * is offline: then the request waits for the network, and the attempt is not
   * counted. A cancelled task does not wait (its abort calls should end).
   */
  const isOffline = (error: SosUploadError): boolean => {
    const scope = globalThis as NetworkScope;
    return (
      state !== 'cancelled' &&
      error.source === 'network' &&
      error.retryable &&
      scope.navigator?.onLine === false &&
      !!scope.addEventListener
    );
  };
  /** Waits for the browser's `online` event, or until the task is paused, resumed or cancelled. */
  const online = (): Promise<void> =>
    new Promise((resolve) => {
      const scope = globalThis as NetworkScope;
      // Back online while the request waited for its place or for a resume: no event is coming.
      if (scope.navigator?.onLine !== false) return resolve();
      const back = (): void => {
        scope.removeEventListener?.('online', back);
        resolve();
      };
      scope.addEventListener?.('online', back);
      waiters.push(back);
    });
  /** Stops the periodic progress. */
  const quiet = (): void => {
    clearInterval(ticker);
    ticker = undefined;
  };
  /** Waits while paused; throws once cancelled. */
  const gate = async (): Promise<void> => {
    while (state === 'paused') await new Promise<void>((resolve) => waiters.push(resolve));
    if (state === 'cancelled') throw new SosUploadError('ABORTED', 'The upload was cancelled.', { source: 'network' });
  };
  /** One of `concurrency` places for a request to S3; call the answer to give it back. */
  const slot = async (): Promise<() => void> => {
    if (free > 0) free--;
    else await new Promise<void>((resolve) => queue.push(resolve));
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      const next = queue.shift();
      if (next) next();
      else free++;
    };
  };
  const abortRequests = (of?: Job): void => {
    for (const [controller, job] of inflight) if (!of || job === of) controller.abort();
  };

  /** A POST to the sos server, retried like any request; `cancellable` ones stop with the task. */
  const call = async (
    path: string,
    body: Json,
    cancellable?: boolean,
  ): Promise<{ answer: Json; serverNow: number }> => {
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await fetchFn(endpoint + path, {
          method: 'POST',
          headers: {
            ...(typeof headers === 'function' ? await headers() : headers),
            'content-type': 'application/json',
          },
          body: JSON.stringify(body),
          credentials,
          ...(cancellable && { signal: stop.signal }),
        });
        const text = await response.text();
        if (!response.ok) throw errorFromAnswer(response.status, text, 'sos');
        let answer: Json;
        try {
          answer = JSON.parse(text);
        } catch {
          throw invalid(`${withoutQuery(endpoint + path)} did not answer JSON.`);
        }
        // The server's clock dates the URLs' expiry; ours may be off.
        return { answer, serverNow: Date.parse(response.headers.get('date') ?? '') || Date.now() };
      } catch (caught) {
        const error = asUploadError(caught, endpoint + path);
        const offline = isOffline(error);
        if (cancellable) await gate();
        if (offline) {
          attempt--;
          await online();
        } else if (!error.retryable || attempt >= retry.attempts) throw error;
        else await sleep(backoffDelay(attempt, retry));
        // A pause ends the wait early: what waited goes on only once resumed.
        if (cancellable) await gate();
      }
    }
  };

  const apply = (job: Job, up: Instruction | undefined, serverNow: number): void => {
    if (!up || !/^(PUT|POST|MULTIPART)$/.test(up.method)) throw invalid('The upload server answered no instruction.');
    job.up = up;
    job.ticket = up.ticket ?? job.ticket;
    const life = Date.parse(up.expiresAt) - serverNow;
    const deadline = Date.now() + life - Math.min(RENEW_MARGIN, life / 4);
    const generation = ++job.generation;
    for (const part of up.parts ?? [{ ...up, url: up.url ?? '', partNumber: 0, start: 0, end: job.size }]) {
      job.targets.set(part.partNumber, { ...part, deadline, generation });
    }
  };
  const sign = async (batch: Job[]): Promise<void> => {
    const { answer, serverNow } = await call(
      '/uploads',
      {
        files: batch.map(({ file, sha256Base64 }) => ({
          name: file.name,
          size: file.size,
          type: file.type || undefined,
          checksumSha256: sha256Base64,
        })),
        metadata: options.metadata,
      },
      true,
    );
    for (const [index, job] of batch.entries())
      apply(job, (answer.uploads as Instruction[] | undefined)?.[index], serverNow);
  };
  const partCount = (job: Job): number => Math.max(1, Math.ceil(job.size / (job.up?.partSize ?? job.size)));
  const missingParts = (job: Job): number[] => {
    const missing: number[] = [];
    for (let n = 1; n <= partCount(job); n++) if (!job.etags.has(n)) missing.push(n);
    return missing;
  };
  /** New URLs for what is left of `job`, once for all the requests that found theirs expired. */
  const renew = (job: Job, generation: number): Promise<void> | undefined => {
    if (job.generation > generation) return;
    job.renewing ??= call(
      '/uploads/renew',
      { ticket: job.ticket, partNumbers: job.up?.method === 'MULTIPART' ? missingParts(job) : undefined },
      true,
    )
      .then(({ answer, serverNow }) => apply(job, answer as unknown as Instruction, serverNow))
      .finally(() => {
        job.renewing = undefined;
      });
    return job.renewing;
  };
  const save = (job: Job, keep = true): Promise<void> | undefined => {
    const up = job.up;
    if (!store || up?.method !== 'MULTIPART') return;
    const saved: SavedUpload | undefined = keep
      ? {
          ticket: job.ticket ?? '',
          bucket: up.bucket,
          key: up.key,
          uploadId: up.uploadId ?? '',
          partSize: up.partSize ?? 0,
          etags: [...job.etags],
        }
      : undefined;
    return saveUpload(store, job.id, saved);
  };
  const resumeFrom = (job: Job, saved: SavedUpload | undefined): void => {
    if (!saved) return;
    const { ticket, bucket, key, uploadId, partSize } = saved;
    job.ticket = ticket;
    job.up = { method: 'MULTIPART', bucket, key, uploadId, partSize, expiresAt: '' };
    for (const [n, etag] of saved.etags) {
      job.etags.set(n, etag);
      job.sent += Math.max(0, Math.min(partSize, job.size - (n - 1) * partSize));
    }
    job.resumed = { partsDone: job.etags.size, partCount: partCount(job) };
    // Told at once, so that a page can say so before the first part goes.
    setState(job, 'queued', {});
  };

  const requestFor = (job: Job, n: number, target: Target): S3Request => {
    const { url, headers = {}, fields, start, end } = target;
    if (!fields)
      return { method: 'PUT', url, headers, body: n ? job.file.slice(start, end) : job.file, size: end - start };
    const form = new FormData();
    for (const name in fields) form.append(name, fields[name] as string);
    form.append('file', job.file);
    return { method: 'POST', url, headers: {}, body: form, size: job.size };
  };

  /** Sends part `n` of `job` (0: the whole file) until it is stored, retrying and renewing as needed. */
  const transfer = async (job: Job, n: number): Promise<S3Answer> => {
    let attempt = 1;
    let renewals = 0;
    let stale = false;
    for (;;) {
      await gate();
      if (job.failed) throw job.failed;
      let target = job.targets.get(n) as Target;
      if ((stale || Date.now() > target.deadline) && renewals < MAX_RENEWALS) {
        renewals++;
        await renew(job, target.generation);
        target = job.targets.get(n) as Target;
      }
      stale = false;
      const release = await slot();
      // The wait for a place may have been long: another part may have renewed the URLs meanwhile, or they expired.
      target = job.targets.get(n) as Target;
      if (state !== 'uploading' || job.failed || (Date.now() > target.deadline && renewals < MAX_RENEWALS)) {
        release();
        continue;
      }
      const controller = new AbortController();
      inflight.set(controller, job);
      ticker ??= setInterval(() => inflight.size && emit(), TICK);
      busy(job);
      let error: SosUploadError | undefined;
      let answer: S3Answer | undefined;
      try {
        answer = await sendToS3(requestFor(job, n, target), fetchFn, controller.signal, stallTimeout, (loaded) => {
          // Bytes of a request that pause() aborted are dropped already; a late event must not bring them back.
          if (controller.signal.aborted) return;
          job.loading.set(n, loaded);
          emit();
        });
        if (answer.status >= 300) error = errorFromAnswer(answer.status, answer.text, 's3');
        else if (n && !answer.etag) {
          error = new SosUploadError('INVALID_RESPONSE', `S3 stored part ${n} but its ETag header could not be read.`, {
            source: 's3',
            hint: 'Add ETag to ExposeHeaders in the bucket’s CORS rule.',
          });
        }
      } catch (caught) {
        error = asUploadError(caught, target.url);
      }
      inflight.delete(controller);
      job.loading.delete(n);
      if (!error) {
        job.etags.set(n, answer?.etag ?? '');
        job.sent += target.end - target.start;
        await save(job);
        // Told before the place is given back, so that a pause() from onProgress comes before the next part starts.
        emit();
        release();
        return answer as S3Answer;
      }
      // Stopped by pause(), cancel() or a sibling part's failure: not a failure of this request.
      const stopped = error.code === 'ABORTED';
      const renewing = isExpired(error) && renewals < MAX_RENEWALS;
      const offline = !stopped && isOffline(error);
      error.file = { name: job.file.name, size: job.size };
      if (n) error.partNumber = n;
      // Marked before the place is given back, so that no other part of this file starts.
      if (!stopped && !renewing && !offline && (!error.retryable || attempt >= retry.attempts)) job.failed ??= error;
      release();
      await gate();
      if (job.failed) throw job.failed;
      if (stopped) {
        renewals = 0;
        continue;
      }
      if (renewing) {
        stale = true;
        continue;
      }
      renewals = 0;
      if (offline) {
        // Not an attempt: the request goes again as soon as the browser is back online.
        await hold(job, 'offline', online(), { error });
        continue;
      }
      const delay = backoffDelay(attempt++, retry);
      onRetry?.({ file: job.file, ...(n && { partNumber: n }), attempt, attempts: retry.attempts, delay, error });
      await hold(job, 'retrying', sleep(delay), { attempt, attempts: retry.attempts, error });
    }
  };

  const hash = async (job: Job): Promise<void> => {
    setState(job, 'hashing');
    try {
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await job.file.arrayBuffer()));
      job.sha256 = Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
      job.sha256Base64 = btoa(String.fromCharCode(...digest));
      setState(job, 'queued');
    } catch {
      finish(job, {
        status: 'failed',
        file: job.file,
        error: new SosUploadError('READ_ERROR', `${job.file.name} could not be read to compute its SHA-256.`, {
          source: 'network',
          hint: 'Pick the file again; hashing reads it whole into memory.',
        }),
      });
    }
  };
  /** Hashes the files when asked, then signs, in one request, those no saved upload covers. */
  const prepare = async (): Promise<unknown> => {
    try {
      if (store) for (const job of jobs) resumeFrom(job, await loadUpload(store, job.id));
      if (options.checksum) {
        for (const job of jobs) {
          await gate();
          await hash(job);
        }
      }
      const fresh = jobs.filter((job) => !job.up && !job.result);
      if (fresh.length) await sign(fresh);
    } catch (error) {
      return error;
    }
  };

  const runFile = async (job: Job, failure: unknown): Promise<void> => {
    for (;;) {
      if (job.result) return;
      try {
        if (!job.up) {
          // A fresh file whose signing failed; or one whose saved upload was gone, signed again on its own.
          if (job.resumed === undefined) throw failure;
          await sign([job]);
        }
        const up = job.up as Instruction;
        let done: Json;
        if (up.method === 'MULTIPART') {
          const parts = missingParts(job);
          if (job.resumed && parts.length) await renew(job, job.generation);
          await Promise.all(
            parts.map((n) =>
              transfer(job, n).catch((error: SosUploadError) => {
                // One part failed for good: the others stop too.
                job.failed ??= error;
                abortRequests(job);
                throw error;
              }),
            ),
          );
          setState(job, 'completing');
          const etags = [...job.etags].filter(([n]) => n).sort((a, b) => a[0] - b[0]);
          done = (
            await call('/uploads/complete', {
              ticket: job.ticket,
              parts: etags.map(([partNumber, etag]) => ({ partNumber, etag })),
            })
          ).answer;
          await save(job, false);
        } else {
          const answer = await transfer(job, 0);
          done = {
            bucket: up.bucket,
            key: up.key,
            location: answer.location ?? (up.method === 'PUT' ? withoutQuery(up.url ?? '') : undefined),
            etag: answer.etag ?? undefined,
          };
        }
        return finish(job, {
          status: 'done',
          file: job.file,
          ...(done as { bucket: string; key: string }),
          ...(job.sha256 && { sha256: job.sha256 }),
        });
      } catch (caught) {
        if (state === 'cancelled') return;
        const error = asUploadError(caught);
        if (job.resumed && job.up && START_OVER.test(error.code)) {
          // The saved upload is gone at the server (expired, aborted, completed): this file starts over.
          await save(job, false);
          Object.assign(job, { up: undefined, ticket: undefined, sent: 0, failed: undefined, resumed: false });
          job.etags.clear();
          job.targets.clear();
          // Told without `resumed`: the page learns the file is signed again from its first byte.
          setState(job, 'queued', {});
          continue;
        }
        // Without a store nothing can resume these parts: abandon them rather than leave them in the bucket.
        if (!store && job.up?.method === 'MULTIPART' && job.ticket)
          await call('/uploads/abort', { ticket: job.ticket }).catch(noop);
        return finish(job, { status: 'failed', file: job.file, error });
      }
    }
  };

  /** The honest result of a cancelled file: what was deleted, or what stays and until when. */
  const abandon = async (job: Job): Promise<UploadResult> => {
    const { file, up, ticket, sent } = job;
    const cancelled = { status: 'cancelled', file, ...(up && { key: up.key }) } as const;
    const nothing = { ...cancelled, aborted: true, note: 'Nothing was stored in the bucket.' };
    await save(job, false);
    if (up?.method !== 'MULTIPART' || !ticket) return nothing;
    const mb = formatBytes(sent);
    // What stays when the upload is not abandoned: the parts sent, or an upload without parts.
    const kept = sent
      ? `The ${mb} already sent stay in the bucket`
      : 'The started upload, without parts, stays in the bucket';
    const them = sent ? 'them' : 'it';
    let why: string;
    try {
      const { answer } = await call('/uploads/abort', { ticket });
      if (answer.aborted)
        return sent ? { ...nothing, note: `The ${mb} already sent were deleted from the bucket.` } : nothing;
      const days = answer.abortIncompleteAfterDays;
      if (typeof days === 'number') {
        return {
          ...cancelled,
          aborted: false,
          abortIncompleteAfterDays: days,
          note: `${kept} until its lifecycle rule removes ${them}, ${days} day${days === 1 ? '' : 's'} after the upload began.`,
        };
      }
      why = String(answer.code ?? 'no reason given');
    } catch (error) {
      why = asUploadError(error).code;
    }
    return {
      ...cancelled,
      aborted: false,
      note: `${kept}: the upload could not be abandoned (${why}). A lifecycle rule removes ${them}, if the bucket has one.`,
    };
  };

  const onAbort = (): void => void task.cancel();
  const run = async (): Promise<UploadResult[]> => {
    const failure = await prepare();
    await Promise.all(jobs.map((job) => runFile(job, failure)));
    if (state === 'cancelled') {
      await Promise.all(jobs.map(async (job) => job.result ?? finish(job, await abandon(job))));
    } else state = jobs.some((job) => job.result?.status === 'failed') ? 'failed' : 'done';
    signal?.removeEventListener('abort', onAbort);
    quiet();
    emit();
    return jobs.map((job) => job.result as UploadResult);
  };

  const results = run();
  // The task is the results' promise itself, with the controls added: `await task` gives the results.
  const task: UploadTask = Object.defineProperty(
    Object.assign(results, {
      state,
      pause() {
        if (state !== 'uploading') return;
        state = 'paused';
        quiet();
        abortRequests();
        // What the aborted requests had sent is sent again on resume: the counts keep only finished parts.
        for (const job of jobs) job.loading.clear();
        // Waits for a retry or for the network end: what waited goes on once resumed.
        wake();
        for (const job of jobs) if (/^(uploading|retrying|offline)$/.test(job.state)) setState(job, 'paused');
        emit();
      },
      resume() {
        if (state !== 'paused') return;
        state = 'uploading';
        meter.reset();
        for (const job of jobs) if (job.state === 'paused') busy(job);
        wake();
      },
      cancel() {
        if (state === 'uploading' || state === 'paused') {
          state = 'cancelled';
          quiet();
          stop.abort();
          abortRequests();
          wake();
        }
        return results;
      },
    }),
    'state',
    { get: () => state },
  );
  signal?.addEventListener('abort', onAbort);
  if (signal?.aborted) task.cancel();
  return task;
}
