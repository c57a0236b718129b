import type { SosErrorCode } from '../errors';

/** The codes S3, STS and network failures translate to: a subset of the SosError codes. */
export type S3ProblemCode = Extract<
  SosErrorCode,
  | 'S3_INVALID_ACCESS_KEY_ID'
  | 'S3_SIGNATURE_MISMATCH'
  | 'S3_ACCESS_DENIED'
  | 'S3_NO_SUCH_BUCKET'
  | 'S3_WRONG_REGION'
  | 'S3_CLOCK_SKEW'
  | 'CREDENTIALS_EXPIRED'
  | 'S3_CONNECTION_REFUSED'
  | 'S3_DNS_FAILURE'
  | 'S3_TLS_FAILURE'
  | 'S3_TIMEOUT'
  | 'S3_SERVER_ERROR'
  | 'NO_SUCH_UPLOAD'
  | 'INVALID_PARTS'
  | 'S3_OPERATION_UNSUPPORTED'
  | 'S3_UNEXPECTED_RESPONSE'
>;

/** What went wrong, for a person: a stable code, a message and what to do. */
export interface S3Problem {
  code: S3ProblemCode;
  message: string;
  hint: string;
  /** The error name S3 or the network layer gave, e.g. `AccessDenied` or `ECONNREFUSED`. */
  cause: string;
  /** The region S3 says the bucket is in, when it said so. */
  bucketRegion?: string;
}

type Entry = Omit<S3Problem, 'cause' | 'bucketRegion'>;

const ENTRIES: Record<S3ProblemCode, Entry> = {
  S3_INVALID_ACCESS_KEY_ID: {
    code: 'S3_INVALID_ACCESS_KEY_ID',
    message: 'AWS does not know this access key ID.',
    hint: 'Copy the access key ID again from the IAM user (it starts with AKIA); a deleted or deactivated key also gives this.',
  },
  S3_SIGNATURE_MISMATCH: {
    code: 'S3_SIGNATURE_MISMATCH',
    message: 'The secret access key does not match the access key ID.',
    hint: 'Paste the secret again, without spaces or line breaks; if it is lost, create a new access key for the IAM user.',
  },
  S3_ACCESS_DENIED: {
    code: 'S3_ACCESS_DENIED',
    message: 'The key was refused: its policy does not allow this request.',
    hint: 'Check the IAM policy: the bucket name in it must be yours (not the guide’s placeholder) and the resource must end in /*.',
  },
  S3_NO_SUCH_BUCKET: {
    code: 'S3_NO_SUCH_BUCKET',
    message: 'The bucket does not exist.',
    hint: 'Check the bucket name for typos; bucket names are lowercase. Create the bucket if it is missing.',
  },
  S3_WRONG_REGION: {
    code: 'S3_WRONG_REGION',
    message: 'The bucket is in another region than the one entered.',
    hint: 'Enter the bucket’s own region (shown in the S3 console next to the bucket).',
  },
  S3_CLOCK_SKEW: {
    code: 'S3_CLOCK_SKEW',
    message: 'The server clock differs from AWS’s by more than 15 minutes, so every request is refused.',
    hint: 'Synchronise the server’s clock (NTP).',
  },
  CREDENTIALS_EXPIRED: {
    code: 'CREDENTIALS_EXPIRED',
    message: 'The temporary credentials have expired.',
    hint: 'Get fresh temporary credentials (assume the role again), or use an IAM user’s long-term keys.',
  },
  NO_SUCH_UPLOAD: {
    code: 'NO_SUCH_UPLOAD',
    message: 'The multipart upload does not exist: it was completed, aborted or never started.',
    hint: 'Start a new upload with createMultipartUpload.',
  },
  INVALID_PARTS: {
    code: 'INVALID_PARTS',
    message:
      'S3 refused the parts: a part is missing, its ETag is wrong, or a part other than the last is under 5 MiB.',
    hint: 'Send every uploaded part with the ETag S3 returned for it, and plan part sizes with planParts.',
  },
  S3_OPERATION_UNSUPPORTED: {
    code: 'S3_OPERATION_UNSUPPORTED',
    message: 'This S3-compatible service does not support the operation.',
    hint: 'Check the storage provider’s list of supported S3 operations.',
  },
  S3_CONNECTION_REFUSED: {
    code: 'S3_CONNECTION_REFUSED',
    message: 'The S3 endpoint refused the connection.',
    hint: 'Check the endpoint URL and port, and that the storage service is running.',
  },
  S3_DNS_FAILURE: {
    code: 'S3_DNS_FAILURE',
    message: 'The S3 endpoint’s host name could not be resolved.',
    hint: 'Check the region and endpoint for typos, and the server’s DNS.',
  },
  S3_TLS_FAILURE: {
    code: 'S3_TLS_FAILURE',
    message: 'The secure connection to S3 failed (certificate problem).',
    hint: 'Bucket names with dots break virtual-hosted HTTPS; use path-style, or check the endpoint’s certificate.',
  },
  S3_TIMEOUT: {
    code: 'S3_TIMEOUT',
    message: 'S3 did not answer in time.',
    hint: 'Try again; if it keeps timing out, check the endpoint and the server’s outbound network.',
  },
  S3_SERVER_ERROR: {
    code: 'S3_SERVER_ERROR',
    message: 'S3 answered with a server error.',
    hint: 'This is usually temporary on the storage side: try again in a minute.',
  },
  S3_UNEXPECTED_RESPONSE: {
    code: 'S3_UNEXPECTED_RESPONSE',
    message: 'S3 answered in an unexpected way.',
    hint: 'Try again; if it persists, note the error name and check the bucket’s settings.',
  },
};

const BY_NAME: Record<string, S3ProblemCode> = {
  InvalidAccessKeyId: 'S3_INVALID_ACCESS_KEY_ID',
  InvalidClientTokenId: 'S3_INVALID_ACCESS_KEY_ID',
  SignatureDoesNotMatch: 'S3_SIGNATURE_MISMATCH',
  AccessDenied: 'S3_ACCESS_DENIED',
  Forbidden: 'S3_ACCESS_DENIED',
  AllAccessDisabled: 'S3_ACCESS_DENIED',
  NoSuchBucket: 'S3_NO_SUCH_BUCKET',
  PermanentRedirect: 'S3_WRONG_REGION',
  AuthorizationHeaderMalformed: 'S3_WRONG_REGION',
  IllegalLocationConstraintException: 'S3_WRONG_REGION',
  RequestTimeTooSkewed: 'S3_CLOCK_SKEW',
  SignatureExpired: 'S3_CLOCK_SKEW',
  ExpiredToken: 'CREDENTIALS_EXPIRED',
  TokenRefreshRequired: 'CREDENTIALS_EXPIRED',
  NoSuchUpload: 'NO_SUCH_UPLOAD',
  InvalidPart: 'INVALID_PARTS',
  InvalidPartOrder: 'INVALID_PARTS',
  EntityTooSmall: 'INVALID_PARTS',
  MethodNotAllowed: 'S3_OPERATION_UNSUPPORTED',
  NotImplemented: 'S3_OPERATION_UNSUPPORTED',
  EPIPE: 'S3_CONNECTION_REFUSED',
  ECONNREFUSED: 'S3_CONNECTION_REFUSED',
  ECONNRESET: 'S3_CONNECTION_REFUSED',
  ENOTFOUND: 'S3_DNS_FAILURE',
  EAI_AGAIN: 'S3_DNS_FAILURE',
  AbortError: 'S3_TIMEOUT',
  TimeoutError: 'S3_TIMEOUT',
  ETIMEDOUT: 'S3_TIMEOUT',
  RequestTimeout: 'S3_TIMEOUT',
  UND_ERR_CONNECT_TIMEOUT: 'S3_TIMEOUT',
  UND_ERR_SOCKET: 'S3_CONNECTION_REFUSED',
  InternalError: 'S3_SERVER_ERROR',
  ServiceUnavailable: 'S3_SERVER_ERROR',
  SlowDown: 'S3_SERVER_ERROR',
};

const TLS_CODES = /^(CERT_|ERR_TLS_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT)/;

interface ErrorFacts {
  name: string;
  status: number | undefined;
  bucketRegion: string | undefined;
}

function readFacts(error: unknown): ErrorFacts {
  const record = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const cause = (record.cause ?? {}) as Record<string, unknown>;
  // Network errors carry a Node error code, on the error itself (SDK) or on its cause (fetch).
  const networkCode = [record.code, cause.code].find((value): value is string => typeof value === 'string');
  const metadata = record.$metadata as { httpStatusCode?: number } | undefined;
  const response = record.$response as { headers?: Record<string, string> } | undefined;
  const name =
    networkCode ??
    (typeof record.Code === 'string' ? record.Code : undefined) ??
    (typeof record.name === 'string' ? record.name : 'Error');
  return {
    name,
    status: metadata?.httpStatusCode ?? (typeof record.status === 'number' ? record.status : undefined),
    bucketRegion: response?.headers?.['x-amz-bucket-region'],
  };
}

function codeFor({ name, status }: ErrorFacts): S3ProblemCode {
  const byName = BY_NAME[name];
  if (byName !== undefined) return byName;
  if (TLS_CODES.test(name)) return 'S3_TLS_FAILURE';
  if (status === 301) return 'S3_WRONG_REGION';
  if (status === 403) return 'S3_ACCESS_DENIED';
  if (status === 404 || name === 'NotFound') return 'S3_NO_SUCH_BUCKET';
  if (status === 501) return 'S3_OPERATION_UNSUPPORTED';
  if (status !== undefined && status >= 500) return 'S3_SERVER_ERROR';
  return 'S3_UNEXPECTED_RESPONSE';
}

/**
 * Translates an error from the AWS SDK, from `fetch`, or an S3 error code
 * name into one stable code with a message and hint a person can act on.
 * The original error's message is not copied: it may quote request details.
 *
 * @example
 * try { await s3.send(new PutObjectCommand(input)); }
 * catch (error) { const { code, message, hint } = describeS3Error(error); }
 */
export function describeS3Error(error: unknown): S3Problem {
  const facts =
    typeof error === 'string' ? { name: error, status: undefined, bucketRegion: undefined } : readFacts(error);
  const entry = ENTRIES[codeFor(facts)];
  return {
    ...entry,
    cause: facts.name,
    ...(facts.bucketRegion === undefined ? {} : { bucketRegion: facts.bucketRegion }),
  };
}

/** The `<Code>` of an S3 XML error body, if there is one. */
export function s3ErrorCodeFromXml(body: string): string | undefined {
  return /<Code>([^<]{1,100})<\/Code>/.exec(body)?.[1];
}
