/** What a scrubbed value is replaced with. */
const REDACTED = '[redacted]';

// Each pattern keeps its label (group 1) and replaces the value after it.
const PATTERNS: readonly RegExp[] = [
  // Presigned URLs: the signature and the session token in the query.
  /(X-Amz-Signature=)[^&\s"'<>]+/gi,
  /(X-Amz-Security-Token=)[^&\s"'<>]+/gi,
  // Canonical requests and headers quoted back by S3 (SignatureDoesNotMatch) or by loggers.
  /(x-amz-security-token["']?\s*[:=]\s*["']?)[^\s"'&,<>]+/gi,
  /(Authorization["']?\s*[:=]\s*["']?)[^\n"'<>]+/gi,
  /(AWS4-HMAC-SHA256 Credential=[^\s,]+,\s*SignedHeaders=[^\s,]+,\s*Signature=)[0-9a-f]+/gi,
  /(<(?:SignatureProvided|StringToSign|StringToSignBytes|CanonicalRequest|CanonicalRequestBytes)>)[^<]*/gi,
  // Credentials as JSON, as `key=value` (credentials files, environment) or as SDK output.
  /((?:secret_?access_?key|session_?token|aws_secret_access_key|aws_session_token)["']?\s*[:=]\s*["']?)[^\s"',}]+/gi,
];

/**
 * Removes secrets from a text: presigned URL signatures and session tokens,
 * `Authorization` headers, canonical requests quoted back by S3, credential
 * fields in JSON or `key=value` form, and any of the `secrets` given (also
 * URL-encoded).
 *
 * @example
 * scrubText('https://b.s3.amazonaws.com/k?X-Amz-Signature=abc&x-id=PutObject');
 * // 'https://b.s3.amazonaws.com/k?X-Amz-Signature=[redacted]&x-id=PutObject'
 */
export function scrubText(text: string, secrets: readonly string[] = []): string {
  let scrubbed = text;
  for (const secret of secrets) {
    if (secret.length < 8) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) scrubbed = scrubbed.split(form).join(REDACTED);
  }
  for (const pattern of PATTERNS) scrubbed = scrubbed.replace(pattern, `$1${REDACTED}`);
  return scrubbed;
}

/** An error rebuilt from another one with only the facts that are safe to keep. */
export class ScrubbedError extends Error {
  /** A Node or network error code (`ECONNREFUSED`), when there was one. */
  declare readonly code?: string;
  /** The S3 or STS error code (`AccessDenied`), when it differs from the name. */
  declare readonly Code?: string;
  /** `client` or `server`, for AWS service errors. */
  declare readonly $fault?: string;
  /** The HTTP status and request IDs of an AWS service error (for AWS support). */
  declare readonly $metadata?: {
    httpStatusCode?: number;
    requestId?: string;
    extendedRequestId?: string;
    cfId?: string;
    attempts?: number;
  };
}

const MAX_DEPTH = 4;

function copyMetadata(value: unknown): ScrubbedError['$metadata'] | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const metadata: NonNullable<ScrubbedError['$metadata']> = {};
  if (typeof record.httpStatusCode === 'number') metadata.httpStatusCode = record.httpStatusCode;
  for (const name of ['requestId', 'extendedRequestId', 'cfId'] as const) {
    if (typeof record[name] === 'string') metadata[name] = record[name];
  }
  if (typeof record.attempts === 'number') metadata.attempts = record.attempts;
  return metadata;
}

function scrubOne(error: unknown, secrets: readonly string[], depth: number): Error {
  const record = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const name = typeof record.name === 'string' ? scrubText(record.name, secrets).slice(0, 200) : 'Error';
  const rawMessage =
    typeof record.message === 'string' ? record.message : typeof error === 'string' ? error : String(error);
  const message = scrubText(rawMessage, secrets);
  const cause =
    depth < MAX_DEPTH && record.cause !== undefined ? scrubOne(record.cause, secrets, depth + 1) : undefined;
  const scrubbed = new ScrubbedError(message, cause === undefined ? undefined : { cause });
  Object.defineProperty(scrubbed, 'name', { value: name, enumerable: false, configurable: true, writable: true });
  const fields: Record<string, unknown> = {};
  if (typeof record.code === 'string') fields.code = scrubText(record.code, secrets).slice(0, 200);
  if (typeof record.Code === 'string' && record.Code !== name)
    fields.Code = scrubText(record.Code, secrets).slice(0, 200);
  if (typeof record.$fault === 'string') fields.$fault = record.$fault;
  const metadata = copyMetadata(record.$metadata);
  if (metadata !== undefined) fields.$metadata = metadata;
  Object.assign(scrubbed, fields);
  // Keep where it was thrown, not what it said: the original first line may quote a secret.
  const frames =
    typeof record.stack === 'string' ? record.stack.split('\n').filter((line) => /^\s+at /.test(line)) : [];
  scrubbed.stack = [`${name}: ${message}`, ...frames.map((frame) => scrubText(frame, secrets))].join('\n');
  return scrubbed;
}

/**
 * A copy of an error (from the AWS SDK, `fetch` or anything else) that keeps
 * only what helps to diagnose it, with every secret removed: the name, the
 * message and stack frames run through {@link scrubText}, the Node error
 * `code`, S3's `Code`, `$fault`, the HTTP status and request IDs, and the
 * cause, scrubbed the same way. Everything else an SDK error carries (the
 * fields S3 copies from its XML answer, such as the canonical request with
 * the session token in it, and the raw response) is left behind.
 *
 * sos keeps such copies as the `cause` of the errors it throws, so a log of a
 * `SosError` with its cause shows no secret.
 *
 * @example
 * try { await s3.send(command); }
 * catch (error) { logger.error({ err: scrubError(error, [credentials.secretAccessKey]) }); }
 */
export function scrubError(error: unknown, secrets: readonly string[] = []): Error {
  return scrubOne(error, secrets, 0);
}
