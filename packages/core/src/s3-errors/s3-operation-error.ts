import { isSosError, SosError } from '../errors';
import { scrubError } from '../redaction';
import { type DescribeS3ErrorOptions, describeS3Error } from './describe-s3-error';

/** The S3 operations sos performs with a tenant's credentials. */
export type S3Operation =
  | 'PutObject'
  | 'CreateMultipartUpload'
  | 'UploadPart'
  | 'CompleteMultipartUpload'
  | 'ListParts'
  | 'AbortMultipartUpload';

/** The actions a PutObject-only policy (the seed's) lacks, by the operation that needs them. */
const MULTIPART_TIER_ACTIONS: Partial<Record<S3Operation, string>> = {
  ListParts: 's3:ListMultipartUploadParts',
  AbortMultipartUpload: 's3:AbortMultipartUpload',
};

/**
 * Turns an error thrown by the AWS SDK (or the network) during an S3
 * operation into a {@link SosError}, through the one translation table of
 * {@link describeS3Error}. The SDK's own message is not copied: it may quote
 * request details. The cause, for logs, is a scrubbed copy of the SDK error
 * (`scrubError`): name, status, request IDs and message, without the fields
 * S3 echoes back (a canonical request holds the session token).
 *
 * `AccessDenied` on `ListParts` or `AbortMultipartUpload` becomes
 * `MULTIPART_PERMISSION_MISSING`: those need rights the seed's PutObject-only
 * policy lacks (the `multipart` policy tier). Pass the connection's
 * `endpoint` so that an S3-compatible service is not called AWS.
 *
 * @example
 * try { await s3.send(new ListPartsCommand(input)); }
 * catch (error) { throw s3OperationError(error, 'ListParts', { endpoint: connection.endpoint }); }
 */
export function s3OperationError(
  error: unknown,
  operation: S3Operation,
  options: DescribeS3ErrorOptions = {},
): SosError {
  if (isSosError(error)) return error;
  const problem = describeS3Error(error, options);
  const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  const details = { operation, s3Code: problem.cause, ...(status === undefined ? {} : { status }) };
  const cause = scrubError(error);
  const missingAction = MULTIPART_TIER_ACTIONS[operation];
  if (problem.code === 'S3_ACCESS_DENIED' && missingAction !== undefined) {
    return new SosError(
      'MULTIPART_PERMISSION_MISSING',
      `The bucket policy does not allow ${operation} (${missingAction}).`,
      {
        hint:
          'A PutObject-only policy can upload parts but cannot list or abort them: give the key the `multipart` ' +
          'policy tier (s3:ListMultipartUploadParts and s3:AbortMultipartUpload), and add the lifecycle rule ' +
          'AbortIncompleteMultipartUpload so abandoned parts stop costing money.',
        cause,
        details,
      },
    );
  }
  const message = problem.code === 'S3_ACCESS_DENIED' ? `S3 refused ${operation}: ${problem.message}` : problem.message;
  return new SosError(problem.code, message, { hint: problem.hint, cause, details });
}
