// The routes that carry an upload past its first answer: new URLs when the
// old ones expire or the browser resumes, completion, and abort. Each takes
// the upload's ticket, so every size, type and key comes from what
// `POST /uploads` checked and signed; the client may name part numbers only.
import { z } from 'zod';
import { isSosError, SosError } from '../../errors';
import {
  abortMultipartUpload,
  completeMultipartUpload,
  MAX_PARTS,
  type PartPlan,
  planParts,
  signParts,
} from '../../multipart';
import { objectUrl, type PresignPutInput, presignPost, presignPut } from '../../presign';
import { DEFAULT_MIN_FILE_SIZE } from '../../rules';
import { MAX_COMPLETE_BODY_BYTES, readBody } from '../read-body';
import { MAX_TICKET_LENGTH, openTicket, type UploadTicket } from '../ticket';
import { contentDispositionOf, type Route, type RouteContext, signingOptions } from './route-context';

/** What `generateLifecycleConfiguration` writes by default: abandoned parts go after 1 day. */
const DEFAULT_ABORT_INCOMPLETE_AFTER_DAYS = 1;

const ticketField = z.string().min(1).max(MAX_TICKET_LENGTH);
const partNumber = z.number().int().min(1).max(MAX_PARTS);

const renewBody = z.object({
  ticket: ticketField,
  partNumbers: z.array(partNumber).min(1).max(MAX_PARTS).optional(),
});

const completeBody = z.object({
  ticket: ticketField,
  parts: z
    .array(z.object({ partNumber, etag: z.string().min(1).max(1024) }))
    .min(1)
    .max(MAX_PARTS),
});

const abortBody = z.object({ ticket: ticketField });

function ticketOf(route: RouteContext<unknown>, sealed: string): UploadTicket {
  return openTicket(sealed, {
    tenant: route.tenant,
    connection: route.connection,
    secret: route.options.ticketSecret,
  });
}

/** A MULTIPART ticket's upload ID and part plan, or `INVALID_TICKET` for a ticket of a single upload. */
function multipartOf(ticket: UploadTicket, what: string): { uploadId: string; plan: PartPlan } {
  if (ticket.method !== 'MULTIPART' || ticket.uploadId === undefined || ticket.partSize === undefined) {
    throw new SosError('INVALID_TICKET', `This upload was not sent in parts, so there is nothing to ${what}.`, {
      hint: 'Only an upload that POST /uploads answered with method MULTIPART is completed or aborted.',
    });
  }
  return { uploadId: ticket.uploadId, plan: planParts(ticket.size, { partSize: ticket.partSize }) };
}

/**
 * `POST /uploads/renew` with `{ ticket, partNumbers? }`: new URLs for an
 * upload whose URLs expired or that resumes, with the same key, size, type
 * and metadata. A multipart upload gets the parts named (each with its exact
 * size from the plan); a single upload gets a new PUT or form POST.
 */
async function renew(route: RouteContext<unknown>): Promise<unknown> {
  const body = await readBody(route.exchange, renewBody);
  const ticket = ticketOf(route, body.ticket);
  const { options, connection } = route;
  const { key, bucket } = ticket;
  if (ticket.method === 'MULTIPART') {
    const { uploadId, plan } = multipartOf(ticket, 'renew');
    if (body.partNumbers === undefined) {
      throw new SosError('INVALID_INPUT', 'Name the parts to sign: "partNumbers" is required for an upload in parts.', {
        hint: `Send the numbers of the parts still to upload, from 1 to ${plan.partCount}.`,
      });
    }
    const signed = await signParts({
      connection,
      key,
      uploadId,
      partNumbers: body.partNumbers,
      plan,
      ...signingOptions(options),
    });
    return {
      method: 'MULTIPART',
      bucket,
      key,
      uploadId,
      partSize: plan.partSize,
      parts: signed.parts.map(({ partNumber: number, url, headers, size }) => {
        const planned = plan.parts[number - 1];
        return { partNumber: number, url, headers, start: planned?.start, end: planned?.end, size };
      }),
      expiresAt: signed.expiresAt.toISOString(),
    };
  }
  const contentDisposition = contentDispositionOf(options);
  if (ticket.method === 'POST') {
    const rules = options.rules ?? {};
    const post = await presignPost({
      connection,
      key,
      contentType: ticket.contentType,
      contentDisposition,
      metadata: ticket.metadata,
      maxBytes: rules.maxFileSize ?? Math.max(ticket.size, 1),
      minBytes: rules.minFileSize ?? DEFAULT_MIN_FILE_SIZE,
      ...signingOptions(options),
    });
    return { method: 'POST', bucket, key, url: post.url, fields: post.fields, expiresAt: post.expiresAt.toISOString() };
  }
  const input: PresignPutInput = {
    connection,
    key,
    contentType: ticket.contentType,
    contentDisposition,
    metadata: ticket.metadata,
    contentLength: ticket.size,
    ...signingOptions(options),
  };
  if (ticket.checksumSha256 !== undefined) input.checksumSha256 = ticket.checksumSha256;
  const put = await presignPut(input);
  return { method: 'PUT', bucket, key, url: put.url, headers: put.headers, expiresAt: put.expiresAt.toISOString() };
}

/**
 * `POST /uploads/complete` with `{ ticket, parts: [{ partNumber, etag }] }`:
 * completes a multipart upload once every part of its plan, each exactly
 * once, has an ETag.
 */
async function complete(route: RouteContext<unknown>): Promise<unknown> {
  const body = await readBody(route.exchange, completeBody, MAX_COMPLETE_BODY_BYTES);
  const ticket = ticketOf(route, body.ticket);
  const { uploadId, plan } = multipartOf(ticket, 'complete');
  const seen = new Set(body.parts.map((part) => part.partNumber));
  const missing = plan.parts.find((part) => !seen.has(part.partNumber));
  if (seen.size !== body.parts.length || body.parts.length !== plan.partCount || missing !== undefined) {
    throw new SosError(
      'INVALID_PARTS',
      `The upload has ${plan.partCount} parts; send each of them exactly once, with its ETag.`,
      {
        hint: 'Complete only after every part has finished uploading.',
        details: { partCount: plan.partCount, ...(missing === undefined ? {} : { missing: missing.partNumber }) },
      },
    );
  }
  const { connection, options } = route;
  const target = {
    connection,
    key: ticket.key,
    uploadId,
    ...(options.clients === undefined ? {} : { clients: options.clients }),
  };
  const done = await completeMultipartUpload({ ...target, parts: body.parts });
  const location = await objectUrl(connection, done.key, options.clients);
  await options.onMultipartComplete?.(route.ctx, {
    bucket: done.bucket,
    key: done.key,
    uploadId,
    location,
    etag: done.etag,
  });
  return {
    bucket: done.bucket,
    key: done.key,
    location,
    ...(done.etag === undefined ? {} : { etag: done.etag }),
  };
}

/**
 * `POST /uploads/abort` with `{ ticket }`: abandons a multipart upload and
 * deletes its parts. A key that may not abort (the PutObject-only policy) is
 * not a failure of the request: the answer says `aborted: false`, why, and
 * after how many days the bucket's lifecycle rule removes the parts.
 */
async function abort(route: RouteContext<unknown>): Promise<unknown> {
  const body = await readBody(route.exchange, abortBody);
  const ticket = ticketOf(route, body.ticket);
  // A single upload leaves nothing behind until its one request succeeds.
  if (ticket.method !== 'MULTIPART') return { aborted: true };
  const { uploadId } = multipartOf(ticket, 'abort');
  const { connection, options } = route;
  try {
    await abortMultipartUpload({
      connection,
      key: ticket.key,
      uploadId,
      ...(options.clients === undefined ? {} : { clients: options.clients }),
    });
    return { aborted: true };
  } catch (error) {
    if (!isSosError(error) || error.code !== 'MULTIPART_PERMISSION_MISSING') throw error;
    const days = options.abortIncompleteAfterDays ?? DEFAULT_ABORT_INCOMPLETE_AFTER_DAYS;
    return {
      aborted: false,
      code: error.code,
      message: `The bucket keeps the parts already sent: this account may upload but not delete. Its lifecycle rule removes them ${days === 1 ? '1 day' : `${days} days`} after the upload began.`,
      hint: error.hint,
      abortIncompleteAfterDays: days,
    };
  }
}

/** The routes that renew, complete and abort an upload by its ticket (before `/uploads/:x` patterns, none exist). */
export const resumeRoutes: Route[] = [
  { method: 'POST', path: '/uploads/renew', action: 'upload:sign', handle: renew },
  { method: 'POST', path: '/uploads/complete', action: 'multipart:complete', handle: complete },
  { method: 'POST', path: '/uploads/abort', action: 'multipart:abort', handle: abort },
];
