import { z } from 'zod';
import type { Connection, TenantConnection } from '../../connection';
import { SosError } from '../../errors';
import { assertKeyWithinPrefix, buildObjectKey, DEFAULT_KEY_TEMPLATE } from '../../keys';
import { MAX_PARTS } from '../../multipart';
import type { ContentDisposition, ObjectMetadata } from '../../presign';
import type { Exchange } from '../exchange';
import type { HandlerContext, UploadAction, UploadFileDescription, UploadHandlerOptions } from '../options';
import { parseInput } from '../read-body';
import type { RouteDefinition } from '../router';

/** Everything a route handler gets for one request. */
export interface RouteContext<Extra = unknown> {
  ctx: HandlerContext<Extra>;
  /** The request: method, path, query, headers and body. */
  exchange: Exchange;
  /** What `resolveTenant` answered: keys, or a role. */
  tenant: TenantConnection;
  /** The connection with keys to sign with (a role's assumed, temporary keys). */
  connection: Connection;
  params: Record<string, string>;
  query: URLSearchParams;
  options: UploadHandlerOptions<Extra>;
}

/** A route's handler: returns the JSON body to answer with (status 200). */
export type RouteHandler = (route: RouteContext<unknown>) => Promise<unknown>;

/** A route, with the action `authorize` is asked about. */
export type Route = RouteDefinition<RouteHandler> & { action: UploadAction };

/** The options that every signing call passes on. */
export function signingOptions(options: UploadHandlerOptions<unknown>) {
  return {
    ...(options.expiresIn === undefined ? {} : { expiresIn: options.expiresIn }),
    ...(options.clients === undefined ? {} : { clients: options.clients }),
  };
}

/** The Content-Disposition signed into every upload: `attachment` unless the app chose `inline`. */
export function contentDispositionOf(options: UploadHandlerOptions<unknown>): ContentDisposition {
  return options.contentDisposition ?? 'attachment';
}

/** The key for one file, from `getKey` or the key template; never outside the tenant's prefix. */
export function keyFor(route: RouteContext<unknown>, file: UploadFileDescription): Promise<string> | string {
  const { options, connection, ctx } = route;
  if (options.getKey === undefined) {
    // buildObjectKey keeps the key inside the prefix itself.
    return buildObjectKey(options.keyTemplate ?? DEFAULT_KEY_TEMPLATE, {
      prefix: connection.prefix,
      filename: file.name,
    });
  }
  const checked = (key: string): string => {
    assertKeyWithinPrefix(key, connection.prefix);
    return key;
  };
  const key = options.getKey(ctx, file, connection);
  return typeof key === 'string' ? checked(key) : Promise.resolve(key).then(checked);
}

/** The `key` query parameter of the multipart routes, checked to lie inside the tenant's prefix. */
export function keyParameter(route: RouteContext<unknown>): string {
  const key = route.query.get('key');
  if (key === null || key === '') {
    throw new SosError('INVALID_INPUT', 'The object key must be passed as the query parameter "key".', {
      hint: 'Send the key that POST /s3/multipart returned, e.g. ?key=orders%2F2026%2Fscan.zip',
    });
  }
  assertKeyWithinPrefix(key, route.connection.prefix);
  return key;
}

const partNumberSchema = z.coerce.number().int().min(1).max(MAX_PARTS);

/** A part number from the path or query: a whole number from 1 to 10,000. */
export function parsePartNumber(value: string): number {
  if (!/^\d{1,5}$/.test(value)) {
    throw new SosError('INVALID_INPUT', `"${value.slice(0, 20)}" is not a part number.`, {
      hint: 'Part numbers are whole numbers from 1 to 10000.',
    });
  }
  return parseInput(value, partNumberSchema, 'part number');
}

const metadataSchema = z.record(z.string(), z.unknown());

/**
 * The metadata to store, from what the browser sent: only the fields named in
 * `allowedMetadata` (case-insensitive, stored lowercase), with string values.
 * Everything else is dropped: upload widgets send their own fields (Uppy sends
 * `name`, `type`, `relativePath`), which must not fail an upload. The values
 * are checked further (printable ASCII, 2 KB in all) when signed.
 */
export function pickMetadata(value: unknown, allowed: readonly string[] | undefined): ObjectMetadata {
  if (value === undefined || value === null || !allowed?.length) return {};
  const sent = parseInput(value, metadataSchema, 'metadata');
  const wanted = new Set(allowed.map((name) => name.toLowerCase()));
  const picked: Record<string, string> = {};
  for (const [name, field] of Object.entries(sent)) {
    if (typeof field === 'string' && wanted.has(name.toLowerCase())) picked[name.toLowerCase()] = field;
  }
  return picked;
}
