import { isSosError, SosError } from '../errors';
import { scrubError } from '../redaction';
import { resolveConnection } from '../roles';
import { errorResponse } from './error-response';
import type { HandlerContext, UploadHandlerOptions } from './options';
import { matchRoute } from './router';
import { companionRoutes } from './routes/companion';
import type { Route, RouteContext } from './routes/route-context';
import { tenantSetupRoutes } from './routes/tenant-setup';
import { uploadRoutes } from './routes/uploads';

/** A framework-agnostic upload handler: web `Request` in, web `Response` out. */
export type UploadHandler<Extra = unknown> = (request: Request, extra: Extra) => Promise<Response>;

/** Every route the handler serves, in matching order. */
export const UPLOAD_ROUTES: readonly Route[] = [...uploadRoutes, ...tenantSetupRoutes, ...companionRoutes];

const NO_STORE = { 'cache-control': 'no-store' };

/**
 * Creates the HTTP handler that signs browser uploads into each tenant's own
 * bucket: sos's JSON API (`POST /uploads`, `POST /connection/verify`,
 * `GET /setup`) and Uppy Companion's S3 protocol (`/s3/params`,
 * `/s3/multipart…`), relative to where it is mounted. Mount it with
 * `@sos/express` or `@sos/fastify`, or call it with a web `Request`.
 *
 * Every request resolves its own tenant (`resolveTenant`) and is authorised
 * (`authorize`) before its input is read; the bucket and the keys never come
 * from the client, and every key stays inside the tenant's prefix. It keeps no
 * state between requests. Every error is JSON `{ error: { code, message, hint } }`
 * with the status of the code.
 *
 * @example
 * const handle = createUploadHandler({ resolveTenant: ({ request }) => tenants.connectionFor(request) });
 * const response = await handle(request, {});
 */
export function createUploadHandler<Extra = unknown>(options: UploadHandlerOptions<Extra>): UploadHandler<Extra> {
  const routeOptions: UploadHandlerOptions<unknown> = options;

  return async (request, extra) => {
    const url = new URL(request.url);
    const ctx: HandlerContext<Extra> = { ...extra, request };
    let action: string | undefined;
    try {
      const { route, params } = matchRoute(UPLOAD_ROUTES, request.method, url.pathname);
      action = route.action;
      const tenant = await options.resolveTenant(ctx);
      const connection = await resolveConnection(tenant, options.roles);
      if (options.authorize !== undefined && (await options.authorize(ctx, route.action)) === false) {
        throw new SosError('FORBIDDEN', 'This request is not allowed.', {
          hint: 'Your account may not do this; ask your administrator.',
        });
      }
      const routeContext: RouteContext<unknown> = {
        ctx,
        tenant,
        connection,
        params,
        query: url.searchParams,
        options: routeOptions,
      };
      return Response.json(await route.handle(routeContext), { headers: NO_STORE });
    } catch (error) {
      const response = errorResponse(error);
      const entry = {
        method: request.method,
        path: url.pathname,
        action,
        status: response.status,
        code: isSosError(error) ? error.code : 'INTERNAL_ERROR',
        ...(isSosError(error) && error.details?.s3Code !== undefined ? { s3Code: error.details.s3Code } : {}),
      };
      // Errors from core are scrubbed already; one thrown by the app's own resolveTenant may not be.
      if (response.status >= 500) options.logger?.error({ ...entry, err: scrubError(error) }, 'sos request failed');
      else options.logger?.warn(entry, 'sos request refused');
      const allow = isSosError(error) ? error.details?.allow : undefined;
      if (Array.isArray(allow)) response.headers.set('allow', allow.join(', '));
      return response;
    }
  };
}
