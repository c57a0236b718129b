/**
 * Every error code sos can raise, with the HTTP status a server should answer
 * with. Codes are stable: they are part of the public API and safe to branch on.
 */
export const ERROR_STATUS = {
  /** A value passed to a function does not have the expected shape. */
  INVALID_INPUT: 400,
  /** A presigned URL's lifetime is out of range or outlives its credentials. */
  INVALID_EXPIRY: 400,
  /** The credentials have already expired. */
  CREDENTIALS_EXPIRED: 401,
  /** An object key would leave the tenant's prefix. */
  KEY_OUTSIDE_PREFIX: 403,
  /** The request body is not valid JSON. */
  INVALID_JSON: 400,
  /** The request body is larger than the handler accepts. */
  BODY_TOO_LARGE: 413,
  /** No route matches the request's path. */
  ROUTE_NOT_FOUND: 404,
  /** The route exists but not for this HTTP method. */
  METHOD_NOT_ALLOWED: 405,
  /** The caller may not do this (raised by your `authorize` or `resolveTenant`). */
  FORBIDDEN: 403,
  /** The caller is not signed in (raised by your `resolveTenant`). */
  UNAUTHENTICATED: 401,
  /** `resolveTenant` returned no connection (`undefined` or `null`) for this request. */
  TENANT_NOT_FOUND: 401,
  /** The path has dot segments (`..`, `%2e%2e`) or encoded slashes (`%2F`), which no sos route uses. */
  INVALID_PATH: 400,
  /** A body was sent with another Content-Type than `application/json`. */
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** The JSON body nests deeper than the handler reads. */
  JSON_TOO_DEEP: 400,
  /** An unexpected failure inside the server; details are in the server log only. */
  INTERNAL_ERROR: 500,
  /** A file is larger than the tenant's `maxFileSize`. */
  FILE_TOO_LARGE: 413,
  /** A file is smaller than the tenant's `minFileSize`, or empty (unless `minFileSize` is 0). */
  FILE_TOO_SMALL: 400,
  /** A file's type or extension is not in the tenant's `allowedTypes`. */
  FILE_TYPE_NOT_ALLOWED: 415,
  /** A file's declared type contradicts its extension. */
  FILE_TYPE_MISMATCH: 400,
  /** A file's declared type is not a plain `type/subtype` (commas, parameters other than `charset`, bad characters). */
  INVALID_CONTENT_TYPE: 400,
  /** Uppy Companion's multipart routes cannot bound a file's size, and `maxFileSize` is set (see `companionMultipart`). */
  MULTIPART_SIZE_UNKNOWN: 403,
  /** More files in one request than the tenant's `maxFiles`. */
  TOO_MANY_FILES: 400,
  /** Multipart parts are missing, duplicated, out of range, too small or without an ETag. */
  INVALID_PARTS: 400,
  /** An upload ticket (from `POST /uploads`) is malformed, was changed, or belongs to another tenant or bucket. */
  INVALID_TICKET: 400,
  /** An upload ticket is older than the handler's `resumableFor`: the upload must start again. */
  TICKET_EXPIRED: 410,
  /** The multipart upload does not exist: it was completed, aborted or never started. */
  NO_SUCH_UPLOAD: 404,
  /** The bucket's policy lacks the rights to list or abort multipart uploads (the `multipart` policy tier). */
  MULTIPART_PERMISSION_MISSING: 403,
  /** The tenant's S3 endpoint is refused: a link-local, cloud-metadata or private address, or one the app's `allowEndpoint` refused. */
  ENDPOINT_NOT_ALLOWED: 403,
  /** S3 refused the request: the bucket policy does not allow it. */
  S3_ACCESS_DENIED: 403,
  /** S3 does not know the tenant's access key ID (mistyped, deleted or deactivated). */
  S3_INVALID_ACCESS_KEY_ID: 502,
  /** The tenant's secret access key does not match its key ID. */
  S3_SIGNATURE_MISMATCH: 502,
  /** The tenant's bucket does not exist. */
  S3_NO_SUCH_BUCKET: 502,
  /** The tenant's bucket is in another region than its connection says. */
  S3_WRONG_REGION: 502,
  /** This server's clock is more than 15 minutes off S3's. */
  S3_CLOCK_SKEW: 502,
  /** The S3 endpoint refused the connection. */
  S3_CONNECTION_REFUSED: 503,
  /** The S3 endpoint's host name does not resolve. */
  S3_DNS_FAILURE: 503,
  /** The TLS connection to S3 failed (certificate problem). */
  S3_TLS_FAILURE: 503,
  /** The endpoint's port is one browsers (and `fetch`) refuse to connect to, such as 1 or 6000: uploads to it cannot work. */
  S3_PORT_BLOCKED: 502,
  /** S3 did not answer in time. */
  S3_TIMEOUT: 504,
  /** S3 answered with a server error (5xx); usually temporary. */
  S3_SERVER_ERROR: 503,
  /** The S3-compatible service does not implement this operation. */
  S3_OPERATION_UNSUPPORTED: 501,
  /** S3 answered with an error not covered by a more specific code. */
  S3_UNEXPECTED_RESPONSE: 502,
  /** A credential vault key is not 32 bytes, has a malformed ID, or the active key is missing. */
  VAULT_KEY_INVALID: 500,
  /** Sealed credentials name a key (or KMS envelope) this vault does not have. */
  VAULT_KEY_UNKNOWN: 500,
  /** Sealed credentials are malformed, were tampered with, or were sealed for another tenant. */
  VAULT_INVALID: 500,
  /** KMS could not generate or decrypt the data key of envelope-sealed credentials. */
  VAULT_KMS_FAILED: 503,
  /** AWS refused to let this service assume the tenant's role: its trust policy or the external ID does not match. */
  ROLE_ASSUME_DENIED: 502,
  /** This service's own AWS credentials, used to assume tenants' roles, are missing or invalid. */
  ROLE_VENDOR_CREDENTIALS_INVALID: 500,
  /** Assuming the tenant's role failed otherwise: STS unreachable, region disabled, session too long. */
  ROLE_ASSUME_FAILED: 503,
} as const satisfies Record<string, number>;

/** A stable, documented error code. */
export type SosErrorCode = keyof typeof ERROR_STATUS;

/**
 * The HTTP status that goes with an error code.
 *
 * @example
 * httpStatusFor('INVALID_INPUT'); // 400
 */
export function httpStatusFor(code: SosErrorCode): number {
  return ERROR_STATUS[code];
}
