import { createUploadHttpHandler, fromNodeRequest, sendHttpResponse, type UploadHandlerOptions } from '@sos/core';
import { type Request, type Response, Router } from 'express';

/** What the sos handler sees of an Express request, next to the web `Request`. */
export interface ExpressContext {
  req: Request;
  res: Response;
}

/** Options of {@link createSosRouter}: the core handler's options, with Express's request in `ctx`. */
export type SosRouterOptions = UploadHandlerOptions<ExpressContext>;

/**
 * An Express 5 router that serves the sos upload routes. Mount it anywhere;
 * it works whether or not `express.json()` ran first.
 *
 * @example
 * app.use('/api/sos', createSosRouter({ resolveTenant: ({ req }) => tenants.connectionFor(req) }));
 */
export function createSosRouter(options: SosRouterOptions): Router {
  const handle = createUploadHttpHandler(options);
  const router = Router();
  router.use(async (req, res, next) => {
    try {
      sendHttpResponse(res, await handle(fromNodeRequest(req, { path: req.url, parsedBody: req.body }), { req, res }));
    } catch (error) {
      next(error);
    }
  });
  return router;
}

export default createSosRouter;
