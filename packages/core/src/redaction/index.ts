export { LOG_REDACT_PATHS } from './log-redact-paths';
export { ScrubbedError, scrubError, scrubText } from './scrub-error';
export {
  MASKED_SECRET,
  type RedactedCredentialsJSON,
  redactedCredentials,
  TenantCredentials,
  type TenantCredentialsOptions,
} from './tenant-credentials';
