// Starts an Express app on a free port of 127.0.0.1 for the adapter's tests.
import type { AddressInfo } from 'node:net';
import type express from 'express';
import type { MountedServer } from '../../core/test/upload-contract';

/** The app listening on 127.0.0.1, its origin, and its sos routes' base URL at `mountPath`. */
export async function listen(app: express.Express, mountPath: string): Promise<MountedServer & { origin: string }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    baseUrl: `${origin}${mountPath}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
