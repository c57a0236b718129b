import { runDemoServer } from '@sos/example-shared';
import { listen } from './app';

await runDemoServer({ framework: 'Express', dataDir: new URL('../.data/', import.meta.url), listen });
