// The tenant's own bucket setup: the live check and the documents to paste.
import type { ValidationIssue } from '../../errors';
import { generateUploadPolicy } from '../../policy';
import { generateCorsConfiguration, generateLifecycleConfiguration } from '../../setup';
import { verifyConnection } from '../../verify';
import type { Exchange } from '../exchange';
import type { Route, RouteContext } from './route-context';

/** Why `GET /setup` answers no CORS rule. */
const ORIGINS_NOT_CONFIGURED: ValidationIssue = {
  code: 'CORS_ORIGINS_NOT_CONFIGURED',
  message: 'The upload handler has no origins configured, so no CORS rule can be written for the bucket.',
  hint: "Pass your app's origins to the handler, e.g. origins: ['https://app.example.com'].",
};

/**
 * The request's `Origin`, only when it is certainly the app's own page: the
 * browser says the request is same-origin (`Sec-Fetch-Site`), or the Origin
 * names the host the request was sent to. A page on another site cannot make
 * the check take its origin for the app's.
 */
function sameOrigin(exchange: Exchange): string | undefined {
  const origin = exchange.header('origin');
  if (origin === undefined || origin === 'null') return undefined;
  if (exchange.header('sec-fetch-site') === 'same-origin') return origin;
  const { host } = exchange;
  if (host === undefined) return undefined;
  try {
    return new URL(origin).host === host.toLowerCase() ? origin : undefined;
  } catch {
    return undefined;
  }
}

/** `POST /connection/verify`: runs `verifyConnection` for the tenant; the answer never holds the secret. */
async function verify(route: RouteContext<unknown>): Promise<unknown> {
  const configured = route.options.origins;
  const origin = configured === undefined ? sameOrigin(route.exchange) : undefined;
  const origins = configured ?? (origin === undefined ? [] : [origin]);
  // The tenant as stored: for a role, the check also proves the external ID is enforced.
  const { allowEndpoint } = route.options;
  return verifyConnection(route.tenant, { origins, ...(allowEndpoint === undefined ? {} : { allowEndpoint }) });
}

/**
 * `GET /setup`: the tenant's upload policies, CORS rule and lifecycle rule,
 * filled in. The CORS rule's origins are the handler's `origins` only, never
 * the request's; without them, `cors` is `null` and `corsWarnings` says why.
 */
async function setupDocuments(route: RouteContext<unknown>): Promise<unknown> {
  const { bucket, prefix } = route.connection;
  const scope = prefix ? { bucket, prefix } : { bucket };
  const { origins } = route.options;
  const cors = origins === undefined || origins.length === 0 ? undefined : generateCorsConfiguration({ origins });
  return {
    bucket,
    prefix: prefix ?? null,
    policy: generateUploadPolicy(scope),
    multipartPolicy: generateUploadPolicy({ ...scope, tier: 'multipart' }),
    cors: cors === undefined ? null : cors.rules,
    corsWarnings: cors === undefined ? [ORIGINS_NOT_CONFIGURED] : cors.warnings,
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
