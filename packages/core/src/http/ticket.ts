// The upload ticket: what POST /uploads signed, sealed with an HMAC, so that
// the routes that renew, complete or abort an upload stay stateless and take
// every size, type and key from what the server checked, never from the client.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { type Connection, isRoleConnection, type TenantConnection } from '../connection';
import { SosError } from '../errors';
import { assertKeyWithinPrefix } from '../keys';
import { MAX_OBJECT_SIZE } from '../multipart';

/** How long a ticket renews, completes or aborts its upload, unless `resumableFor` says otherwise: 24 hours. */
export const DEFAULT_RESUMABLE_FOR = 24 * 60 * 60;
/** The longest ticket life `resumableFor` may set: 7 days, S3's longest presigned URL. */
export const MAX_RESUMABLE_FOR = 7 * 24 * 60 * 60;

const VERSION = 'v1';
/** A ticket is a few hundred bytes; anything far longer is not one. */
export const MAX_TICKET_LENGTH = 8192;

/** What a ticket holds: the upload as it was checked and signed. */
export interface UploadTicket {
  /** `PUT`, `POST` (form) or `MULTIPART`. */
  method: 'PUT' | 'POST' | 'MULTIPART';
  bucket: string;
  key: string;
  /** The size the file was checked against. */
  size: number;
  contentType: string;
  metadata: Record<string, string>;
  /** The SHA-256 signed into a PUT, base64. */
  checksumSha256?: string;
  /** MULTIPART only. */
  uploadId?: string;
  /** MULTIPART only: the size of every part but the last. */
  partSize?: number;
  /** Seconds since the epoch after which the ticket is refused. */
  expires: number;
}

const payloadSchema = z.object({
  m: z.enum(['PUT', 'POST', 'MULTIPART']),
  b: z.string().min(1).max(255),
  k: z.string().min(1).max(1024),
  s: z.number().int().min(0).max(MAX_OBJECT_SIZE),
  t: z.string().min(1).max(255),
  md: z.record(z.string(), z.string()),
  c: z.string().max(64).optional(),
  u: z.string().min(1).max(1024).optional(),
  ps: z.number().int().positive().optional(),
  e: z.number().int().positive(),
});

/** The key of tickets for tenants on roles, when the app sets no `ticketSecret`: this process only. */
let processKey: Buffer | undefined;

/**
 * The HMAC key of a tenant's tickets. With `ticketSecret`, derived from it;
 * for a tenant on keys, derived from its secret access key, so any server of
 * the app accepts the ticket and rotating the key retires its tickets; for a
 * tenant on a role without `ticketSecret`, a random key of this process.
 */
function ticketKey(tenant: TenantConnection, connection: Connection, secret: string | undefined): Buffer {
  let base: string | Buffer;
  if (secret !== undefined) base = secret;
  else if (!isRoleConnection(tenant)) base = connection.credentials.secretAccessKey;
  else base = processKey ??= randomBytes(32);
  return createHmac('sha256', base).update('sos upload ticket v1').digest();
}

const base64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

const invalidTicket = (why: string): SosError =>
  new SosError('INVALID_TICKET', `The upload ticket is not valid: ${why}.`, {
    hint: 'Send the ticket POST /uploads answered for this file, unchanged; or start the upload again.',
  });

/** What sealing and opening need: who the tenant is and how long tickets live. */
export interface TicketContext {
  tenant: TenantConnection;
  connection: Connection;
  /** The app's `ticketSecret`, if any. */
  secret: string | undefined;
}

/** Seals a ticket: `v1.<payload>.<mac>`, base64url. */
export function sealTicket(ticket: UploadTicket, context: TicketContext): string {
  const payload: z.infer<typeof payloadSchema> = {
    m: ticket.method,
    b: ticket.bucket,
    k: ticket.key,
    s: ticket.size,
    t: ticket.contentType,
    md: ticket.metadata,
    e: ticket.expires,
  };
  if (ticket.checksumSha256 !== undefined) payload.c = ticket.checksumSha256;
  if (ticket.uploadId !== undefined) payload.u = ticket.uploadId;
  if (ticket.partSize !== undefined) payload.ps = ticket.partSize;
  const body = `${VERSION}.${base64url(JSON.stringify(payload))}`;
  const mac = createHmac('sha256', ticketKey(context.tenant, context.connection, context.secret))
    .update(body)
    .digest('base64url');
  return `${body}.${mac}`;
}

/**
 * Opens a ticket for this tenant: the MAC must match, the ticket must not
 * have expired (`TICKET_EXPIRED`), and its bucket and key must be the
 * tenant's. Anything else is `INVALID_TICKET`.
 */
export function openTicket(sealed: string, context: TicketContext, now = Date.now()): UploadTicket {
  const parts = sealed.length <= MAX_TICKET_LENGTH ? sealed.split('.') : [];
  if (parts.length !== 3 || parts[0] !== VERSION) throw invalidTicket('it is not in the form sos writes');
  const [version, body, mac] = parts as [string, string, string];
  const expected = createHmac('sha256', ticketKey(context.tenant, context.connection, context.secret))
    .update(`${version}.${body}`)
    .digest();
  const sent = Buffer.from(mac, 'base64url');
  if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
    throw invalidTicket('it was changed, or was issued for another account');
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw invalidTicket('its content is unreadable');
  }
  const parsed = payloadSchema.safeParse(decoded);
  if (!parsed.success) throw invalidTicket('its content is unreadable');
  const payload = parsed.data;
  if (payload.b !== context.connection.bucket) throw invalidTicket('it was issued for another bucket');
  assertKeyWithinPrefix(payload.k, context.connection.prefix);
  if (payload.m === 'MULTIPART' && (payload.u === undefined || payload.ps === undefined)) {
    throw invalidTicket('its content is unreadable');
  }
  if (payload.e * 1000 <= now) {
    throw new SosError('TICKET_EXPIRED', 'This upload can no longer be resumed: its ticket has expired.', {
      hint: 'Start the upload of this file again.',
      details: { expiredAt: new Date(payload.e * 1000).toISOString() },
    });
  }
  const ticket: UploadTicket = {
    method: payload.m,
    bucket: payload.b,
    key: payload.k,
    size: payload.s,
    contentType: payload.t,
    metadata: payload.md,
    expires: payload.e,
  };
  if (payload.c !== undefined) ticket.checksumSha256 = payload.c;
  if (payload.u !== undefined) ticket.uploadId = payload.u;
  if (payload.ps !== undefined) ticket.partSize = payload.ps;
  return ticket;
}

/** The ticket life in seconds from `resumableFor`, checked. */
export function resolveResumableFor(value: number | undefined): number {
  if (value === undefined) return DEFAULT_RESUMABLE_FOR;
  if (!Number.isSafeInteger(value) || value < 60 || value > MAX_RESUMABLE_FOR) {
    throw new SosError(
      'INVALID_INPUT',
      `resumableFor must be a whole number of seconds from 60 to ${MAX_RESUMABLE_FOR}.`,
      {
        hint: 'Leave it out for 24 hours.',
        details: { resumableFor: value },
      },
    );
  }
  return value;
}
