import { isSosError, SosError, type SosErrorCode } from '../errors';

/** The S3 operations sos performs with a tenant's credentials. */
export type S3Operation =
  | 'PutObject'
  | 'CreateMultipartUpload'
  | 'UploadPart'
  | 'CompleteMultipartUpload'
  | 'ListParts'
  | 'AbortMultipartUpload';

/** Operations a PutObject-only policy (the seed's) does not allow. */
const MULTIPART_TIER_OPERATIONS: ReadonlySet<S3Operation> = new Set(['ListParts', 'AbortMultipartUpload']);
const MULTIPART_TIER_ACTIONS: Partial<Record<S3Operation, string>> = {
  ListParts: 's3:ListMultipartUploadParts',
  AbortMultipartUpload: 's3:AbortMultipartUpload',
};

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE']);
const UNAVAILABLE_NAMES = new Set([
  'TimeoutError',
  'RequestTimeout',
  'InternalError',
  'ServiceUnavailable',
  'SlowDown',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const INVALID_PARTS_NAMES = new Set(['InvalidPart', 'InvalidPartOrder', 'EntityTooSmall']);

interface Facts {
  name: string;
  status: number | undefined;
}

function factsOf(error: unknown): Facts {
  const record = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const cause = (typeof record.cause === 'object' && record.cause !== null ? record.cause : {}) as Record<
    string,
    unknown
  >;
  const networkCode = [record.code, cause.code].find(
    (code): code is string => typeof code === 'string' && (NETWORK_CODES.has(code) || code.startsWith('UND_ERR')),
  );
  const metadata = record.$metadata as { httpStatusCode?: number } | undefined;
  const name =
    networkCode ??
    (typeof record.Code === 'string' ? record.Code : undefined) ??
    (typeof record.name === 'string' ? record.name : 'Error');
  return { name, status: metadata?.httpStatusCode };
}

interface Translation {
  code: SosErrorCode;
  message: string;
  hint: string;
}

function translate(operation: S3Operation, { name, status }: Facts): Translation {
  if (name === 'AccessDenied' || name === 'Forbidden' || (status === 403 && name === 'Error')) {
    if (MULTIPART_TIER_OPERATIONS.has(operation)) {
      return {
        code: 'MULTIPART_PERMISSION_MISSING',
        message: `The bucket policy does not allow ${operation} (${MULTIPART_TIER_ACTIONS[operation]}).`,
        hint:
          'A PutObject-only policy can upload parts but cannot list or abort them: give the key the `multipart` ' +
          'policy tier (s3:ListMultipartUploadParts and s3:AbortMultipartUpload), and add the lifecycle rule ' +
          'AbortIncompleteMultipartUpload so abandoned parts stop costing money.',
      };
    }
    return {
      code: 'S3_ACCESS_DENIED',
      message: `S3 refused ${operation}: the bucket policy does not allow it.`,
      hint: 'Check the IAM policy: it must name this bucket (not a placeholder) and end its resource in /*.',
    };
  }
  if (name === 'InvalidAccessKeyId') {
    return {
      code: 'S3_ACCESS_DENIED',
      message: 'AWS does not know this access key ID.',
      hint: 'The key was mistyped, deleted or deactivated: enter the key pair again.',
    };
  }
  if (name === 'SignatureDoesNotMatch') {
    return {
      code: 'S3_ACCESS_DENIED',
      message: 'The secret access key does not match the access key ID.',
      hint: 'Enter the secret again, without spaces or line breaks.',
    };
  }
  if (name === 'ExpiredToken' || name === 'TokenRefreshRequired') {
    return {
      code: 'CREDENTIALS_EXPIRED',
      message: 'The temporary credentials for this bucket have expired.',
      hint: 'Refresh the temporary credentials (assume the role again) and retry.',
    };
  }
  if (name === 'NoSuchUpload') {
    return {
      code: 'NO_SUCH_UPLOAD',
      message: 'The multipart upload does not exist: it was completed, aborted or never started.',
      hint: 'Start a new upload with createMultipartUpload.',
    };
  }
  if (INVALID_PARTS_NAMES.has(name)) {
    return {
      code: 'INVALID_PARTS',
      message: `S3 refused the parts (${name}): a part is missing, its ETag is wrong, or a part other than the last is under 5 MiB.`,
      hint: 'Send every uploaded part with the ETag S3 returned for it, and plan part sizes with planParts.',
    };
  }
  if (name === 'MethodNotAllowed' || name === 'NotImplemented' || status === 501) {
    return {
      code: 'S3_OPERATION_UNSUPPORTED',
      message: `This S3-compatible service does not support ${operation}.`,
      hint: 'Check the storage provider’s list of supported S3 operations.',
    };
  }
  if (NETWORK_CODES.has(name) || name.startsWith('UND_ERR') || UNAVAILABLE_NAMES.has(name) || (status ?? 0) >= 500) {
    return {
      code: 'S3_UNAVAILABLE',
      message: `S3 could not be reached or failed during ${operation}.`,
      hint: 'Try again; if it persists, check the endpoint, the region and the server’s outbound network.',
    };
  }
  if (name === 'NoSuchBucket') {
    return {
      code: 'S3_REQUEST_FAILED',
      message: 'The bucket does not exist.',
      hint: 'Check the bucket name in the connection; bucket names are lowercase.',
    };
  }
  return {
    code: 'S3_REQUEST_FAILED',
    message: `S3 refused ${operation} (${name}).`,
    hint: 'Check the bucket, region and key in the connection; details are in the server log.',
  };
}

/**
 * Turns an error thrown by the AWS SDK (or the network) during an S3
 * operation into a {@link SosError} with a stable code and a hint. The SDK's
 * own message is not copied into the new message: it may quote request
 * details; it stays on `cause` for logs.
 *
 * `AccessDenied` on `ListParts` or `AbortMultipartUpload` becomes
 * `MULTIPART_PERMISSION_MISSING`: those need rights the seed's PutObject-only
 * policy lacks (the `multipart` policy tier).
 *
 * @example
 * try { await s3.send(new ListPartsCommand(input)); }
 * catch (error) { throw s3OperationError(error, 'ListParts'); }
 */
export function s3OperationError(error: unknown, operation: S3Operation): SosError {
  if (isSosError(error)) return error;
  const facts = factsOf(error);
  const { code, message, hint } = translate(operation, facts);
  return new SosError(code, message, {
    hint,
    cause: error,
    details: { operation, s3Code: facts.name, ...(facts.status === undefined ? {} : { status: facts.status }) },
  });
}
