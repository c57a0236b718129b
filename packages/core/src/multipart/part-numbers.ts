import { SosError } from '../errors';
import { MAX_PARTS } from './plan-parts';

/** Throws `INVALID_PARTS` unless every number is a whole number from 1 to 10,000, each once. */
export function assertPartNumbers(partNumbers: readonly number[], limit = MAX_PARTS): void {
  if (!Array.isArray(partNumbers) || partNumbers.length === 0 || partNumbers.length > MAX_PARTS) {
    throw new SosError('INVALID_PARTS', `Give 1 to ${MAX_PARTS} part numbers.`, {
      hint: 'Number parts from 1, as planParts does.',
    });
  }
  const seen = new Set<number>();
  for (const partNumber of partNumbers) {
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > limit) {
      throw new SosError(
        'INVALID_PARTS',
        `Part number ${String(partNumber)} is not a whole number from 1 to ${limit}.`,
        {
          hint: 'Number parts from 1, as planParts does.',
          details: { partNumber },
        },
      );
    }
    if (seen.has(partNumber)) {
      throw new SosError('INVALID_PARTS', `Part number ${partNumber} appears twice.`, {
        hint: 'Give each part once.',
        details: { partNumber },
      });
    }
    seen.add(partNumber);
  }
}

/** Throws `INVALID_INPUT` unless the upload ID looks like one S3 returned. */
export function assertUploadId(uploadId: string): void {
  if (
    typeof uploadId !== 'string' ||
    uploadId.length === 0 ||
    uploadId.length > 1024 ||
    !/^[\x21-\x7e]+$/.test(uploadId)
  ) {
    throw new SosError('INVALID_INPUT', 'The upload ID must be the non-empty text createMultipartUpload returned.', {
      hint: 'Pass the uploadId from createMultipartUpload unchanged.',
    });
  }
}
