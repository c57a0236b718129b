import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { HandlerContext, UploadHandlerOptions } from '@sos/core';
import { type DemoConfig, localOrigins } from './config';
import { AppError, errorToResponse } from './http/app-error';
import { demoRoutes } from './http/demo-routes';
import { labRoutes } from './http/lab-routes';
import { orderRoutes } from './http/order-routes';
import { createRouter, type RouteRequest } from './http/router';
import { setupRoutes } from './http/setup-routes';
import { loadStaticFiles, notFoundPage, serveStaticFile } from './http/static-files';
import { LabService } from './labs/lab-service';
import { OrderService } from './orders/order-service';
import { seedDemoLabs } from './storage/demo-labs';
import { type DemoStorage, startDemoStorage } from './storage/demo-storage';
import { LabStore, OrderStore, openDatabase } from './store';
import { createUploadOptions } from './upload-options';
import { openDemoVault } from './vault-key';

/** The folder of each lab's bucket that orders' files go into. */
export const UPLOAD_PREFIX = 'orders';

/** The running demo: everything but the HTTP framework. */
export interface Demo {
  readonly config: DemoConfig;
  readonly storage: DemoStorage;
  readonly labs: LabService;
  readonly orders: OrderService;
  /** The app's origins; empty until {@link Demo.listening} when they follow from the port. */
  readonly origins: readonly string[];
  /** The pages, static files and the demo's JSON API: web `Request` in, `Response` out. */
  handle(request: Request): Promise<Response>;
  /** The sos handler's options for the labs' uploads; `pathOf` gives a request's full path. */
  uploadOptions<Extra>(pathOf: (ctx: HandlerContext<Extra>) => string): UploadHandlerOptions<Extra>;
  /** Call once the server listens: fixes the origins and, in embedded mode, creates the demo labs. */
  listening(port: number): Promise<void>;
  /** Stops the embedded S3 server (deleting its files) and closes the database. */
  stop(): Promise<void>;
}

async function notFound({ url, request }: RouteRequest): Promise<Response> {
  if (url.pathname.startsWith('/api/')) {
    return errorToResponse(
      new AppError(404, 'ROUTE_NOT_FOUND', `There is no ${url.pathname}.`, { hint: 'Check the address.' }),
      () => {},
    );
  }
  return notFoundPage(request);
}

function originsFor(host: string, port: number): string[] {
  const loopback = ['127.0.0.1', 'localhost', '0.0.0.0', '::', '::1'].includes(host);
  return loopback ? localOrigins(port) : [`http://${host.includes(':') ? `[${host}]` : host}:${port}`];
}

/**
 * Starts the demo's parts: the vault (its key from `SOS_DEMO_VAULT_KEY` or
 * the data folder), the storage (the embedded S3 server by default), the
 * database and the routes. The HTTP framework then mounts `handle` and, at
 * `SOS_MOUNT_PATH`, sos with `uploadOptions`.
 *
 * In embedded mode the database starts empty each run, since the embedded
 * server's buckets do not outlive it; with Amazon S3 or another service it
 * is kept in `DATA_DIR/orders.sqlite`.
 */
export async function startDemo(config: DemoConfig): Promise<Demo> {
  await mkdir(config.dataDir, { recursive: true });
  const { vault, source, file } = await openDemoVault(config.vaultKey, config.dataDir);
  if (source === 'generated') {
    config.log(
      `vault key: generated and saved in ${file} (it seals the labs' secrets; keep it, or set SOS_DEMO_VAULT_KEY)`,
    );
  }
  const storage = await startDemoStorage(config.storage);
  const embedded = storage.localS3 !== undefined;
  const dbFile = join(config.dataDir, embedded ? 'embedded-demo.sqlite' : 'orders.sqlite');
  if (embedded) await Promise.all(['', '-wal', '-shm'].map((suffix) => rm(`${dbFile}${suffix}`, { force: true })));
  const db = openDatabase(dbFile);

  const origins: string[] = [...(config.origins ?? [])];
  const currentOrigins = (): string[] => origins;
  const labs = new LabService({
    store: new LabStore(db),
    vault,
    endpoint: storage.endpoint,
    prefix: UPLOAD_PREFIX,
    origins: currentOrigins,
  });
  const orders = new OrderService(new OrderStore(db), labs);
  const files = await loadStaticFiles();
  const handle = createRouter(
    [
      ...demoRoutes(storage, currentOrigins),
      ...labRoutes(labs, config.storage),
      ...setupRoutes({ origins: currentOrigins, prefix: UPLOAD_PREFIX, templateUrl: config.cloudFormationTemplateUrl }),
      ...orderRoutes(orders),
    ],
    async (route) => (await serveStaticFile(files, route.request.method, route.url.pathname)) ?? notFound(route),
    config.log,
  );

  let stopped = false;
  return {
    config,
    storage,
    labs,
    orders,
    origins,
    handle,
    uploadOptions: (pathOf) => createUploadOptions({ labs, orders, origins, log: config.log }, pathOf),
    async listening(port) {
      if (config.origins === undefined) origins.splice(0, origins.length, ...originsFor(config.host, port));
      if (storage.localS3 !== undefined) await seedDemoLabs(storage.localS3, labs, origins);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await storage.stop();
      db.close();
    },
  };
}
