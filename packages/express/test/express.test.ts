import express from 'express';
import { describeUploadContract } from '../../core/test/upload-contract';
import { describeUppyInterop, type StaticFile } from '../../core/test/uppy-interop';
import { createSosRouter, type SosRouterOptions } from '../src';
import { listen } from './listen';

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
