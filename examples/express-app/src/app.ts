import { fileURLToPath } from 'node:url';
import type { Connection } from '@sos/core';
import { createSosRouter } from '@sos/express';
import express, { type Express } from 'express';

const publicDir = fileURLToPath(new URL('../public', import.meta.url));

/**
 * The demo app: one page with a file input, and the sos router that signs
 * uploads into the bucket of `connection`.
 */
export function createApp(connection: Connection): Express {
  const app = express();
  app.use(express.static(publicDir));
  app.use('/api/sos', createSosRouter({ resolveTenant: () => connection }));
  return app;
}
