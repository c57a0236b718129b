import { fileURLToPath } from 'node:url';
import { describeDemoInBrowser, describeStartCommand, describeUploadsInBrowser } from '@sos/example-shared/testing';
import { listen } from '../src/app';

describeDemoInBrowser('Fastify', listen, {
  artifactsDir: fileURLToPath(new URL('../test-artifacts/', import.meta.url)),
});
describeUploadsInBrowser('Fastify', listen, {
  artifactsDir: fileURLToPath(new URL('../test-artifacts/', import.meta.url)),
});
describeStartCommand('Fastify', fileURLToPath(new URL('..', import.meta.url)));
