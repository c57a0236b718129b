import {
  BasePlugin,
  type Body,
  type DefinePluginOpts,
  EventManager,
  type Meta,
  type PluginOpts,
  type Uppy,
  type UppyFile,
} from '@uppy/core';
import {
  createUploader,
  isSosUploadError,
  type RetryInfo,
  type RetryOptions,
  type ServerHeaders,
  SosUploadError,
  type StateStore,
  type Uploader,
  type UploadFile,
  type UploadProgress,
  type UploadResult,
  type UploadTask,
} from '../index';
import { metadataFromMeta } from './file-metadata';
import { forUppy } from './uppy-error';

/** Options of the {@link SosUpload} plugin. */
export interface SosUploadOptions<M extends Meta, B extends Body> extends PluginOpts {
  /** Where the sos handler is mounted, e.g. `/api/upload`; an absolute URL in Node. */
  endpoint: string;
  /** Sent to the sos server only (a CSRF token, an auth header), never to S3: a record, or a function called before each call. */
  headers?: ServerHeaders;
  /**
   * Cookies for calls to the sos server.
   * @default 'same-origin'
   */
  credentials?: RequestCredentials;
  /**
   * The `fetch` for calls to the sos server, and for S3 where `XMLHttpRequest` does not exist (Node).
   * @default globalThis.fetch
   */
  fetch?: typeof fetch;
  /**
   * Files uploading at once; `0` for no limit. With `concurrency`, at most
   * `limit × concurrency` requests go to S3 at once: 6 by default, the most a
   * browser opens to one host over HTTP/1.1, which S3 speaks.
   * @default 3
   */
  limit?: number;
  /**
   * Requests in flight at once for one file (its parts).
   * @default 2
   */
  concurrency?: number;
  /**
   * Retries of network errors, stalls, 5xx, 429 and S3 throttling; `false` for none.
   * @default { attempts: 5, baseDelay: 500, maxDelay: 20000 }
   */
  retry?: RetryOptions | false;
  /**
   * Milliseconds without progress after which a request is aborted and retried.
   * @default 30000
   */
  stallTimeout?: number;
  /** `'sha256'`: hash each file first; a single PUT then carries the signed checksum. */
  checksum?: 'sha256';
  /**
   * Remember uploads in parts across page loads (`true`: `localStorage`), so
   * that adding the same file again sends only the missing parts. Without it,
   * a retry in Uppy still sends only the missing parts while the page lives.
   * @default false
   */
  persist?: boolean | StateStore;
  /**
   * The metadata sent to `POST /uploads`. Without it, the fields of Uppy's
   * `file.meta` that `allowedMetaFields` names are sent, as strings.
   */
  metadata?: Record<string, string> | ((file: UppyFile<M, B>) => Record<string, string>);
  /**
   * Which fields of `file.meta` become metadata when `metadata` is not set; `true` for all.
   * The server keeps only those its `allowedMetadata` allows.
   * @default true
   */
  allowedMetaFields?: boolean | string[];
}

/** What `upload-success` carries in `response.body`. */
export interface SosUploadBody extends Body {
  bucket: string;
  key: string;
  location?: string;
  etag?: string;
  /** The file's SHA-256, hex, with `checksum: 'sha256'`. */
  sha256?: string;
}

/** What `sos:retry` carries: a request failed and is tried again after `delay` ms. */
export type SosRetryEvent = Omit<RetryInfo, 'file'>;

/** What `sos:cancelled` carries: the engine's account of a cancelled upload. */
export interface SosCancelledEvent {
  key?: string;
  /** `true` when nothing stays in the bucket. */
  aborted: boolean;
  /** When parts stay: the days after which the bucket's lifecycle rule removes them. */
  abortIncompleteAfterDays?: number;
  /** Where the bytes already sent went, for people. */
  note: string;
}

declare module '@uppy/core' {
  export interface UppyEventMap<M extends Meta, B extends Body> {
    /** A request of `file`'s upload failed and is tried again. */
    'sos:retry': (file: UppyFile<M, B>, retry: SosRetryEvent) => void;
    /** `file`'s upload was cancelled (removed, or cancel-all) after it had started. */
    'sos:cancelled': (file: UppyFile<M, B>, cancelled: SosCancelledEvent) => void;
  }
  export interface PluginTypeRegistry<M extends Meta, B extends Body> {
    SosUpload: SosUpload<M, B>;
  }
}

const defaultOptions = { limit: 3, concurrency: 2, allowedMetaFields: true } satisfies Partial<
  SosUploadOptions<Meta, Body>
>;

type Opts<M extends Meta, B extends Body> = DefinePluginOpts<SosUploadOptions<M, B>, keyof typeof defaultOptions>;

/** One file's upload while it runs: the file as the engine takes it, its task once it has a slot, whether it was cancelled. */
interface RunningUpload {
  named: UploadFile;
  task?: UploadTask;
  cancelled: boolean;
  finished?: Promise<void>;
}

/** A slot limiter: at most `limit` calls of `run` at once, the others wait in order. */
function limitTo(limit: number): <T>(work: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (work) => {
    if (running < limit) running++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await work();
    } finally {
      // The slot passes straight to the next in line, so `running` stays put.
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

/** Uppy keeps a file's type and name in `meta`, where the user may have changed them. */
function nameOf(file: UppyFile<Meta, Body>): string {
  return typeof file.meta.name === 'string' && file.meta.name !== '' ? file.meta.name : file.name;
}

/**
 * Uppy's uploader for sos: each file goes to `POST {endpoint}/uploads` with
 * its name, size and type, then straight to the tenant's bucket in one signed
 * PUT or in signed parts, through `@sos/client`. Uploads pause and resume
 * (finished parts keep their ETags: none is listed at S3 or sent again),
 * retry with backoff, and cancel honestly: `sos:cancelled` says whether the
 * parts were aborted or left to the bucket's lifecycle rule.
 *
 * Events, besides Uppy's own (`upload-start`, `upload-progress`,
 * `upload-success` with `{ bucket, key, location }` as body, `upload-error`
 * whose message is sos's message and hint): `sos:retry` and `sos:cancelled`.
 *
 * @example
 * const uppy = new Uppy().use(SosUpload, { endpoint: '/api/upload', headers: { 'x-csrf-token': token } });
 * uppy.on('sos:cancelled', (file, { aborted, note }) => console.info(file.name, note));
 */
export class SosUpload<M extends Meta, B extends Body> extends BasePlugin<Opts<M, B>, M, B> {
  readonly #running = new Map<string, RunningUpload>();
  /** Files whose last upload failed, as the engine took them: removing one abandons what it left. */
  readonly #failed = new Map<string, UploadFile>();
  /** Per Uppy file: the engine's saved parts, so that Uppy's retry sends only the missing ones. */
  readonly #retryStates = new Map<string, Map<string, string>>();
  /** The named file handed to the engine, per Uppy file data: the same on a retry, so it is recognised. */
  readonly #namedFiles = new WeakMap<Blob, UploadFile>();
  #slot: <T>(work: () => Promise<T>) => Promise<T>;

  constructor(uppy: Uppy<M, B>, opts: SosUploadOptions<M, B>) {
    super(uppy, { ...defaultOptions, ...opts });
    this.type = 'uploader';
    this.id = this.opts.id ?? 'SosUpload';
    if (typeof this.opts.endpoint !== 'string' || this.opts.endpoint === '') {
      throw new TypeError('SosUpload needs `endpoint`: where the sos handler is mounted, e.g. /api/upload.');
    }
    this.#slot = limitTo(this.opts.limit > 0 ? this.opts.limit : Number.POSITIVE_INFINITY);
  }

  override install(): void {
    this.#setResumable(true);
    this.uppy.addUploader(this.#upload);
    this.uppy.on('file-removed', this.#abandonFailed);
  }

  override uninstall(): void {
    this.#setResumable(false);
    this.uppy.removeUploader(this.#upload);
    this.uppy.off('file-removed', this.#abandonFailed);
    for (const [fileID, running] of this.#running) this.#cancel(fileID, running);
  }

  #setResumable(value: boolean): void {
    const { capabilities } = this.uppy.getState();
    this.uppy.setState({ capabilities: { ...capabilities, resumableUploads: value } });
  }

  #upload = async (fileIDs: string[]): Promise<void> => {
    if (fileIDs.length === 0) return;
    // As Uppy's own uploaders do: no file that failed (until retried) or is done, and
    // no second `upload-start` for a file restored after it had started.
    const files = this.uppy.getFilesByIds(fileIDs).filter((file) => !file.error && !file.progress.uploadComplete);
    this.uppy.emit(
      'upload-start',
      files.filter((file) => !file.progress.uploadStarted || !file.isRestored),
    );
    await Promise.allSettled(files.map((file) => this.#uploadFile(file)));
  };

  async #uploadFile(file: UppyFile<M, B>): Promise<void> {
    const running = this.#running.get(file.id);
    if (running) {
      // Uppy's retry of a file still in hand (paused): it goes on, and this call waits for it.
      if (!this.uppy.getFile(file.id)?.isPaused) running.task?.resume();
      return running.finished;
    }
    if (file.isRemote) {
      const error = new SosUploadError('REMOTE_FILE_UNSUPPORTED', `${nameOf(file)} is on a remote service.`, {
        source: 'network',
        hint: 'SosUpload sends files from this device: download the file, then add it.',
      });
      this.uppy.emit('upload-error', file, forUppy(error));
      return;
    }
    if (file.data == null) {
      const error = new SosUploadError('READ_ERROR', `The content of ${nameOf(file)} is not available any more.`, {
        source: 'network',
        hint: 'Add the file again.',
      });
      this.uppy.emit('upload-error', file, forUppy(error));
      return;
    }
    this.#failed.delete(file.id);
    const upload: RunningUpload = { named: this.#namedFile(file, file.data), cancelled: false };
    upload.finished = this.#run(file, upload).finally(() => this.#running.delete(file.id));
    this.#running.set(file.id, upload);
    return upload.finished;
  }

  async #run(file: UppyFile<M, B>, upload: RunningUpload): Promise<void> {
    const events = new EventManager(this.uppy);
    const resumeUnlessPaused = (): void => {
      if (!this.uppy.getFile(file.id)?.isPaused) upload.task?.resume();
    };
    events.onFileRemove(file.id, () => this.#cancel(file.id, upload));
    events.onCancelAll(file.id, () => this.#cancel(file.id, upload));
    events.onFilePause(file.id, (isPaused) => (isPaused ? upload.task?.pause() : upload.task?.resume()));
    events.onPauseAll(file.id, () => upload.task?.pause());
    events.onResumeAll(file.id, () => upload.task?.resume());
    events.onRetry(file.id, resumeUnlessPaused);
    events.onRetryAll(file.id, resumeUnlessPaused);
    try {
      const result = await this.#slot(async () => {
        if (upload.cancelled) return undefined;
        upload.task = this.#startTask(file, upload.named);
        // Paused while it waited for a slot (pause-all pauses every started file).
        if (this.uppy.getFile(file.id)?.isPaused) upload.task.pause();
        const [first] = await upload.task;
        return first;
      });
      this.#report(file, result, upload);
    } catch (error) {
      // The engine never rejects for an upload failure: this is an option it refused, or a fault.
      const reason = isSosUploadError(error)
        ? error
        : new SosUploadError('UPLOAD_FAILED', error instanceof Error ? error.message : String(error), {
            source: 'network',
          });
      this.uppy.emit('upload-error', this.uppy.getFile(file.id) ?? file, forUppy(reason));
    } finally {
      events.remove();
    }
  }

  /** The engine for the current options (`setOptions` may change them between uploads). */
  #uploader(): Uploader {
    const { opts } = this;
    return createUploader({
      endpoint: opts.endpoint,
      ...(opts.fetch !== undefined && { fetch: opts.fetch }),
      ...(opts.headers !== undefined && { headers: opts.headers }),
      ...(opts.credentials !== undefined && { credentials: opts.credentials }),
    });
  }

  #startTask(file: UppyFile<M, B>, named: UploadFile): UploadTask {
    const { opts } = this;
    return this.#uploader().upload(named, {
      metadata: this.#metadataOf(file),
      concurrency: opts.concurrency,
      persist: opts.persist || this.#retryStore(file.id),
      ...(opts.retry !== undefined && { retry: opts.retry }),
      ...(opts.stallTimeout !== undefined && { stallTimeout: opts.stallTimeout }),
      ...(opts.checksum !== undefined && { checksum: opts.checksum }),
      onProgress: (progress) => this.#progress(file.id, progress),
      onRetry: ({ file: _engineFile, ...retry }) => this.#retry(file.id, retry),
    });
  }

  /** The file as the engine takes it: Uppy's data under Uppy's name and type, which the user may have edited. */
  #namedFile(file: UppyFile<M, B>, data: Blob): UploadFile {
    const name = nameOf(file);
    const type = (typeof file.meta.type === 'string' && file.meta.type) || file.type || data.type;
    const current = this.#namedFiles.get(data);
    if (current?.name === name && current.type === type) return current;
    const lastModified = (data as Partial<File>).lastModified;
    const named =
      data instanceof File && data.name === name && data.type === type
        ? data
        : new File([data], name, { type, ...(lastModified !== undefined && { lastModified }) });
    this.#namedFiles.set(data, named);
    return named;
  }

  #metadataOf(file: UppyFile<M, B>): Record<string, string> {
    const { metadata, allowedMetaFields } = this.opts;
    if (typeof metadata === 'function') return metadata(file);
    return metadata ?? metadataFromMeta(file.meta, allowedMetaFields);
  }

  /**
   * A store in memory for one Uppy file: a failed upload in parts keeps its
   * ticket and ETags there, so `uppy.retryUpload()` renews and sends only the
   * missing parts. Scoped to the file, so another file can never pick them up.
   */
  #retryStore(fileID: string): StateStore {
    let entries = this.#retryStates.get(fileID);
    if (!entries) {
      entries = new Map();
      this.#retryStates.set(fileID, entries);
    }
    return this.#storeOf(entries);
  }

  #storeOf(entries: Map<string, string>): StateStore {
    return {
      get: (key) => entries.get(key) ?? null,
      set: (key, value) => void entries.set(key, value),
      delete: (key) => void entries.delete(key),
    };
  }

  #progress(fileID: string, progress: UploadProgress): void {
    const file = this.uppy.getFile(fileID);
    const sent = progress.files[0];
    if (!file || !sent) return;
    this.uppy.emit('upload-progress', file, {
      uploadStarted: file.progress.uploadStarted ?? Date.now(),
      bytesUploaded: sent.bytesSent,
      bytesTotal: sent.bytesTotal,
    });
  }

  #retry(fileID: string, retry: SosRetryEvent): void {
    const file = this.uppy.getFile(fileID);
    if (!file) return;
    const what = retry.partNumber === undefined ? nameOf(file) : `${nameOf(file)}, part ${retry.partNumber}`;
    this.uppy.log(
      `[SosUpload] ${what}: ${retry.error.message} (${retry.error.code}). Attempt ${retry.attempt} of ${retry.attempts} in ${Math.round(retry.delay)} ms.`,
    );
    this.uppy.emit('sos:retry', file, retry);
  }

  /**
   * A failed file removed from Uppy: what its upload left in the bucket (the
   * parts kept for a retry) is abandoned as a cancel would, through the
   * engine, which reads the saved upload and asks the server to abort it.
   */
  #abandonFailed = (file: UppyFile<M, B>): void => {
    const named = this.#failed.get(file.id);
    const saved = this.#retryStates.get(file.id);
    this.#failed.delete(file.id);
    this.#retryStates.delete(file.id);
    if (!named || this.#running.has(file.id)) return;
    if (!this.opts.persist && !saved?.size) return;
    const store = this.opts.persist || (saved && this.#storeOf(saved));
    const task = this.#uploader().upload(named, { persist: store, concurrency: 1 });
    void task.cancel().then(([result]) => this.#report(file, result, { named, cancelled: true }));
  };

  #cancel(fileID: string, upload: RunningUpload): void {
    this.#retryStates.delete(fileID);
    if (upload.cancelled) return;
    upload.cancelled = true;
    // The outcome (aborted, or parts left to the lifecycle rule) is reported when the task settles.
    void upload.task?.cancel();
  }

  /** Turns the engine's result for one file into Uppy's events and log lines. */
  #report(file: UppyFile<M, B>, result: UploadResult | undefined, upload: RunningUpload): void {
    const name = nameOf(file);
    const current = this.uppy.getFile(file.id);
    if (result === undefined) {
      this.uppy.log(`[SosUpload] ${name}: cancelled before it started; nothing was sent.`);
      return;
    }
    if (result.status === 'cancelled') {
      const { status: _status, file: _engineFile, ...cancelled } = result;
      this.uppy.log(`[SosUpload] ${name}: cancelled. ${cancelled.note}`, cancelled.aborted ? undefined : 'warning');
      this.uppy.emit('sos:cancelled', current ?? file, cancelled);
      return;
    }
    if (result.status === 'failed') {
      this.#failed.set(file.id, upload.named);
      if (current) this.uppy.emit('upload-error', current, forUppy(result.error));
      return;
    }
    this.#retryStates.delete(file.id);
    if (upload.cancelled || !current) {
      // Cancelled too late: the last request had already completed the object.
      this.uppy.log(
        `[SosUpload] ${name}: removed after its upload completed; the object stays at ${result.key}.`,
        'warning',
      );
      return;
    }
    const body: SosUploadBody = {
      bucket: result.bucket,
      key: result.key,
      ...(result.location !== undefined && { location: result.location }),
      ...(result.etag !== undefined && { etag: result.etag }),
      ...(result.sha256 !== undefined && { sha256: result.sha256 }),
    };
    this.uppy.emit('upload-success', current, {
      status: 200,
      body: body as unknown as B,
      ...(result.location !== undefined && { uploadURL: result.location }),
    });
  }
}
