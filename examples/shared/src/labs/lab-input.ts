import { parseCredentials, parseRegion, type ValidationIssue, validateBucketName } from '@sos/core';
import { z } from 'zod';
import type { StorageConfig } from '../config';
import { AppError } from '../http/app-error';

/** A lab's settings as the form sends them; the secret may be left empty to keep the stored one. */
export interface LabInput {
  name: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  /** `undefined` when the field was left empty. */
  secretAccessKey: string | undefined;
}

const field = z.string().max(4096);

/** The shape of the lab form's JSON. */
export const labInputSchema = z.object({
  name: field.optional(),
  bucket: field,
  region: field,
  accessKeyId: field,
  secretAccessKey: field.optional(),
});

/** The form field a validator's code is about. */
function fieldOf(code: string): string {
  if (code.startsWith('BUCKET_')) return 'bucket';
  if (code.startsWith('REGION_')) return 'region';
  if (code.startsWith('SECRET_') || code.startsWith('SESSION_')) return 'secretAccessKey';
  return 'accessKeyId';
}

function invalid(issue: ValidationIssue, field = fieldOf(issue.code)): AppError {
  return new AppError(400, issue.code, issue.message, { hint: issue.hint, field });
}

function required(value: string, field: string, what: string): string {
  const text = value.trim();
  if (text === '') throw new AppError(400, 'FIELD_REQUIRED', `Enter the ${what}.`, { field });
  return text;
}

/**
 * Checks the lab form with core's validators (`validateBucketName`,
 * `parseRegion`, `parseCredentials`) and returns the cleaned values, or
 * throws the first problem with its field, message and hint. On Amazon S3
 * every rule applies; an S3-compatible service may use other key shapes and
 * region names, so there only empty fields are refused.
 */
export function parseLabInput(body: z.infer<typeof labInputSchema>, storage: StorageConfig): LabInput {
  const strict = storage.mode === 'aws';
  const name = body.name === undefined ? '' : required(body.name, 'name', 'lab’s name');
  if (name.length > 80) throw new AppError(400, 'NAME_TOO_LONG', 'The lab’s name is too long.', { field: 'name' });

  const bucketCheck = validateBucketName(required(body.bucket, 'bucket', 'bucket name'));
  const [bucketError] = bucketCheck.errors;
  if (bucketError !== undefined) throw invalid(bucketError, 'bucket');

  const regionText = required(body.region, 'region', 'bucket’s region');
  const region = parseRegion(regionText);
  if (!region.ok && strict) {
    const [suggestion] = region.suggestions;
    throw invalid(
      suggestion === undefined
        ? region.error
        : { ...region.error, hint: `${region.error.hint} Did you mean ${suggestion}?` },
      'region',
    );
  }

  const accessKeyId = required(body.accessKeyId, 'accessKeyId', 'access key ID');
  const secret = body.secretAccessKey?.trim() ? body.secretAccessKey : undefined;
  let credentials = { accessKeyId, secretAccessKey: secret?.trim() };
  if (secret !== undefined) {
    const parsed = parseCredentials({ accessKeyId, secretAccessKey: secret });
    if (parsed.ok) credentials = parsed.credentials;
    else if (strict && parsed.errors[0] !== undefined) throw invalid(parsed.errors[0]);
  }
  return {
    name,
    bucket: bucketCheck.name,
    region: region.ok ? region.region : regionText,
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
  };
}
