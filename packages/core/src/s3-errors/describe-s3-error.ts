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
  | 'S3_PORT_BLOCKED'
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
  /** The error name S3 or the network layer gave, e.g. `AccessDenied`, `ECONNREFUSED` or `ERR_UNSAFE_PORT`. */
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
    hint: 'Start the upload again.',
  },
  INVALID_PARTS: {
    code: 'INVALID_PARTS',
    message:
      'S3 refused the parts: a part is missing, its ETag is wrong, or a part other than the last is under 5 MiB.',
    hint: 'Send every uploaded part with the ETag S3 returned for it; every part but the last must be at least 5 MiB.',
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
  S3_PORT_BLOCKED: {
    code: 'S3_PORT_BLOCKED',
    message:
      'Browsers refuse to connect to the endpoint’s port (one kept for other protocols), so uploads to it cannot work; this check cannot reach it either.',
    hint: 'Run the storage service on another port (MinIO listens on 9000 by default) and change the endpoint.',
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
  EHOSTUNREACH: 'S3_CONNECTION_REFUSED',
  ENETUNREACH: 'S3_CONNECTION_REFUSED',
  ENOTFOUND: 'S3_DNS_FAILURE',
  EAI_AGAIN: 'S3_DNS_FAILURE',
  ERR_UNSAFE_PORT: 'S3_PORT_BLOCKED',
  AbortError: 'S3_TIMEOUT',
  TimeoutError: 'S3_TIMEOUT',
  ETIMEDOUT: 'S3_TIMEOUT',
  RequestTimeout: 'S3_TIMEOUT',
  UND_ERR_CONNECT_TIMEOUT: 'S3_TIMEOUT',
  UND_ERR_HEADERS_TIMEOUT: 'S3_TIMEOUT',
  UND_ERR_BODY_TIMEOUT: 'S3_TIMEOUT',
  UND_ERR_SOCKET: 'S3_CONNECTION_REFUSED',
  InternalError: 'S3_SERVER_ERROR',
  ServiceUnavailable: 'S3_SERVER_ERROR',
  SlowDown: 'S3_SERVER_ERROR',
};

const TLS_CODES = /^(CERT_|ERR_TLS_|ERR_SSL_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT)/;

type Words = Pick<Entry, 'message' | 'hint'>;

const CLOSED: Words = {
  message: 'The S3 endpoint closed the connection without answering.',
  hint: 'Check that the endpoint URL and port are those of the storage service (http:// or https:// as it expects), and that it is running.',
};
const UNREACHABLE: Words = {
  message: 'The S3 endpoint cannot be reached from this server: there is no network route to it.',
  hint: 'Check the endpoint’s address, and that this server’s network (firewall, VPN) lets it through.',
};

/** Network causes that share a code with others but need their own words. */
const BY_CAUSE: Record<string, Words> = {
  ECONNRESET: CLOSED,
  EPIPE: CLOSED,
  UND_ERR_SOCKET: CLOSED,
  EHOSTUNREACH: UNREACHABLE,
  ENETUNREACH: UNREACHABLE,
  // What OpenSSL says when the other side answers a TLS handshake in plain HTTP.
  ERR_SSL_WRONG_VERSION_NUMBER: {
    message: 'The endpoint does not speak HTTPS on this port: it answered the secure connection in plain HTTP.',
    hint: 'Write the endpoint with http:// instead of https://, or use the port where the storage service serves HTTPS.',
  },
};

/** The wording for an S3-compatible storage service, where "AWS" would be wrong. */
const OTHER_SERVICE: Partial<Record<S3ProblemCode, Partial<Words>>> = {
  S3_INVALID_ACCESS_KEY_ID: {
    message: 'The storage service does not know this access key ID.',
    hint: 'Copy the access key ID again from the storage service’s console; a deleted or deactivated key also gives this.',
  },
  S3_SIGNATURE_MISMATCH: {
    hint: 'Paste the secret again, without spaces or line breaks; if it is lost, create a new access key on the storage service.',
  },
  S3_CLOCK_SKEW: {
    message:
      'The server clock differs from the storage service’s by more than 15 minutes, so every request is refused.',
  },
};

interface ErrorFacts {
  name: string;
  status: number | undefined;
  bucketRegion: string | undefined;
}

const asRecord = (value: unknown): Record<string, unknown> =>
  (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;

/**
 * The Node error code of a network failure: on the error itself (SDK), on its
 * cause (fetch), or on the first of the cause's errors (fetch trying IPv6 and
 * IPv4 in turn fails with an AggregateError).
 */
function networkCodeOf(record: Record<string, unknown>): string | undefined {
  const cause = asRecord(record.cause);
  const first = Array.isArray(cause.errors) ? asRecord(cause.errors[0]) : {};
  const code = [record.code, cause.code, first.code].find((value): value is string => typeof value === 'string');
  if (code !== undefined) return code;
  // fetch refuses the Fetch standard's blocked ports (1, 25, 6000…) before connecting, with no code; browsers name it so.
  return cause.message === 'bad port' ? 'ERR_UNSAFE_PORT' : undefined;
}

function readFacts(error: unknown): ErrorFacts {
  const record = asRecord(error);
  const metadata = record.$metadata as { httpStatusCode?: number } | undefined;
  const response = record.$response as { headers?: Record<string, string> } | undefined;
  const name =
    networkCodeOf(record) ??
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

/** Options of {@link describeS3Error}. */
export interface DescribeS3ErrorOptions {
  /**
   * The connection's S3 endpoint. When it is set and not an AWS host, the
   * words speak of "the storage service" where they would otherwise name AWS.
   * @default Amazon S3
   */
  endpoint?: string | undefined;
}

/** Whether requests to `endpoint` go to AWS: none given (Amazon S3 itself), or an `amazonaws.com` host. */
function isAwsEndpoint(endpoint: string | undefined): boolean {
  if (endpoint === undefined) return true;
  let hostname: string;
  try {
    hostname = new URL(endpoint).hostname;
  } catch {
    return false;
  }
  return /(^|\.)amazonaws\.com(\.cn)?\.?$/.test(hostname);
}

/** The port of `endpoint` as a person would write it, or undefined. */
function portOf(endpoint: string | undefined): string | undefined {
  if (endpoint === undefined) return undefined;
  try {
    return new URL(endpoint).port || undefined;
  } catch {
    return undefined;
  }
}

function wordsFor(code: S3ProblemCode, name: string, endpoint: string | undefined): Words {
  const { message, hint } = ENTRIES[code];
  const words: Words = {
    message,
    hint,
    ...BY_CAUSE[name],
    ...(isAwsEndpoint(endpoint) ? {} : OTHER_SERVICE[code]),
  };
  if (code === 'S3_UNEXPECTED_RESPONSE') return { ...words, message: `S3 answered in an unexpected way (${name}).` };
  const port = portOf(endpoint);
  if (code === 'S3_PORT_BLOCKED' && port !== undefined) {
    return {
      ...words,
      message: `Browsers refuse to connect to port ${port}, which is kept for other protocols, so uploads to this endpoint cannot work; this check cannot reach it either.`,
    };
  }
  return words;
}

/**
 * Translates an error from the AWS SDK, from `fetch`, or an S3 error code
 * name into one stable code with a message and hint a person can act on.
 * The original error's message is not copied: it may quote request details.
 * Pass the connection's `endpoint` so that an S3-compatible service is not
 * called AWS.
 *
 * @example
 * try { await s3.send(new PutObjectCommand(input)); }
 * catch (error) { const { code, message, hint } = describeS3Error(error, { endpoint: connection.endpoint }); }
 */
export function describeS3Error(error: unknown, options: DescribeS3ErrorOptions = {}): S3Problem {
  const facts =
    typeof error === 'string' ? { name: error, status: undefined, bucketRegion: undefined } : readFacts(error);
  const code = codeFor(facts);
  return {
    code,
    ...wordsFor(code, facts.name, options.endpoint),
    cause: facts.name,
    ...(facts.bucketRegion === undefined ? {} : { bucketRegion: facts.bucketRegion }),
  };
}

/** The `<Code>` of an S3 XML error body, if there is one. */
export function s3ErrorCodeFromXml(body: string): string | undefined {
  return /<Code>([^<]{1,100})<\/Code>/.exec(body)?.[1];
}
