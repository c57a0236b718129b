import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { sendWebResponse, toWebRequest } from '@sos/core';
import { type Demo, type DemoListen, SOS_MOUNT_PATH } from '@sos/example-shared';
import { createSosRouter } from '@sos/express';
import express, { type Express } from 'express';

/**
 * The demo on Express: sos's router for each lab's uploads, and the shared
 * app (pages, labs, orders) for everything else.
 */
export function createApp(demo: Demo): Express {
  const app = express();
  app.use(SOS_MOUNT_PATH, createSosRouter(demo.uploadOptions(({ req }) => req.originalUrl)));
  app.use(async (req, res) => {
    await sendWebResponse(res, await demo.handle(toWebRequest(req, { path: req.originalUrl })));
  });
  return app;
}

/** Builds the app and listens; `close` also ends open connections. */
export const listen: DemoListen = async (demo, port, host) => {
  const server = createApp(demo).listen(port, host);
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
