import { type HandlerContext, SosError, type UploadHandlerOptions, type UploadLogger } from '@sos/core';
import { FILE_RULES, MULTIPART_THRESHOLD } from './file-rules';
import type { LabService } from './labs/lab-service';
import type { OrderService } from './orders/order-service';

/**
 * Where each lab's sos routes are mounted: the lab is part of the path, so
 * every request names the bucket it is for (a real app takes the tenant from
 * the signed-in user instead).
 */
export const SOS_MOUNT_PATH = '/api/labs/:labId/sos';

const LAB_IN_PATH = /^\/api\/labs\/([^/?#]+)\/sos(?:[/?#]|$)/;

/** The lab ID in a request path under {@link SOS_MOUNT_PATH}, or `undefined`. */
export function labIdInPath(path: string): string | undefined {
  const encoded = LAB_IN_PATH.exec(path)?.[1];
  if (encoded === undefined) return undefined;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}

/** What {@link createUploadOptions} needs. */
export interface UploadOptionsDeps {
  labs: LabService;
  orders: OrderService;
  /** The app's origins; the array is filled in once the server knows its port. */
  origins: string[];
  log(line: string): void;
}

/** Logs what sos refused or failed at, on one line each; sos never passes credentials here. */
function lineLogger(log: (line: string) => void): UploadLogger {
  const line = (entry: object): string => {
    const { method, path, code } = entry as { method?: string; path?: string; code?: string };
    return `${method ?? ''} ${path ?? ''}: ${code ?? ''}`;
  };
  return {
    info: () => {},
    warn: (entry) => log(`sos refused ${line(entry)}`),
    error: (entry) => log(`sos failed ${line(entry)}`),
  };
}

/**
 * The options of the sos handler for the labs' uploads, the same for Express
 * and Fastify: `pathOf` gives the request's full path (Express
 * `req.originalUrl`, Fastify `request.url`), which names the lab. Every
 * request loads that lab's connection from the store and opens its sealed
 * secret; files must belong to an order placed for that lab, and land under
 * `orders/ORDER-NUMBER/` in its bucket.
 *
 * @example
 * app.use(SOS_MOUNT_PATH, createSosRouter(demo.uploadOptions(({ req }) => req.originalUrl)));
 */
export function createUploadOptions<Extra>(
  deps: UploadOptionsDeps,
  pathOf: (ctx: HandlerContext<Extra>) => string,
): UploadHandlerOptions<Extra> {
  const labIdOf = (ctx: HandlerContext<Extra>): string => {
    const labId = labIdInPath(pathOf(ctx));
    if (labId === undefined) {
      throw new SosError('FORBIDDEN', 'The upload path names no lab.', {
        hint: `Mount the sos routes at ${SOS_MOUNT_PATH}.`,
      });
    }
    return labId;
  };
  return {
    async resolveTenant(ctx) {
      const lab = deps.labs.find(labIdOf(ctx));
      if (lab === undefined) {
        throw new SosError('FORBIDDEN', 'This lab is not connected.', {
          hint: 'Choose a lab from the list; labs are added on the Labs page.',
        });
      }
      return deps.labs.connection(lab);
    },
    rules: FILE_RULES,
    allowedMetadata: ['order'],
    multipartThreshold: MULTIPART_THRESHOLD,
    getKey: (ctx, file, connection) =>
      deps.orders.keyFor(labIdOf(ctx), file.metadata.order, file.name, connection.prefix),
    onUploadSigned: (ctx, event) => deps.orders.signed(labIdOf(ctx), event),
    onMultipartComplete: (ctx, event) => deps.orders.completed(labIdOf(ctx), event),
    origins: deps.origins,
    // The demo's own storage only: the embedded server on 127.0.0.1 is refused by default, as any loopback address.
    allowEndpoint: (url) => deps.labs.isOwnEndpoint(url),
    logger: lineLogger(deps.log),
  };
}
