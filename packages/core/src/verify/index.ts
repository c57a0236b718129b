export { DeadlineError } from './deadline';
export {
  type CallerIdentity,
  CHECK_IDS,
  type CheckId,
  type CheckStatus,
  type ConnectionCheck,
  ROLE_CHECK_IDS,
  type VerifyOptions,
  type VerifyResult,
} from './types';
export { DEFAULT_VERIFY_TIMEOUT_MS, verifyConnection } from './verify-connection';
