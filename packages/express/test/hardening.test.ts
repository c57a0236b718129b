import express from 'express';
import { describeHttpHardening } from '../../core/test/http-hardening-contract';
import { createSosRouter, type SosRouterOptions } from '../src';
import { listen } from './listen';

/** The app's own guard of its admin route, mounted before the sos router. */
const guardSetup: express.RequestHandler = (req, res, next) => {
  if (req.get('x-admin') === 'yes') next();
  else res.status(403).json({ guarded: true });
};

describeHttpHardening('express', (options) => {
  const app = express();
  app.use('/api/sos/setup', guardSetup);
  app.use('/api/sos', createSosRouter(options as SosRouterOptions));
  return listen(app, '/api/sos');
});

describeHttpHardening(
  'express with express.json() mounted first',
  (options) => {
    const app = express();
    // A limit raised as apps do, so that deep bodies of any size reach the sos routes parsed.
    app.use(express.json({ limit: '2mb' }));
    app.use('/sos/setup', guardSetup);
    app.use('/sos', createSosRouter(options as SosRouterOptions));
    return listen(app, '/sos');
  },
  { hostParsesJson: true },
);
