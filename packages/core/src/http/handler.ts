import { z } from 'zod';
import type { Connection, S3ClientCache } from '../connection';
import { SosError } from '../errors';
import { buildObjectKey, DEFAULT_KEY_TEMPLATE } from '../keys';
import { type PresignedUpload, presignPut } from '../presign';
import { errorResponse } from './error-response';
import { readBody } from './read-body';

/** What the handler knows about one request: the web request and whatever your adapter adds. */
export type HandlerContext<Extra = unknown> = Extra & { request: Request };

/** Options of {@link createUploadHandler}. */
export interface UploadHandlerOptions<Extra = unknown> {
  /**
   * The tenant's connection for this request, read from your session and store.
   * Throw a `SosError` with `UNAUTHENTICATED` or `FORBIDDEN` to refuse.
   */
  resolveTenant(ctx: HandlerContext<Extra>): Promise<Connection> | Connection;
  /**
   * The key for one file; it must lie inside the connection's prefix. The
   * default is `buildObjectKey(DEFAULT_KEY_TEMPLATE, …)`:
   * `PREFIX/yyyy/mm/dd/UUID/clean-file-name`.
   */
  getKey?(ctx: HandlerContext<Extra>, file: UploadFileDescription, connection: Connection): string;
  /**
   * Lifetime of the signed URLs, in seconds.
   * @default 900
   */
  expiresIn?: number;
  /** A client cache of your own (size, lifetime); the process-wide one otherwise. */
  clients?: S3ClientCache;
}

/** A file the browser wants to upload, as it describes it. */
export interface UploadFileDescription {
  name: string;
  type: string;
  size: number;
}

/** A framework-agnostic upload handler: web `Request` in, web `Response` out. */
export type UploadHandler<Extra = unknown> = (request: Request, extra: Extra) => Promise<Response>;

const uploadsBody = z.object({
  files: z
    .array(
      z.object({
        name: z.string().min(1).max(1024),
        type: z
          .string()
          .max(255)
          .default('')
          .transform((type) => type.trim() || 'application/octet-stream'),
        size: z.number().int().nonnegative(),
      }),
    )
    .min(1)
    .max(100),
});

function defaultKey(file: UploadFileDescription, connection: Connection): string {
  return buildObjectKey(DEFAULT_KEY_TEMPLATE, { filename: file.name, prefix: connection.prefix });
}

/**
 * Creates the HTTP handler that signs browser uploads into each tenant's own
 * bucket. Mount it with `@sos/express` or `@sos/fastify`, or call it directly
 * with a web `Request`.
 *
 * Routes (relative to where it is mounted):
 * - `POST /uploads` with `{ files: [{ name, type, size }] }` returns
 *   `{ uploads: [{ method, url, headers, expiresAt, bucket, key }] }`.
 *
 * @example
 * const handle = createUploadHandler({ resolveTenant: (ctx) => store.connectionFor(ctx.request) });
 * const response = await handle(request, {});
 */
export function createUploadHandler<Extra = unknown>(options: UploadHandlerOptions<Extra>): UploadHandler<Extra> {
  const getKey = options.getKey ?? ((_ctx, file, connection) => defaultKey(file, connection));

  async function signUploads(ctx: HandlerContext<Extra>): Promise<Response> {
    const { files } = await readBody(ctx.request, uploadsBody);
    const connection = await options.resolveTenant(ctx);
    const uploads: PresignedUpload[] = [];
    for (const file of files) {
      uploads.push(
        await presignPut({
          connection,
          key: getKey(ctx, file, connection),
          contentType: file.type,
          ...(options.expiresIn === undefined ? {} : { expiresIn: options.expiresIn }),
          ...(options.clients === undefined ? {} : { clients: options.clients }),
        }),
      );
    }
    return Response.json({ uploads });
  }

  return async (request, extra) => {
    try {
      const path = new URL(request.url).pathname.replace(/\/+$/, '');
      if (path !== '/uploads') {
        throw new SosError('ROUTE_NOT_FOUND', `No upload route at ${path || '/'}.`, {
          hint: 'Check the path the client calls against where the handler is mounted.',
        });
      }
      if (request.method !== 'POST') {
        throw new SosError('METHOD_NOT_ALLOWED', `${request.method} is not allowed on /uploads.`, {
          hint: 'Use POST.',
        });
      }
      return await signUploads({ ...extra, request });
    } catch (error) {
      return errorResponse(error);
    }
  };
}
