import type { SosUploadError } from './errors';

/** A file to upload: a `File`, or any `Blob` given a name. */
export type UploadFile = Blob & { readonly name: string; readonly lastModified?: number };

/** Headers for the sos server (CSRF token, authorization): a record, or a function called before each call. */
export type ServerHeaders = Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);

/** Options of {@link createUploader}. */
export interface UploaderOptions {
  /**
   * Where the sos handler is mounted, e.g. `/api/upload`; an absolute URL
   * where there is no page to resolve it against (Node).
   */
  endpoint: string;
  /**
   * The `fetch` for calls to the sos server, and for S3 where
   * `XMLHttpRequest` does not exist (Node).
   * @default globalThis.fetch
   */
  fetch?: typeof fetch;
  /** Sent to the sos server only, never to S3. */
  headers?: ServerHeaders;
  /**
   * Cookies for calls to the sos server.
   * @default 'same-origin'
   */
  credentials?: 'omit' | 'same-origin' | 'include';
}

/** How failed requests are retried. */
export interface RetryOptions {
  /**
   * Attempts per request, the first one included.
   * @default 5
   */
  attempts?: number;
  /**
   * The longest first wait, in ms: the n-th retry waits a random time from 0 to `baseDelay * 2^(n-1)`.
   * @default 500
   */
  baseDelay?: number;
  /**
   * The longest any wait may be, in ms.
   * @default 20000
   */
  maxDelay?: number;
}

/**
 * Where resumable uploads are remembered between page loads. `localStorage`
 * fits; any async store (IndexedDB wrapper, server) does too.
 */
export interface StateStore {
  get(key: string): string | null | Promise<string | null>;
  set(key: string, value: string): void | Promise<void>;
  delete(key: string): void | Promise<void>;
}

/** Options of one {@link Uploader.upload} call. */
export interface UploadOptions {
  /** Sent to `POST /uploads`; the server keeps the fields it allows. */
  metadata?: Record<string, string>;
  /**
   * Requests to S3 in flight at once, parts and files together.
   * @default 4
   */
  concurrency?: number;
  /**
   * Retries of network errors, stalls, 5xx, 429 and S3 throttling; `false` for none.
   * A request that gets no answer while the browser is offline (`navigator.onLine`
   * is `false`) waits for its `online` event instead, and that attempt is not counted.
   * @default { attempts: 5, baseDelay: 500, maxDelay: 20000 }
   */
  retry?: RetryOptions | false;
  /**
   * Milliseconds without progress after which a request is aborted and retried.
   * @default 30000
   */
  stallTimeout?: number;
  /**
   * `'sha256'`: hash each file first (WebCrypto). A single PUT then carries
   * the signed checksum, so S3 refuses any other bytes; for an upload in parts
   * the digest is only reported, in the result.
   */
  checksum?: 'sha256';
  /**
   * Remember uploads in parts so that a later `upload()` of the same file
   * (after a reload) sends only the missing parts. `true` uses `localStorage`.
   * @default false
   */
  persist?: boolean | StateStore;
  /** Aborting it cancels the task. */
  signal?: AbortSignal;
  /** Called as bytes go out, and each second while requests are in flight even when no byte moves. */
  onProgress?: (progress: UploadProgress) => void;
  /** Called before each retry. */
  onRetry?: (retry: RetryInfo) => void;
  /** Called whenever a file changes state. */
  onFileStateChange?: (state: FileState) => void;
}

/** What happened to one file. */
export type UploadResult =
  | {
      status: 'done';
      file: UploadFile;
      bucket: string;
      key: string;
      location?: string;
      etag?: string;
      /** The SHA-256 of the file, hex, with `checksum: 'sha256'`. */
      sha256?: string;
    }
  | { status: 'failed'; file: UploadFile; error: SosUploadError }
  | {
      status: 'cancelled';
      file: UploadFile;
      key?: string;
      /** `true` when nothing stays in the bucket. */
      aborted: boolean;
      /** When parts stay: the days after which the bucket's lifecycle rule removes them. */
      abortIncompleteAfterDays?: number;
      /** Where the bytes already sent went, for people. */
      note: string;
    };

/**
 * The life of one file in a task. While it is being sent, the state is
 * `offline` as long as one of its requests waits for the browser to be back
 * online, else `retrying` as long as one waits to be tried again, else
 * `uploading`.
 */
export interface FileState {
  file: UploadFile;
  index: number;
  state:
    | 'queued'
    | 'hashing'
    | 'uploading'
    | 'paused'
    | 'retrying'
    | 'offline'
    | 'completing'
    | 'done'
    | 'failed'
    | 'cancelled';
  /** When `retrying` begins: the attempt that comes next (2 is the first retry), of the request that failed last. */
  attempt?: number;
  attempts?: number;
  /** When `retrying` or `offline` begins: what the request failed with; when `failed`: why the file failed. */
  error?: SosUploadError;
  /**
   * Set when the file goes on from a saved upload (`persist`): how many of its
   * parts were already in the bucket then, of how many. Absent again if the
   * saved upload turns out to be gone and the file starts over.
   */
  resumed?: { partsDone: number; partCount: number };
}

/** Bytes sent so far, per file and in all. */
export interface UploadProgress {
  files: {
    file: UploadFile;
    index: number;
    state: FileState['state'];
    bytesSent: number;
    bytesTotal: number;
    /** As in {@link FileState.resumed}. */
    resumed?: FileState['resumed'];
  }[];
  bytesSent: number;
  bytesTotal: number;
  /** Bytes per second, smoothed over the last seconds. */
  rate: number;
  /** Seconds left at that rate; `undefined` while unknown or paused. */
  eta: number | undefined;
}

/** A retry about to happen. */
export interface RetryInfo {
  file: UploadFile;
  partNumber?: number;
  /** The attempt that comes next (2 is the first retry). */
  attempt: number;
  attempts: number;
  /** Milliseconds until it starts. */
  delay: number;
  error: SosUploadError;
}

/** The state of a whole task. `failed`: at least one file failed (the others may be done). */
export type TaskState = 'uploading' | 'paused' | 'done' | 'cancelled' | 'failed';

/** A running upload; await it for one result per file, in order. It never rejects for upload failures. */
export interface UploadTask extends PromiseLike<UploadResult[]> {
  readonly state: TaskState;
  /** Stops sending: requests in flight are aborted and their bytes no longer counted; finished parts are kept. */
  pause(): void;
  /** Goes on where `pause()` stopped. */
  resume(): void;
  /** Stops for good and abandons unfinished uploads in parts; resolves with the results. */
  cancel(): Promise<UploadResult[]>;
}

/** What {@link createUploader} returns. */
export interface Uploader {
  /** Starts uploading `files`; see {@link UploadOptions}. */
  upload(files: UploadFile | readonly UploadFile[], options?: UploadOptions): UploadTask;
}
