import { ListPartsCommand } from '@aws-sdk/client-s3';
import { defaultClientCache } from '../connection';
import { resolveConnection } from '../roles';
import { s3OperationError } from '../s3-errors';
import { assertTarget, type MultipartTarget } from './target';

/** A part S3 already holds. */
export interface UploadedPart {
  partNumber: number;
  etag: string;
  size: number;
}

/** Input of {@link listParts}. */
export type ListPartsInput = MultipartTarget;

/**
 * The parts already uploaded, to resume an interrupted upload: sign and send
 * only the missing ones, then complete with all.
 *
 * Needs `s3:ListMultipartUploadParts`, which the seed's PutObject-only policy
 * lacks: then it throws `MULTIPART_PERMISSION_MISSING`, whose hint names the
 * `multipart` policy tier.
 *
 * @example
 * const done = new Set((await listParts({ connection, key, uploadId })).map((part) => part.partNumber));
 */
export async function listParts(input: ListPartsInput): Promise<UploadedPart[]> {
  const { key, uploadId } = input;
  assertTarget(input.connection, key, uploadId);
  const connection = await resolveConnection(input.connection, input.roles);
  const client = (input.clients ?? defaultClientCache).get(connection);
  const parts: UploadedPart[] = [];
  let marker: string | undefined;
  try {
    do {
      const page = await client.send(
        new ListPartsCommand({
          Bucket: connection.bucket,
          Key: key,
          UploadId: uploadId,
          ...(marker === undefined ? {} : { PartNumberMarker: marker }),
        }),
      );
      for (const part of page.Parts ?? []) {
        if (part.PartNumber !== undefined && part.ETag !== undefined) {
          parts.push({ partNumber: part.PartNumber, etag: part.ETag, size: part.Size ?? 0 });
        }
      }
      marker = page.IsTruncated ? page.NextPartNumberMarker : undefined;
    } while (marker !== undefined);
  } catch (error) {
    throw s3OperationError(error, 'ListParts', { endpoint: input.connection.endpoint });
  }
  return parts.sort((a, b) => a.partNumber - b.partNumber);
}
