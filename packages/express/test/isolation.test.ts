import type { AddressInfo } from 'node:net';
import express from 'express';
import { describeTenantIsolation } from '../../core/test/tenant-isolation';
import type { MountedServer } from '../../core/test/upload-contract';
import { createSosRouter, type SosRouterOptions } from '../src';

async function listen(app: express.Express, mountPath: string): Promise<MountedServer> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}${mountPath}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describeTenantIsolation('express with express.json() mounted first', (options) => {
  const app = express();
  app.use(express.json());
  app.use('/api/sos', createSosRouter(options as SosRouterOptions));
  return listen(app, '/api/sos');
});
