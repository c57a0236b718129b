// Uppy Companion's S3 protocol, so `@uppy/aws-s3` (option `companionEndpoint`)
// works unchanged. Response shapes match Companion's `controllers/s3`.
import { z } from 'zod';
import { SosError } from '../../errors';
import {
  abortMultipartUpload,
  type CompletedPart,
  completeMultipartUpload,
  createMultipartUpload,
  listParts,
  signParts,
} from '../../multipart';
import { DEFAULT_EXPIRES_IN, MAX_PUT_BYTES, objectUrl, presignPost } from '../../presign';
import { checkFile, DEFAULT_MIN_FILE_SIZE, formatBytes } from '../../rules';
import { MAX_COMPLETE_BODY_BYTES, readBody } from '../read-body';
import {
  contentDispositionOf,
  keyFor,
  keyParameter,
  parsePartNumber,
  pickMetadata,
  type Route,
  type RouteContext,
  signingOptions,
} from './route-context';

const filename = z.string().min(1).max(1024);

/** The declared type, checked against the rules (size is unknown here; S3 enforces it for POST). */
function checkedType(route: RouteContext<unknown>, name: string, type: string | null | undefined): string {
  const { maxFileSize: _max, minFileSize: _min, maxFiles: _files, ...typeRules } = route.options.rules ?? {};
  // The size 0 stands for "unknown": no size rule applies here.
  return checkFile({ name, type: type ?? '', size: 0 }, { ...typeRules, minFileSize: 0 }).contentType;
}

/**
 * Refuses the Companion routes that would let bytes of unknown size land
 * under one key while `maxFileSize` is set, unless the app chose
 * `companionMultipart: 'check-on-complete'` or `'unbounded'`.
 */
function assertSizeCanBeBounded(route: RouteContext<unknown>): void {
  const { rules, companionMultipart = 'refuse' } = route.options;
  if (rules?.maxFileSize === undefined || companionMultipart !== 'refuse') return;
  throw new SosError(
    'MULTIPART_SIZE_UNKNOWN',
    `Uploads in parts through Uppy Companion's protocol cannot be held to the ${formatBytes(rules.maxFileSize)} limit: that protocol never sends a file's size.`,
    {
      hint: "Upload through POST /uploads, which signs each part's size, or as a form upload (GET /s3/params).",
      details: { maxFileSize: rules.maxFileSize },
    },
  );
}

const expiresOf = (route: RouteContext<unknown>): number => route.options.expiresIn ?? DEFAULT_EXPIRES_IN;

/** `GET /s3/params?filename=&type=&metadata[name]=`: a presigned POST form, with the size range enforced by S3. */
async function uploadParameters(route: RouteContext<unknown>): Promise<unknown> {
  const name = route.query.get('filename');
  if (name === null || !filename.safeParse(name).success) {
    throw new SosError('INVALID_INPUT', 'The query parameter "filename" is required (1 to 1024 characters).', {
      hint: 'Send the file name, e.g. ?filename=scan.stl&type=model/stl',
    });
  }
  const sentMetadata: Record<string, string> = {};
  for (const [param, value] of route.query) {
    const field = /^metadata\[(.+)\]$/.exec(param)?.[1];
    if (field !== undefined) sentMetadata[field] = value;
  }
  const metadata = pickMetadata(sentMetadata, route.options.allowedMetadata);
  const contentType = checkedType(route, name, route.query.get('type'));
  const file = { name, type: contentType, metadata };
  const key = await keyFor(route, file);
  const rules = route.options.rules ?? {};
  const post = await presignPost({
    connection: route.connection,
    key,
    contentType,
    maxBytes: rules.maxFileSize ?? MAX_PUT_BYTES,
    minBytes: rules.minFileSize ?? DEFAULT_MIN_FILE_SIZE,
    contentDisposition: contentDispositionOf(route.options),
    metadata,
    ...signingOptions(route.options),
  });
  await route.options.onUploadSigned?.(route.ctx, { bucket: post.bucket, key, file, method: 'POST' });
  return { method: 'POST', url: post.url, fields: post.fields, expires: expiresOf(route) };
}

const createBody = z.object({
  filename,
  type: z.string().max(255).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

/** `POST /s3/multipart` with `{ filename, type, metadata }`: starts a multipart upload. */
async function startMultipart(route: RouteContext<unknown>): Promise<unknown> {
  assertSizeCanBeBounded(route);
  const body = await readBody(route.exchange, createBody);
  const metadata = pickMetadata(body.metadata, route.options.allowedMetadata);
  const contentType = checkedType(route, body.filename, body.type);
  const file = { name: body.filename, type: contentType, metadata };
  const key = await keyFor(route, file);
  const upload = await createMultipartUpload({
    connection: route.connection,
    key,
    contentType,
    contentDisposition: contentDispositionOf(route.options),
    metadata,
    ...(route.options.clients === undefined ? {} : { clients: route.options.clients }),
  });
  await route.options.onUploadSigned?.(route.ctx, {
    bucket: upload.bucket,
    key,
    file,
    method: 'MULTIPART',
    uploadId: upload.uploadId,
  });
  return { key: upload.key, uploadId: upload.uploadId, bucket: upload.bucket };
}

const target = (route: RouteContext<unknown>) => ({
  connection: route.connection,
  key: keyParameter(route),
  uploadId: route.params.uploadId ?? '',
  ...(route.options.clients === undefined ? {} : { clients: route.options.clients }),
});

/** `GET /s3/multipart/:uploadId?key=`: the parts uploaded so far. */
async function uploadedParts(route: RouteContext<unknown>): Promise<unknown> {
  const parts = await listParts(target(route));
  return parts.map((part) => ({ PartNumber: part.partNumber, ETag: part.etag, Size: part.size }));
}

/** `GET /s3/multipart/:uploadId/batch?key=&partNumbers=1,2`: URLs for several parts. */
async function signBatch(route: RouteContext<unknown>): Promise<unknown> {
  assertSizeCanBeBounded(route);
  const list = route.query.get('partNumbers');
  if (list === null || list === '') {
    throw new SosError('INVALID_INPUT', 'The query parameter "partNumbers" is required.', {
      hint: 'Send a comma-separated list, e.g. ?partNumbers=1,2,3',
    });
  }
  const partNumbers = list.split(',').map(parsePartNumber);
  const signed = await signParts({ ...target(route), partNumbers, ...signingOptions(route.options) });
  const presignedUrls: Record<string, string> = {};
  for (const part of signed.parts) presignedUrls[String(part.partNumber)] = part.url;
  return { presignedUrls };
}

/** `GET /s3/multipart/:uploadId/:partNumber?key=`: the URL for one part. */
async function signOne(route: RouteContext<unknown>): Promise<unknown> {
  assertSizeCanBeBounded(route);
  const partNumber = parsePartNumber(route.params.partNumber ?? '');
  const signed = await signParts({ ...target(route), partNumbers: [partNumber], ...signingOptions(route.options) });
  return { url: signed.parts[0]?.url, expires: expiresOf(route) };
}

const completeBody = z.object({
  parts: z
    .array(z.object({ PartNumber: z.number().int(), ETag: z.string().min(1).max(1024) }))
    .min(1)
    .max(10_000),
});

type Target = ReturnType<typeof target>;
const unquoted = (etag: string): string => etag.replace(/^"|"$/g, '');

/**
 * With `companionMultipart: 'check-on-complete'` and `maxFileSize`, the parts
 * to complete as S3 lists them: each must be there with the ETag the client
 * sent, and together at most `maxFileSize`; over it, the upload is aborted.
 * The listed ETags are the ones completed, so a part uploaded again after the
 * listing makes S3 refuse the completion instead of storing unchecked bytes.
 */
async function sizeCheckedParts(route: RouteContext<unknown>, upload: Target, parts: CompletedPart[]) {
  const { rules, companionMultipart } = route.options;
  if (rules?.maxFileSize === undefined || companionMultipart !== 'check-on-complete') return parts;
  const listed = new Map((await listParts(upload)).map((part) => [part.partNumber, part]));
  let total = 0;
  const checked = parts.map((part) => {
    const found = listed.get(part.partNumber);
    if (found === undefined || unquoted(found.etag) !== unquoted(part.etag)) {
      throw new SosError('INVALID_PARTS', `Part ${part.partNumber} is not in the upload with the ETag sent.`, {
        hint: 'Complete with the ETags S3 returned for each part, after every part has finished uploading.',
        details: { partNumber: part.partNumber },
      });
    }
    total += found.size;
    return { partNumber: part.partNumber, etag: found.etag };
  });
  if (total > rules.maxFileSize) {
    // Best effort: without the right to abort, the lifecycle rule removes the parts.
    const aborted = await abortMultipartUpload(upload).then(
      () => true,
      () => false,
    );
    throw new SosError(
      'FILE_TOO_LARGE',
      `The uploaded parts add up to ${formatBytes(total)}; files may be at most ${formatBytes(rules.maxFileSize)}.`,
      {
        hint: 'Choose a smaller file. The upload was not completed.',
        details: { size: total, maxFileSize: rules.maxFileSize, aborted },
      },
    );
  }
  return checked;
}

/** `POST /s3/multipart/:uploadId/complete?key=` with `{ parts: [{ ETag, PartNumber }] }`. */
async function complete(route: RouteContext<unknown>): Promise<unknown> {
  const upload = target(route);
  const { parts } = await readBody(route.exchange, completeBody, MAX_COMPLETE_BODY_BYTES);
  const sent = parts.map((part) => ({ partNumber: part.PartNumber, etag: part.ETag }));
  const done = await completeMultipartUpload({ ...upload, parts: await sizeCheckedParts(route, upload, sent) });
  const location = await objectUrl(route.connection, done.key, route.options.clients);
  await route.options.onMultipartComplete?.(route.ctx, {
    bucket: done.bucket,
    key: done.key,
    uploadId: upload.uploadId,
    location,
    etag: done.etag,
  });
  return { location, key: done.key, bucket: done.bucket };
}

/** `DELETE /s3/multipart/:uploadId?key=`: aborts the upload (needs the `multipart` policy tier). */
async function abort(route: RouteContext<unknown>): Promise<unknown> {
  await abortMultipartUpload(target(route));
  return {};
}

/** Companion's S3 routes, literal segments before parameters. */
export const companionRoutes: Route[] = [
  { method: 'GET', path: '/s3/params', action: 'upload:sign', handle: uploadParameters },
  { method: 'POST', path: '/s3/multipart', action: 'multipart:create', handle: startMultipart },
  { method: 'GET', path: '/s3/multipart/:uploadId/batch', action: 'multipart:sign-parts', handle: signBatch },
  { method: 'POST', path: '/s3/multipart/:uploadId/complete', action: 'multipart:complete', handle: complete },
  { method: 'GET', path: '/s3/multipart/:uploadId/:partNumber', action: 'multipart:sign-parts', handle: signOne },
  { method: 'GET', path: '/s3/multipart/:uploadId', action: 'multipart:list-parts', handle: uploadedParts },
  { method: 'DELETE', path: '/s3/multipart/:uploadId', action: 'multipart:abort', handle: abort },
];
