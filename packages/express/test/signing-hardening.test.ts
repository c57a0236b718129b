import express from 'express';
import { describeSigningHardening, describeTenantEndpoints } from '../../core/test/signing-hardening-contract';
import { createSosRouter, type SosRouterOptions } from '../src';
import { listen } from './listen';

describeSigningHardening('express', (options) => {
  const app = express();
  app.use('/api/sos', createSosRouter(options as SosRouterOptions));
  return listen(app, '/api/sos');
});

describeTenantEndpoints('express', (options) => {
  const app = express();
  app.use('/api/sos', createSosRouter(options as SosRouterOptions));
  return listen(app, '/api/sos');
});
