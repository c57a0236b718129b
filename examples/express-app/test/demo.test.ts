import { fileURLToPath } from 'node:url';
import { describeDemoInBrowser, describeStartCommand, describeUploadsInBrowser } from '@sos/example-shared/testing';
import { listen } from '../src/app';

describeDemoInBrowser('Express', listen, {
  artifactsDir: fileURLToPath(new URL('../test-artifacts/', import.meta.url)),
});
describeUploadsInBrowser('Express', listen, {
  artifactsDir: fileURLToPath(new URL('../test-artifacts/', import.meta.url)),
});
describeStartCommand('Express', fileURLToPath(new URL('..', import.meta.url)));
