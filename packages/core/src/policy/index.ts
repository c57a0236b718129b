export type { ContextValue, RequestContext } from './conditions';
export { evaluatePolicy, type PolicyDecision, type PolicyRequest, type UnsupportedCondition } from './evaluate-policy';
export { generateUploadPolicy, type UploadPolicyOptions } from './generate-upload-policy';
export {
  type LintPolicyOptions,
  type LintSeverity,
  POLICY_FINDINGS,
  type PolicyFinding,
  type PolicyFindingCode,
} from './lint-finding';
export { lintPolicy } from './lint-policy';
export { S3_ACTIONS, UPLOAD_ACTIONS, type UploadTier } from './s3-actions';
export type { ConditionValue, PolicyCondition, PolicyDocument, PolicyStatement } from './types';
export { normalizeUploadPrefix } from './upload-prefix';
