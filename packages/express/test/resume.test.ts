import express from 'express';
import { describeResumableUploads } from '../../core/test/resume-contract';
import { createSosRouter, type SosRouterOptions } from '../src';
import { listen } from './listen';

describeResumableUploads('express', (options) => {
  const app = express();
  app.use('/api/sos', createSosRouter(options as SosRouterOptions));
  return listen(app, '/api/sos');
});
