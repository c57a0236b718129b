import type { Connection, EndpointFilter, S3ClientCache, TenantConnection } from '../connection';
import type { ContentDisposition, ObjectMetadata } from '../presign';
import type { RoleResolver } from '../roles';
import type { FileRules } from '../rules';

/** What the handler knows about one request: the web request and whatever your adapter adds. */
export type HandlerContext<Extra = unknown> = Extra & { request: Request };

/** What a request wants to do, for {@link UploadHandlerOptions.authorize}. */
export type UploadAction =
  | 'upload:sign'
  | 'multipart:create'
  | 'multipart:sign-parts'
  | 'multipart:list-parts'
  | 'multipart:complete'
  | 'multipart:abort'
  | 'connection:verify'
  | 'setup:read';

/** A file the browser wants to upload, as the handler passes it to `getKey`. */
export interface UploadFileDescription {
  /** The browser's file name (hostile input: `getKey` must not trust it). */
  name: string;
  /** The declared or inferred MIME type. */
  type: string;
  /** The size in bytes, when the protocol sends it (not Uppy's form uploads). */
  size?: number;
  /** Metadata the browser sent; already checked to be printable ASCII. */
  metadata: ObjectMetadata;
}

/** A pino-compatible logger; only these methods are used. */
export interface UploadLogger {
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

/** What was signed, for {@link UploadHandlerOptions.onUploadSigned}. */
export interface SignedUploadEvent {
  bucket: string;
  key: string;
  file: UploadFileDescription;
  method: 'PUT' | 'POST' | 'MULTIPART';
  uploadId?: string;
}

/** A completed multipart upload, for {@link UploadHandlerOptions.onMultipartComplete}. */
export interface MultipartCompleteEvent {
  bucket: string;
  key: string;
  uploadId: string;
  location: string;
  etag: string | undefined;
}

/** Options of `createUploadHandler`. */
export interface UploadHandlerOptions<Extra = unknown> {
  /**
   * The tenant's connection for this request, read from your session and your
   * store: access keys, or a role to assume (`{ roleArn, externalId }`). It
   * runs on every request: the bucket and the keys never come from the
   * browser. Throw a `SosError` with `UNAUTHENTICATED` or `FORBIDDEN` to refuse.
   */
  resolveTenant(ctx: HandlerContext<Extra>): Promise<TenantConnection> | TenantConnection;
  /**
   * Assumes tenants' roles (role connections) and caches their temporary keys.
   * @default the process-wide `defaultRoleResolver`, with the vendor's default AWS credentials
   */
  roles?: RoleResolver;
  /**
   * Decides whether this request may do `action`; throw a `SosError`
   * (`FORBIDDEN` answers 403) or return `false` to refuse.
   * @default everything the tenant resolves for is allowed
   */
  authorize?(ctx: HandlerContext<Extra>, action: UploadAction): Promise<boolean | undefined> | boolean | undefined;
  /**
   * Size, type and count limits, checked before anything is signed. Without
   * `maxFiles`, one request may describe at most {@link DEFAULT_MAX_FILES} files.
   */
  rules?: FileRules;
  /**
   * What browsers do when they open an uploaded object, signed into every
   * upload (PUT header, form field, multipart create) so the uploader cannot
   * change it: `attachment` downloads it, so nothing in it runs on the
   * bucket's origin; `inline` lets the browser display images and PDFs.
   * @default 'attachment'
   */
  contentDisposition?: ContentDisposition;
  /**
   * What Uppy Companion's multipart routes do while `rules.maxFileSize` is
   * set. That protocol never tells the server a file's size, so a part URL it
   * asks for cannot sign one, and S3 would take parts of up to 5 GiB each.
   * - `'refuse'`: `POST /s3/multipart` and the part-signing routes answer 403
   *   `MULTIPART_SIZE_UNKNOWN`. `POST /uploads` (each part's size signed) and
   *   Companion's form uploads (`GET /s3/params`, a size range S3 enforces)
   *   still work, and so do completing, listing and aborting.
   * - `'check-on-complete'`: part URLs are signed without a size, and
   *   completing an upload lists its parts first (`ListParts`: the
   *   `multipart` policy tier) and refuses, then aborts, one whose parts add
   *   up to more than `maxFileSize` (`FILE_TOO_LARGE`).
   * - `'unbounded'`: part URLs are signed without a size and nothing is
   *   checked: a hostile browser can store more than `maxFileSize`.
   *
   * Without `maxFileSize` there is no bound to keep, and the routes serve.
   * @default 'refuse'
   */
  companionMultipart?: 'refuse' | 'check-on-complete' | 'unbounded';
  /**
   * The most calls to S3 (creating multipart uploads) one request makes at
   * the same time; a request for many large files waits for a free slot.
   * @default 4
   */
  s3Concurrency?: number;
  /**
   * The key layout, with the tokens of `buildObjectKey`.
   * @default '{prefix}/{yyyy}/{mm}/{dd}/{uuid}/{filename}'
   */
  keyTemplate?: string;
  /** Builds the key yourself; it must stay inside the connection's prefix (checked). */
  getKey?(ctx: HandlerContext<Extra>, file: UploadFileDescription, connection: Connection): Promise<string> | string;
  /**
   * Lifetime of the signed URLs, in seconds.
   * @default 900
   */
  expiresIn?: number;
  /**
   * Files from this size on are uploaded in parts by `POST /uploads`.
   * @default 100 MiB
   */
  multipartThreshold?: number;
  /**
   * Sign single uploads of `POST /uploads` as a form POST instead of a PUT, so
   * that S3 enforces `maxFileSize` as a range (a PUT signs the exact size).
   * @default 'put'
   */
  singleUpload?: 'put' | 'post';
  /**
   * Metadata fields the browser may set on the object (`x-amz-meta-*`),
   * case-insensitive; any other field it sends is ignored.
   * @default none
   */
  allowedMetadata?: string[];
  /**
   * The app's origins (`https://app.example.com`): the CORS rule `GET /setup`
   * fills in, and the origins `POST /connection/verify` checks CORS for.
   * Without them, `GET /setup` answers `cors: null` and says so in
   * `corsWarnings`, and the check takes the request's `Origin` only when it is
   * the app's own page (`Sec-Fetch-Site: same-origin`, or an Origin naming the
   * request's Host); otherwise CORS is not checked. A request's `Origin` never
   * becomes a CORS rule.
   * @default none
   */
  origins?: string[];
  /** Called for each signed file (e.g. to record the order's files). */
  onUploadSigned?(ctx: HandlerContext<Extra>, event: SignedUploadEvent): Promise<void> | void;
  /** Called when a multipart upload completes. */
  onMultipartComplete?(ctx: HandlerContext<Extra>, event: MultipartCompleteEvent): Promise<void> | void;
  /**
   * Decides which S3 endpoints of tenants (`connection.endpoint`) the server
   * may call: it sends multipart creates and the connection check there.
   * Return `false` to refuse one with `ENDPOINT_NOT_ALLOWED`. AWS itself (no
   * endpoint) is always allowed.
   * @default refuses loopback, link-local and cloud-metadata (169.254.0.0/16, fd00:ec2::254), private and unspecified addresses, and `localhost`
   * @example
   * allowEndpoint: (url) => url.protocol === 'https:' && url.hostname.endsWith('.r2.cloudflarestorage.com')
   */
  allowEndpoint?: EndpointFilter;
  /**
   * How long, in seconds, the `ticket` of each `POST /uploads` answer lets
   * the browser renew the upload's URLs (`POST /uploads/renew`), complete it
   * and abort it: 60 to 604,800 (7 days). Within that time, the holder of a
   * ticket can also upload the same key again, with the same size and type.
   * @default 86400 (24 hours)
   */
  resumableFor?: number;
  /**
   * The secret that seals upload tickets, at least 32 characters. Without it,
   * a tenant on access keys has its tickets sealed with a key derived from its
   * secret access key (any of your servers accepts them; rotating the key
   * retires them), and a tenant on a role with a random key of this process:
   * set one when several processes serve tenants on roles.
   * @default derived per tenant, as above
   */
  ticketSecret?: string;
  /**
   * The days after which the tenants' lifecycle rule removes the parts of an
   * abandoned multipart upload (`AbortIncompleteMultipartUpload`), told to
   * the browser when its key may not abort an upload itself.
   * @default 1, what `generateLifecycleConfiguration` writes
   */
  abortIncompleteAfterDays?: number;
  /** Where failures are logged, with their code; never with credentials. */
  logger?: UploadLogger;
  /** A client cache of your own (size); the process-wide one otherwise. */
  clients?: S3ClientCache;
}
