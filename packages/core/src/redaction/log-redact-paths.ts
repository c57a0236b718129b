const SECRET_FIELDS = ['secretAccessKey', 'sessionToken', 'SecretAccessKey', 'SessionToken'] as const;
// Written as property accessors, so names with a hyphen are in brackets.
const HEADER_FIELDS = ['.authorization', '.Authorization', '["x-amz-security-token"]', '.cookie'] as const;

/**
 * Paths for pino's `redact` option (and other loggers that use the same
 * syntax, `fast-redact`) that hide tenant secrets in the shapes they are
 * usually logged in: credentials on their own or inside a connection, one
 * level down (`*.secretAccessKey`), the AWS SDK's and STS's capitalised
 * fields (`Credentials.SecretAccessKey`), and request headers that carry a
 * signature or a session (`authorization`, `x-amz-security-token`, `cookie`)
 * on `headers`, `req.headers` and `request.headers`.
 *
 * Credentials wrapped by `redactedCredentials` (and those core returns) are
 * already masked when serialised; these paths cover plain objects from your
 * own store.
 *
 * @example
 * import pino from 'pino';
 * const logger = pino({ redact: { paths: [...LOG_REDACT_PATHS], censor: '[redacted]' } });
 * logger.info({ connection }); // "secretAccessKey":"[redacted]"
 */
export const LOG_REDACT_PATHS: readonly string[] = Object.freeze([
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((field) => `*.${field}`),
  ...SECRET_FIELDS.flatMap((field) => [
    `credentials.${field}`,
    `Credentials.${field}`,
    `*.credentials.${field}`,
    `*.Credentials.${field}`,
    `connection.credentials.${field}`,
    `*.connection.credentials.${field}`,
  ]),
  ...HEADER_FIELDS.flatMap((field) => [`headers${field}`, `req.headers${field}`, `request.headers${field}`]),
]);
