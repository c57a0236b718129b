/** Where an error came from: the sos server, S3, or no answer at all. */
export type ErrorSource = 'sos' | 's3' | 'network';

interface ErrorInit {
  source: ErrorSource;
  retryable?: boolean;
  status?: number;
  hint?: string;
  file?: { name: string; size: number };
  partNumber?: number;
}

/**
 * Why an upload failed. `code` is sos's (`FILE_TOO_LARGE`, `TICKET_EXPIRED`…),
 * S3's (`SignatureDoesNotMatch`, `SlowDown`…) or the client's own:
 * `NETWORK_ERROR`, `TIMEOUT`, `ABORTED`, `INVALID_RESPONSE`, `HTTP_ERROR`.
 */
export class SosUploadError extends Error {
  declare readonly name: 'SosUploadError';
  declare readonly code: string;
  declare readonly source: ErrorSource;
  /** Whether trying the same request again may work. */
  declare readonly retryable: boolean;
  /** What to do next, when known. */
  declare readonly hint?: string;
  /** The HTTP status, when there was an answer. */
  declare readonly status?: number;
  declare file?: { name: string; size: number };
  declare partNumber?: number;

  constructor(code: string, message: string, init: ErrorInit) {
    super(message);
    Object.assign(this, { name: 'SosUploadError', code, retryable: false }, init);
  }
}

/** Whether `value` is a {@link SosUploadError}, also one from another copy of this package. */
export function isSosUploadError(value: unknown): value is SosUploadError {
  return value instanceof Error && value.name === 'SosUploadError';
}

/** S3's answers that mean "slow down or try later", whatever their status. */
const RETRYABLE_S3_CODES =
  /^(SlowDown|ServiceUnavailable|InternalError|RequestTimeout|Throttling|ThrottlingException|RequestLimitExceeded)$/;

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const xmlTag = (xml: string, tag: string): string | undefined =>
  new RegExp(`<${tag}>([^<]*)</${tag}>`)
    .exec(xml)?.[1]
    ?.replace(/&(amp|lt|gt|quot|apos);/g, (_, name) => XML_ENTITIES[name] ?? '');

/** A URL as it may appear in a message: without its query string, where the signature is. */
export const withoutQuery = (url: string): string => url.replace(/[?#].*/s, '');

/**
 * The error an answer with an error status carries: sos's JSON
 * (`{ error: { code, message, hint } }`) or S3's XML (`<Code>`, `<Message>`).
 * 5xx, 429 and S3's throttling codes are retryable; other 4xx are not.
 */
export function errorFromAnswer(status: number, body: string, source: 'sos' | 's3'): SosUploadError {
  let retryable = status >= 500 || status === 429;
  let parsed: { error?: { code?: unknown; message?: unknown; hint?: unknown } } | undefined;
  try {
    parsed = JSON.parse(body);
  } catch {}
  const sos = parsed?.error;
  if (typeof sos?.code === 'string') {
    return new SosUploadError(sos.code, String(sos.message ?? sos.code), {
      source: 'sos',
      status,
      retryable,
      ...(typeof sos.hint === 'string' && { hint: sos.hint }),
    });
  }
  const code = xmlTag(body, 'Code');
  if (code !== undefined) {
    retryable ||= RETRYABLE_S3_CODES.test(code);
    return new SosUploadError(code, xmlTag(body, 'Message') || code, { source: 's3', status, retryable });
  }
  return new SosUploadError('HTTP_ERROR', `The answer was ${status}, without a readable error.`, {
    source,
    status,
    retryable,
  });
}

/** An S3 answer that says the signed URL expired: renew it, it is not a failure. */
export const isExpired = (error: SosUploadError): boolean =>
  error.status === 403 && /Request has expired/i.test(error.message);

/** Anything thrown as a {@link SosUploadError}: what is not one is a request that got no answer. */
export function asUploadError(error: unknown, url = ''): SosUploadError {
  if (isSosUploadError(error)) return error;
  const why = error instanceof Error ? withoutQuery(error.message) : 'no answer';
  return new SosUploadError('NETWORK_ERROR', `No answer from ${withoutQuery(url) || 'the server'} (${why}).`, {
    source: 'network',
    retryable: true,
    hint: 'Check the connection. For S3, the bucket’s CORS rule must allow this origin.',
  });
}
