// The server side of the load test, in a process of its own so that its
// memory is measured alone: one framework with the sos routes for many
// tenants, through a client cache of a fixed bound. Its parent drives it over
// IPC: "measure" (after a full garbage collection), "reset-peak", "stop".
// Run with node --expose-gc.
import { type Connection, S3ClientCache, SosError } from '@sos/core';
import { type Framework, startBenchServer } from '../apps';
import { loadTenant } from './tenants';

/** What the parent asks for. */
export type LoadServerCommand = 'measure' | 'reset-peak' | 'stop';

/** What the server reports: memory in bytes, and how many clients its cache holds. */
export interface LoadServerStats {
  rss: number;
  heapUsed: number;
  peakRss: number;
  cacheSize: number;
}

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const [framework = 'express', tenantCount = '10000', maxClients = '500'] = process.argv.slice(2);
const tenants: Connection[] = Array.from({ length: Number(tenantCount) }, (_, index) => loadTenant(index));
const clients = new S3ClientCache({ maxClients: Number(maxClients) });
const server = await startBenchServer(framework as Framework, {
  resolveTenant: ({ request }) => {
    const tenant = tenants[Number(request.headers.get('x-tenant') ?? Number.NaN)];
    if (tenant === undefined) throw new SosError('UNAUTHENTICATED', 'Unknown tenant.');
    return tenant;
  },
  clients,
});

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 10);

const collect = (): void => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('Run the load server with --expose-gc.');
  for (let i = 0; i < 3; i++) gc();
};

process.on('message', async (command: LoadServerCommand) => {
  if (command === 'measure') {
    collect();
    const { rss, heapUsed } = process.memoryUsage();
    peakRss = Math.max(peakRss, rss);
    process.send?.({ rss, heapUsed, peakRss, cacheSize: clients.size } satisfies LoadServerStats);
  } else if (command === 'reset-peak') {
    peakRss = process.memoryUsage().rss;
    process.send?.('ok');
  } else if (command === 'stop') {
    clearInterval(sampler);
    await server.close();
    clients.clear();
    process.disconnect();
  }
});
process.send?.({ origin: server.origin });
