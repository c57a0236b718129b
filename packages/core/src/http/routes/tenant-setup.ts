// The tenant's own bucket setup: the live check and the documents to paste.
import { generateUploadPolicy } from '../../policy';
import { generateCorsConfiguration, generateLifecycleConfiguration } from '../../setup';
import { verifyConnection } from '../../verify';
import type { Route, RouteContext } from './route-context';

function originsOf(route: RouteContext<unknown>): string[] {
  if (route.options.origins !== undefined) return route.options.origins;
  const origin = route.exchange.header('origin');
  return origin === undefined || origin === 'null' ? [] : [origin];
}

/** `POST /connection/verify`: runs `verifyConnection` for the tenant; the answer never holds the secret. */
async function verify(route: RouteContext<unknown>): Promise<unknown> {
  // The tenant as stored: for a role, the check also proves the external ID is enforced.
  return verifyConnection(route.tenant, { origins: originsOf(route) });
}

/** `GET /setup`: the tenant's upload policies, CORS rule and lifecycle rule, filled in. */
async function setupDocuments(route: RouteContext<unknown>): Promise<unknown> {
  const { bucket, prefix } = route.connection;
  const scope = prefix ? { bucket, prefix } : { bucket };
  const origins = originsOf(route);
  return {
    bucket,
    prefix: prefix ?? null,
    policy: generateUploadPolicy(scope),
    multipartPolicy: generateUploadPolicy({ ...scope, tier: 'multipart' }),
    cors: origins.length > 0 ? generateCorsConfiguration({ origins }).rules : null,
    lifecycle: generateLifecycleConfiguration({
      expireAfterDays: 5,
      abortIncompleteAfterDays: 1,
      ...(prefix ? { prefix } : {}),
    }),
  };
}

export const tenantSetupRoutes: Route[] = [
  { method: 'POST', path: '/connection/verify', action: 'connection:verify', handle: verify },
  { method: 'GET', path: '/setup', action: 'setup:read', handle: setupDocuments },
];
