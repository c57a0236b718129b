import express from 'express';
import { describeHttpFuzz } from '../../core/test/http-fuzz-suite';
import { createSosRouter, type SosRouterOptions } from '../src';
import { listen } from './listen';

describeHttpFuzz('express', (options) => {
  const app = express();
  app.use('/api/sos', createSosRouter(options as SosRouterOptions));
  return listen(app, '/api/sos');
});

describeHttpFuzz(
  'express with express.json() mounted first',
  (options) => {
    const app = express();
    app.use(express.json());
    app.use('/sos', createSosRouter(options as SosRouterOptions));
    return listen(app, '/sos');
  },
  { hostParsesJson: true },
);
