import { assertEndpointAllowed, isRoleConnection } from '../connection';
import { isSosError, SosError } from '../errors';
import { scrubError } from '../redaction';
import { resolveConnection } from '../roles';
import { errorHttpResponse, jsonHeaders, toWebResponse } from './error-response';
import { Exchange, type UploadHttpRequest, type UploadHttpResponse } from './exchange';
import type { HandlerContext, UploadHandlerOptions } from './options';
import { MAX_COMPLETE_BODY_BYTES } from './read-body';
import { matchRoute } from './router';
import { companionRoutes } from './routes/companion';
import { resumeRoutes } from './routes/resume';
import type { Route, RouteContext } from './routes/route-context';
import { tenantSetupRoutes } from './routes/tenant-setup';
import { uploadRoutes } from './routes/uploads';
import { resolveResumableFor } from './ticket';

/** A framework-agnostic upload handler: web `Request` in, web `Response` out. */
export type UploadHandler<Extra = unknown> = (request: Request, extra: Extra) => Promise<Response>;

/**
 * The same handler for servers that are not web-`Request` based (Node's
 * `http`, Express, Fastify): a plain request description in, status, headers
 * and JSON text out. It never throws: every failure is an error answer.
 */
export type UploadHttpHandler<Extra = unknown> = (
  request: UploadHttpRequest,
  extra: Extra,
) => Promise<UploadHttpResponse>;

/** Every route the handler serves, in matching order. */
export const UPLOAD_ROUTES: readonly Route[] = [
  ...uploadRoutes,
  ...resumeRoutes,
  ...tenantSetupRoutes,
  ...companionRoutes,
];

/** A value that is certainly not a promise or thenable: an object without `then`. */
const isNotThenable = <T>(value: T | PromiseLike<T>): value is T =>
  typeof value === 'object' && value !== null && !('then' in value);

const tenantNotFound = (): SosError =>
  new SosError('TENANT_NOT_FOUND', 'No upload destination was found for this request.', {
    hint: 'Sign in again, or ask the administrator to connect a bucket.',
  });

/** `ctx.request` as a getter: the web `Request` is built only when a callback reads it. */
class RequestContext {
  readonly #exchange: Exchange;

  constructor(exchange: Exchange) {
    this.#exchange = exchange;
  }

  get request(): Request {
    return this.#exchange.request;
  }
}

/** The handler's context for a request: the adapter's fields, and `request`. */
function handlerContext<Extra>(exchange: Exchange, extra: Extra): HandlerContext<Extra> {
  const ctx = new RequestContext(exchange) as unknown as HandlerContext<Extra>;
  if (typeof extra !== 'object' || extra === null) return ctx;
  if (Object.hasOwn(extra, 'request')) {
    // An adapter's own `request` gives way to the web Request.
    const { request: _adapters, ...fields } = extra as Record<string, unknown>;
    Object.assign(ctx, fields);
  } else {
    Object.assign(ctx, extra);
  }
  return ctx;
}

/** Refuses, when the handler is created, ticket options that would fail every upload later. */
function checkTicketOptions(options: UploadHandlerOptions<never>): void {
  resolveResumableFor(options.resumableFor);
  if (
    options.ticketSecret !== undefined &&
    (typeof options.ticketSecret !== 'string' || options.ticketSecret.length < 32)
  ) {
    throw new SosError('INVALID_INPUT', 'ticketSecret must be a string of at least 32 characters.', {
      hint: 'Generate one with `openssl rand -base64 32` and keep it with your other secrets; or leave it out.',
    });
  }
  const days = options.abortIncompleteAfterDays;
  if (days !== undefined && (!Number.isSafeInteger(days) || days < 1)) {
    throw new SosError('INVALID_INPUT', 'abortIncompleteAfterDays must be a whole number of days, 1 or more.', {
      hint: "Give the DaysAfterInitiation of the tenants' lifecycle rule, or leave it out for 1.",
    });
  }
}

/**
 * Creates the upload handler for servers that are not web-`Request` based:
 * the same routes, checks and answers as {@link createUploadHandler}, without
 * turning each request into a web `Request` and back. `@sos/express` and
 * `@sos/fastify` mount this one.
 *
 * @example
 * const handle = createUploadHttpHandler({ resolveTenant: ({ req }) => tenants.connectionFor(req) });
 * http.createServer(async (req, res) => {
 *   sendHttpResponse(res, await handle(fromNodeRequest(req, { path: req.url ?? '/' }), { req }));
 * });
 */
export function createUploadHttpHandler<Extra = unknown>(
  options: UploadHandlerOptions<Extra>,
): UploadHttpHandler<Extra> {
  const routeOptions: UploadHandlerOptions<unknown> = options;
  checkTicketOptions(options);

  return async (input, extra) => {
    let exchange: Exchange | undefined;
    let action: string | undefined;
    try {
      exchange = new Exchange(input);
      const ctx = handlerContext(exchange, extra);
      const { route, params } = matchRoute(UPLOAD_ROUTES, exchange.method, exchange.pathname);
      action = route.action;
      // Before any callback runs, so none sees a body that sos refuses (a form post, JSON nested too deep).
      exchange.checkBody(MAX_COMPLETE_BODY_BYTES);
      const resolved = options.resolveTenant(ctx);
      // A tenant from a cache is used without a promise; anything else is awaited.
      const tenant = isNotThenable(resolved) ? resolved : await resolved;
      if (tenant === undefined || tenant === null) throw tenantNotFound();
      // Before anything is sent for this tenant: no role is assumed and no S3 call made for a refused endpoint.
      assertEndpointAllowed(tenant.endpoint, options.allowEndpoint);
      // Keys sign as they are; only a role waits for its temporary keys.
      const connection = isRoleConnection(tenant) ? await resolveConnection(tenant, options.roles) : tenant;
      if (options.authorize !== undefined && (await options.authorize(ctx, route.action)) === false) {
        throw new SosError('FORBIDDEN', 'This request is not allowed.', {
          hint: 'Your account may not do this; ask your administrator.',
        });
      }
      const routeContext: RouteContext<unknown> = {
        ctx,
        exchange,
        tenant,
        connection,
        params,
        query: exchange.query,
        options: routeOptions,
      };
      const body = JSON.stringify(await route.handle(routeContext));
      return { status: 200, headers: jsonHeaders(), body };
    } catch (error) {
      const response = errorHttpResponse(error);
      // Reading the rest of a body refused for its size is what the limit is there to avoid.
      if (isSosError(error) && error.code === 'BODY_TOO_LARGE' && exchange?.leavesBodyUnread === true) {
        response.headers.connection = 'close';
      }
      const entry = {
        method: input.method,
        path: exchange?.pathname ?? input.url,
        action,
        status: response.status,
        code: isSosError(error) ? error.code : 'INTERNAL_ERROR',
        ...(isSosError(error) && error.details?.s3Code !== undefined ? { s3Code: error.details.s3Code } : {}),
      };
      // Errors from core are scrubbed already; one thrown by the app's own resolveTenant may not be.
      if (response.status >= 500) options.logger?.error({ ...entry, err: scrubError(error) }, 'sos request failed');
      else options.logger?.warn(entry, 'sos request refused');
      return response;
    }
  };
}

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
  const handle = createUploadHttpHandler(options);
  return async (request, extra) => {
    const url = new URL(request.url);
    const answer = await handle(
      { method: request.method, url: `${url.pathname}${url.search}`, headers: request.headers, request },
      extra,
    );
    return toWebResponse(answer);
  };
}
