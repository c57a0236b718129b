import type { RoleConnection, TenantConnection } from './types';

/**
 * Whether a connection names a role to assume (`{ roleArn, externalId }`)
 * rather than access keys.
 *
 * @example
 * const keys = isRoleConnection(connection) ? await resolveConnection(connection) : connection;
 */
export function isRoleConnection(connection: TenantConnection): connection is RoleConnection {
  const credentials = connection.credentials as Partial<Record<'roleArn' | 'secretAccessKey', unknown>>;
  return typeof credentials?.roleArn === 'string' && credentials.secretAccessKey === undefined;
}
