export {
  connectionFingerprint,
  createS3Client,
  defaultClientCache,
  S3ClientCache,
  type S3ClientCacheOptions,
  usesPathStyle,
} from './client-cache';
export { assertEndpointAllowed, type EndpointFilter } from './endpoint-guard';
export { isRoleConnection } from './role-connection';
export type { AccessKeyCredentials, Connection, RoleConnection, RoleCredentials, TenantConnection } from './types';
