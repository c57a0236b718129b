import { CompleteMultipartUploadCommand } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { defaultClientCache } from '../connection';
import { SosError } from '../errors';
import { resolveConnection } from '../roles';
import { s3OperationError } from '../s3-errors';
import { assertPartNumbers } from './part-numbers';
import { MAX_PARTS } from './plan-parts';
import { assertTarget, type MultipartTarget } from './target';

/** A part the browser uploaded: its number and the `ETag` header S3 answered with. */
export interface CompletedPart {
  partNumber: number;
  etag: string;
}

/** Input of {@link completeMultipartUpload}. */
export interface CompleteMultipartUploadInput extends MultipartTarget {
  /** Every uploaded part, in any order; they are sorted here. */
  parts: readonly CompletedPart[];
}

/** The finished object. */
export interface CompletedUpload {
  bucket: string;
  key: string;
  /** The object's ETag (for multipart, a hash of the parts' ETags and `-N`). */
  etag: string | undefined;
}

const partsSchema = z
  .array(
    z.object({
      partNumber: z.number(),
      etag: z
        .string()
        .trim()
        .min(1, 'the ETag is empty')
        .max(1024)
        .regex(/^[\x20-\x7e]+$/, 'the ETag must be printable ASCII'),
    }),
  )
  .min(1, 'no parts were given')
  .max(MAX_PARTS, `more than ${MAX_PARTS} parts were given`);

/**
 * Checks the parts of a multipart upload: 1 to 10,000 of them, each number a
 * whole number from 1 to 10,000 and unique, each with an ETag. Returns them
 * sorted by part number, as S3 requires. Throws `INVALID_PARTS`.
 */
export function checkCompletedParts(parts: readonly CompletedPart[]): CompletedPart[] {
  const parsed = partsSchema.safeParse(parts);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new SosError('INVALID_PARTS', `Invalid parts${where}: ${issue?.message ?? 'unexpected shape'}.`, {
      hint: 'Send [{ partNumber, etag }] for every uploaded part, with the ETag header S3 returned for it.',
    });
  }
  assertPartNumbers(parsed.data.map((part) => part.partNumber));
  return parsed.data.sort((a, b) => a.partNumber - b.partNumber);
}

/**
 * Assembles the uploaded parts into the object (allowed by `s3:PutObject`).
 * Throws `INVALID_PARTS` before calling S3 for malformed parts, and after for
 * parts S3 refuses (wrong ETag, a part under 5 MiB but the last);
 * `NO_SUCH_UPLOAD` for an upload that is gone.
 *
 * @example
 * await completeMultipartUpload({ connection, key, uploadId, parts: [{ partNumber: 1, etag: '"a54…"' }] });
 */
export async function completeMultipartUpload(input: CompleteMultipartUploadInput): Promise<CompletedUpload> {
  const { key, uploadId } = input;
  assertTarget(input.connection, key, uploadId);
  const parts = checkCompletedParts(input.parts);
  const connection = await resolveConnection(input.connection, input.roles);
  const client = (input.clients ?? defaultClientCache).get(connection);
  try {
    const result = await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: connection.bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts.map((part) => ({ PartNumber: part.partNumber, ETag: part.etag })) },
      }),
    );
    return { bucket: connection.bucket, key, etag: result.ETag };
  } catch (error) {
    throw s3OperationError(error, 'CompleteMultipartUpload', { endpoint: input.connection.endpoint });
  }
}
