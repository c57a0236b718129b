import { validateBucketName } from '../bucket';
import type { AccessKeyCredentials, Connection } from '../connection';
import { parseCredentials } from '../credentials';
import type { ValidationIssue } from '../errors';
import { TenantCredentials } from '../redaction';
import { parseRegion } from '../region';
import type { ConnectionCheck } from './types';

/** The format check and, when it passes, the connection with cleaned-up values. */
export interface FormatResult {
  check: ConnectionCheck;
  connection: Connection | undefined;
}

const isBlank = (value: unknown): boolean => typeof value !== 'string' || value.trim() === '';

/**
 * Checks bucket name, region and key format offline. S3-compatible endpoints
 * (an `endpoint` is set) use their own region names and key shapes, so there a
 * region or key-shape problem is a warning, not a failure.
 */
export function checkFormat(connection: Connection): FormatResult {
  const started = performance.now();
  const bucket = validateBucketName(connection.bucket);
  const region = parseRegion(connection.region);
  const credentials = parseCredentials(connection.credentials);
  const lenient = connection.endpoint !== undefined;

  const errors: ValidationIssue[] = [...bucket.errors];
  const warnings: ValidationIssue[] = [...bucket.warnings, ...credentials.warnings];
  if (!region.ok) (lenient && !isBlank(connection.region) ? warnings : errors).push(region.error);
  if (!credentials.ok) {
    const blank = isBlank(connection.credentials.accessKeyId) || isBlank(connection.credentials.secretAccessKey);
    (lenient && !blank ? warnings : errors).push(...credentials.errors);
  }

  const durationMs = Math.round(performance.now() - started);
  const first = errors[0] ?? warnings[0];
  const details = { errors, warnings };
  if (errors.length > 0 && first) {
    return { check: { id: 'format', status: 'fail', ...pick(first), durationMs, details }, connection: undefined };
  }
  // Read field by field: a spread would miss the secret of redacted credentials.
  const given = connection.credentials;
  const trimmed: AccessKeyCredentials = {
    accessKeyId: given.accessKeyId.trim(),
    secretAccessKey: given.secretAccessKey.trim(),
    ...(given.sessionToken === undefined ? {} : { sessionToken: given.sessionToken }),
    ...(given.expiration === undefined ? {} : { expiration: given.expiration }),
  };
  const cleaned: Connection = {
    ...connection,
    bucket: bucket.name,
    region: region.ok ? region.region : connection.region.trim(),
    credentials: new TenantCredentials(credentials.ok ? { ...trimmed, ...credentials.credentials } : trimmed),
  };
  if (first)
    return { check: { id: 'format', status: 'warn', ...pick(first), durationMs, details }, connection: cleaned };
  return {
    check: {
      id: 'format',
      status: 'pass',
      code: 'FORMAT_OK',
      message: 'The bucket name, region and access key look right.',
      hint: 'Nothing to do.',
      durationMs,
    },
    connection: cleaned,
  };
}

const pick = ({ code, message, hint }: ValidationIssue) => ({ code, message, hint });
