export { type AssumeRoleRequest, assumeRole, roleAssumeError } from './assume-role';
export {
  type ParsedRoleArn,
  parseRoleArn,
  validateRoleCredentials,
} from './role-format';
export {
  createRoleResolver,
  DEFAULT_ROLE_REFRESH_BEFORE_MS,
  DEFAULT_ROLE_SESSION_NAME,
  DEFAULT_ROLE_SESSION_SECONDS,
  defaultRoleResolver,
  type RoleResolver,
  type RoleResolverOptions,
  resolveConnection,
} from './role-resolver';
export { generateTrustPolicy, newExternalId, type TrustPolicy, type TrustPolicyOptions } from './trust-policy';
