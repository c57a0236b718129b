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
    parts = pattern.split('/').slice(1);
    // Patterns come from route tables, not from requests; the bound only guards against misuse.
    if (patternSegments.size >= 1000) patternSegments.clear();
    patternSegments.set(pattern, parts);
  }
  return parts;
}

const invalidPath = (problem: string): SosError =>
  new SosError('INVALID_PATH', `The request path ${problem}, which no upload route uses.`, {
    hint: 'Call the route by its plain path, such as /uploads or /s3/multipart/<uploadId>; encode parameters with encodeURIComponent.',
  });

/** `%2F` (`/`) or `%5C` (`\`), in any case. */
const ENCODED_SLASH = /%(?:2f|5c)/i;
/** `.` or `..`, each dot as it is or encoded (`%2e`, `%2E`). */
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;

/**
 * The segments of a request path as sent, refusing (`INVALID_PATH`) the
 * spellings that servers, proxies and an app's own middleware read in
 * different ways: dot segments (`..`, `.`, `%2e%2e`), encoded slashes (`%2F`,
 * `%5C`) and backslashes. Refused rather than resolved, a path reaches no
 * route that the framework, and any guard the app mounted, did not see.
 */
export function pathSegments(pathname: string): string[] {
  if (pathname.includes('\\')) throw invalidPath('contains a backslash');
  const segments = pathname.split('/').slice(1);
  for (const segment of segments) {
    if (DOT_SEGMENT.test(segment)) throw invalidPath('has a "." or ".." segment');
    if (ENCODED_SLASH.test(segment)) throw invalidPath('has an encoded slash (%2F or %5C)');
  }
  return segments;
}

/**
 * Matches one route pattern. A literal segment matches only as the route
 * spells it (`%73etup` is not `setup`); a parameter is any non-empty segment,
 * decoded once.
 */
function matchPath(pattern: string, segments: readonly string[]): Record<string, string> | undefined {
  const parts = segmentsOf(pattern);
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of parts.entries()) {
    const segment = segments[index] ?? '';
    if (part.startsWith(':')) {
      if (segment === '') return undefined;
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
 * Finds the route for a method and a path as the framework routed it (see
 * {@link pathSegments}). Routes are tried in order, so list literal segments
 * (`/batch`) before parameters (`/:partNumber`). Empty segments (`//uploads`,
 * `/uploads/`) match no route. No route for the path is `ROUTE_NOT_FOUND`; a
 * route for another method is `METHOD_NOT_ALLOWED`.
 */
export function matchRoute<R extends RouteDefinition<unknown>>(
  routes: readonly R[],
  method: string,
  pathname: string,
): RouteMatch<R> {
  const segments = pathSegments(pathname);
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
