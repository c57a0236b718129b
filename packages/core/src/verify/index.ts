export { DeadlineError } from './deadline';
export {
  type CallerIdentity,
  CHECK_IDS,
  type CheckId,
  type CheckStatus,
  type ConnectionCheck,
  type VerifyOptions,
  type VerifyResult,
} from './types';
export { DEFAULT_VERIFY_TIMEOUT_MS, verifyConnection } from './verify-connection';
