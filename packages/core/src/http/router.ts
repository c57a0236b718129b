import { SosError } from '../errors';

/** A route of the handler: a method, a path pattern with `:param` segments, and its handler. */
export interface RouteDefinition<Handler> {
  method: 'GET' | 'POST' | 'DELETE';
  /** E.g. `/s3/multipart/:uploadId/batch`. */
  path: string;
  handle: Handler;
}

/** A matched route with its decoded path parameters. */
export interface RouteMatch<R> {
  route: R;
  params: Record<string, string>;
}

/** The segments of each route pattern, split once. */
const patternSegments = new Map<string, readonly string[]>();

function segmentsOf(pattern: string): readonly string[] {
  let parts = patternSegments.get(pattern);
  if (parts === undefined) {
    parts = pattern.split('/').filter(Boolean);
    // Patterns come from route tables, not from requests; the bound only guards against misuse.
    if (patternSegments.size >= 1000) patternSegments.clear();
    patternSegments.set(pattern, parts);
  }
  return parts;
}

function matchPath(pattern: string, segments: readonly string[]): Record<string, string> | undefined {
  const parts = segmentsOf(pattern);
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of parts.entries()) {
    const segment = segments[index] ?? '';
    if (part.startsWith(':')) {
      try {
        params[part.slice(1)] = decodeURIComponent(segment);
      } catch {
        throw new SosError('INVALID_INPUT', `The path segment "${segment}" is not valid percent-encoding.`, {
          hint: 'Encode path parameters with encodeURIComponent.',
        });
      }
    } else if (part !== segment) {
      return undefined;
    }
  }
  return params;
}

/**
 * Finds the route for a method and path. Routes are tried in order, so list
 * literal segments (`/batch`) before parameters (`/:partNumber`). No route for
 * the path is `ROUTE_NOT_FOUND`; a route for another method is `METHOD_NOT_ALLOWED`.
 */
export function matchRoute<R extends RouteDefinition<unknown>>(
  routes: readonly R[],
  method: string,
  pathname: string,
): RouteMatch<R> {
  const segments = pathname.split('/').filter(Boolean);
  const allowed: string[] = [];
  for (const route of routes) {
    const params = matchPath(route.path, segments);
    if (params === undefined) continue;
    if (route.method === method) return { route, params };
    allowed.push(route.method);
  }
  if (allowed.length > 0) {
    throw new SosError('METHOD_NOT_ALLOWED', `${method} is not allowed on ${pathname}.`, {
      hint: `Use ${[...new Set(allowed)].join(' or ')}.`,
      details: { allow: [...new Set(allowed)] },
    });
  }
  throw new SosError('ROUTE_NOT_FOUND', `No upload route at ${pathname || '/'}.`, {
    hint: 'Check the path the client calls against where the handler is mounted.',
  });
}
