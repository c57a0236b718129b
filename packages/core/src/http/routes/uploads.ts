// sos's own JSON API: one request signs a whole batch of files.
import { z } from 'zod';
import { SosError } from '../../errors';
import { createMultipartUpload, MAX_PARTS, type PartPlan, planParts, signParts } from '../../multipart';
import { type ObjectMetadata, type PresignPutInput, presignPost, presignPut } from '../../presign';
import { assertFileCount, type CheckedFile, checkFiles, DEFAULT_MIN_FILE_SIZE } from '../../rules';
import { readBody } from '../read-body';
import { resolveResumableFor, sealTicket, type UploadTicket } from '../ticket';
import {
  contentDispositionOf,
  keyFor,
  pickMetadata,
  type Route,
  type RouteContext,
  signingOptions,
} from './route-context';

/** The ticket of one signed upload, for `POST /uploads/renew`, `/complete` and `/abort`. */
export function ticketFor(route: RouteContext<unknown>, ticket: Omit<UploadTicket, 'expires'>): string {
  const expires = Math.floor(Date.now() / 1000) + resolveResumableFor(route.options.resumableFor);
  return sealTicket(
    { ...ticket, expires },
    { tenant: route.tenant, connection: route.connection, secret: route.options.ticketSecret },
  );
}

/** Files from this size on go up in parts, unless `multipartThreshold` says otherwise: 100 MiB. */
export const DEFAULT_MULTIPART_THRESHOLD = 100 * 1024 * 1024;
/** The most files one `POST /uploads` may describe when the rules set no `maxFiles`. */
export const DEFAULT_MAX_FILES = 100;
/** The most S3 calls one request makes at once, unless `s3Concurrency` says otherwise. */
export const DEFAULT_S3_CONCURRENCY = 4;

const uploadsBody = z.object({
  files: z
    .array(
      z.object({
        name: z.string().min(1).max(1024),
        size: z.number().int().nonnegative(),
        type: z.string().max(255).optional(),
        checksumSha256: z.string().max(64).optional(),
      }),
    )
    .min(1)
    .max(1000),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

type FileInput = z.infer<typeof uploadsBody>['files'][number];

async function signOne(
  route: RouteContext<unknown>,
  file: FileInput,
  checked: CheckedFile,
  metadata: ObjectMetadata,
  plan: PartPlan | undefined,
): Promise<Record<string, unknown>> {
  const { connection, options } = route;
  const description = { name: file.name, type: checked.contentType, size: file.size, metadata };
  const pendingKey = keyFor(route, description);
  const key = typeof pendingKey === 'string' ? pendingKey : await pendingKey;
  const contentDisposition = contentDispositionOf(options);
  const common = {
    connection,
    key,
    contentType: checked.contentType,
    contentDisposition,
    metadata,
    ...signingOptions(options),
  };

  if (plan !== undefined) {
    const upload = await createMultipartUpload({
      connection,
      key,
      contentType: checked.contentType,
      contentDisposition,
      metadata,
      ...(options.clients === undefined ? {} : { clients: options.clients }),
    });
    const partNumbers = plan.parts.map((part) => part.partNumber);
    const signed = await signParts({ ...upload, connection, partNumbers, plan, ...signingOptions(options) });
    await options.onUploadSigned?.(route.ctx, {
      bucket: upload.bucket,
      key,
      file: description,
      method: 'MULTIPART',
      uploadId: upload.uploadId,
    });
    return {
      method: 'MULTIPART',
      bucket: upload.bucket,
      key,
      uploadId: upload.uploadId,
      partSize: plan.partSize,
      parts: signed.parts.map((part, index) => ({
        partNumber: part.partNumber,
        url: part.url,
        headers: part.headers,
        start: plan.parts[index]?.start,
        end: plan.parts[index]?.end,
        size: plan.parts[index]?.size,
      })),
      expiresAt: signed.expiresAt.toISOString(),
      ticket: ticketFor(route, {
        method: 'MULTIPART',
        bucket: upload.bucket,
        key,
        size: file.size,
        contentType: checked.contentType,
        metadata,
        uploadId: upload.uploadId,
        partSize: plan.partSize,
      }),
    };
  }

  if (options.singleUpload === 'post') {
    const rules = options.rules ?? {};
    const post = await presignPost({
      ...common,
      maxBytes: rules.maxFileSize ?? Math.max(file.size, 1),
      minBytes: rules.minFileSize ?? DEFAULT_MIN_FILE_SIZE,
    });
    await options.onUploadSigned?.(route.ctx, { bucket: post.bucket, key, file: description, method: 'POST' });
    return {
      method: 'POST',
      bucket: post.bucket,
      key,
      url: post.url,
      fields: post.fields,
      expiresAt: post.expiresAt.toISOString(),
      ticket: ticketFor(route, {
        method: 'POST',
        bucket: post.bucket,
        key,
        size: file.size,
        contentType: checked.contentType,
        metadata,
      }),
    };
  }

  // The one call on every upload: its input is written out, not spread.
  const input: PresignPutInput = {
    connection,
    key,
    contentType: checked.contentType,
    contentDisposition,
    metadata,
    contentLength: file.size,
  };
  if (options.expiresIn !== undefined) input.expiresIn = options.expiresIn;
  if (options.clients !== undefined) input.clients = options.clients;
  if (file.checksumSha256 !== undefined) input.checksumSha256 = file.checksumSha256;
  const put = await presignPut(input);
  if (options.onUploadSigned !== undefined) {
    await options.onUploadSigned(route.ctx, { bucket: put.bucket, key, file: description, method: 'PUT' });
  }
  // The answer becomes JSON: an ISO string is what the Date would turn into, without the slower toJSON path.
  return {
    method: 'PUT',
    bucket: put.bucket,
    key,
    url: put.url,
    headers: put.headers,
    expiresAt: put.expiresAt.toISOString(),
    ticket: ticketFor(route, {
      method: 'PUT',
      bucket: put.bucket,
      key,
      size: file.size,
      contentType: checked.contentType,
      metadata,
      ...(file.checksumSha256 === undefined ? {} : { checksumSha256: file.checksumSha256 }),
    }),
  };
}

/**
 * The part plans of the files that go up in parts. Refuses, before anything
 * is created at S3, a batch whose parts together need more URLs than one
 * upload may have: a few bytes of JSON must not make the server sign and
 * send millions of URLs.
 */
function planMultipartFiles(files: readonly FileInput[], threshold: number): (PartPlan | undefined)[] {
  let partUrls = 0;
  return files.map((file) => {
    if (file.size < threshold) return undefined;
    const plan = planParts(file.size);
    partUrls += plan.partCount;
    if (partUrls > MAX_PARTS) {
      throw new SosError(
        'TOO_MANY_FILES',
        `These files need more than ${MAX_PARTS} part URLs; one request signs at most that many.`,
        {
          hint: 'Send large files in separate requests: one file of any size up to 5 TiB fits in one.',
          details: { limit: MAX_PARTS },
        },
      );
    }
    return plan;
  });
}

/**
 * `POST /uploads` with `{ files: [{ name, size, type?, checksumSha256? }], metadata? }`:
 * checks the whole batch against the rules, then answers one instruction per file,
 * in order: a PUT (the exact size signed), a form POST (`singleUpload: 'post'`), or,
 * from `multipartThreshold` on, a multipart upload with every part's URL and byte range
 * (at most 10,000 part URLs in all, `TOO_MANY_FILES` beyond).
 */
async function signUploads(route: RouteContext<unknown>): Promise<unknown> {
  const body = await readBody(route.exchange, uploadsBody);
  const { options } = route;
  if (options.rules?.maxFiles === undefined) assertFileCount(body.files.length, DEFAULT_MAX_FILES);
  const checked = checkFiles(
    body.files.map((file) => ({ name: file.name, size: file.size, type: file.type ?? '' })),
    options.rules,
  );
  const metadata = pickMetadata(body.metadata, options.allowedMetadata);
  const plans = planMultipartFiles(body.files, options.multipartThreshold ?? DEFAULT_MULTIPART_THRESHOLD);
  const uploads = await mapWithLimit(body.files, options.s3Concurrency ?? DEFAULT_S3_CONCURRENCY, (file, index) =>
    signOne(route, file, checked[index] as CheckedFile, metadata, plans[index]),
  );
  return { uploads };
}

/**
 * `fn` over `items`, at most `limit` at a time, results in order. After a
 * failure no further item starts, and the first failure is thrown.
 */
async function mapWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const width = Number.isSafeInteger(limit) && limit > 0 ? limit : 1;
  if (items.length <= width) return Promise.all(items.map(fn));
  const results: R[] = new Array(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index] as T, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}

export const uploadRoutes: Route[] = [{ method: 'POST', path: '/uploads', action: 'upload:sign', handle: signUploads }];
