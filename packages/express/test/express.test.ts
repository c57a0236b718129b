import type { AddressInfo } from 'node:net';
import express from 'express';
import { describeUploadContract, type MountedServer } from '../../core/test/upload-contract';
import { describeUppyInterop, type StaticFile } from '../../core/test/uppy-interop';
import { createSosRouter, type SosRouterOptions } from '../src';

async function listen(app: express.Express, mountPath: string): Promise<MountedServer & { origin: string }> {
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

function serveFiles(app: express.Express, files: Record<string, StaticFile> = {}): void {
  for (const [path, file] of Object.entries(files)) app.get(path, (_req, res) => res.type(file.type).send(file.body));
}

describeUploadContract('express', (options) => {
  const app = express();
  app.use('/api/sos', createSosRouter(options as SosRouterOptions));
  return listen(app, '/api/sos');
});

describeUploadContract(
  'express with express.json() mounted first',
  (options) => {
    const app = express();
    app.use(express.json());
    app.use('/sos', createSosRouter(options as SosRouterOptions));
    return listen(app, '/sos');
  },
  { hostParsesJson: true },
);

describeUppyInterop('express', (options, files) => {
  const app = express();
  serveFiles(app, files);
  app.use('/api/sos', createSosRouter(options as SosRouterOptions));
  return listen(app, '/api/sos');
});
