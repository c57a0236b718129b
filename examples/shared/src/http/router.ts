import { AppError, errorToResponse } from './app-error';

/** A request as a route sees it. */
export interface RouteRequest {
  request: Request;
  url: URL;
  /** The path's `:name` segments, decoded. */
  params: Record<string, string>;
}

/** One route of the demo's own API or pages. */
export interface AppRoute {
  method: 'GET' | 'POST' | 'PUT';
  /** Literal segments and `:name` parameters, such as `/api/labs/:id/check`. */
  path: string;
  handle(request: RouteRequest): Promise<Response> | Response;
}

function match(pattern: string, pathname: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const have = pathname.split('/');
  if (want.length !== have.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, segment] of want.entries()) {
    const actual = have[index] ?? '';
    if (segment.startsWith(':')) {
      if (actual === '') return undefined;
      try {
        params[segment.slice(1)] = decodeURIComponent(actual);
      } catch {
        return undefined;
      }
    } else if (segment !== actual) return undefined;
  }
  return params;
}

/**
 * A web handler (`Request` in, `Response` out) over a route table: the first
 * route whose path and method match answers; a path that matches with
 * another method is a 405, and anything else goes to `fallback`. Whatever a
 * route throws becomes a JSON error (see `errorToResponse`).
 */
export function createRouter(
  routes: readonly AppRoute[],
  fallback: (request: RouteRequest) => Promise<Response> | Response,
  log: (line: string) => void,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    try {
      const allowed: string[] = [];
      for (const route of routes) {
        const params = match(route.path, url.pathname);
        if (params === undefined) continue;
        if (route.method === request.method) return await route.handle({ request, url, params });
        allowed.push(route.method);
      }
      if (allowed.length > 0) {
        const response = errorToResponse(
          new AppError(405, 'METHOD_NOT_ALLOWED', `${request.method} is not allowed here.`, {
            hint: `Use ${allowed.join(' or ')}.`,
          }),
          log,
        );
        response.headers.set('allow', allowed.join(', '));
        return response;
      }
      return await fallback({ request, url, params: {} });
    } catch (error) {
      return errorToResponse(error, log);
    }
  };
}
