import express from 'express';
import { describeTenantIsolation } from '../../core/test/tenant-isolation';
import { createSosRouter, type SosRouterOptions } from '../src';
import { listen } from './listen';

describeTenantIsolation('express with express.json() mounted first', (options) => {
  const app = express();
  app.use(express.json());
  app.use('/api/sos', createSosRouter(options as SosRouterOptions));
  return listen(app, '/api/sos');
});
