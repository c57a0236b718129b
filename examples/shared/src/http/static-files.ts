import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const PUBLIC_DIR = fileURLToPath(new URL('../../public/', import.meta.url));

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** The pages, by the path they are served at. */
export const PAGES: Readonly<Record<string, string>> = {
  '/': 'index.html',
  '/labs': 'labs.html',
  '/orders/new': 'new-order.html',
  '/orders': 'orders.html',
};

interface StaticFile {
  file: string;
  type: string;
  cacheControl: string;
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)])),
  );
  return nested.flat();
}

/**
 * The files the demo serves: its pages (at `/`, `/labs`, `/orders/new`,
 * `/orders`), its scripts and styles as they are in `public/` (plain ES
 * modules, no build step), and Uppy's bundle from the app's own
 * `node_modules` at `/vendor/` (no CDN). Only files listed at start are
 * served, so no path can reach outside them.
 */
export async function loadStaticFiles(): Promise<Map<string, StaticFile>> {
  const files = new Map<string, StaticFile>();
  for (const file of await walk(PUBLIC_DIR)) {
    const type = TYPES[extname(file)];
    if (type === undefined || extname(file) === '.html') continue;
    const path = `/${relative(PUBLIC_DIR, file).split(sep).join('/')}`;
    files.set(path, { file, type, cacheControl: 'no-cache' });
  }
  for (const [path, page] of Object.entries(PAGES)) {
    files.set(path, { file: join(PUBLIC_DIR, page), type: TYPES['.html'] as string, cacheControl: 'no-cache' });
  }
  const require = createRequire(import.meta.url);
  for (const name of ['uppy.min.mjs', 'uppy.min.css']) {
    const file = require.resolve(`uppy/dist/${name}`);
    files.set(`/vendor/${name}`, { file, type: TYPES[extname(name)] as string, cacheControl: 'public, max-age=3600' });
  }
  return files;
}

/** Answers a GET for one of `files`, or `undefined` when it is not one. */
export async function serveStaticFile(
  files: ReadonlyMap<string, StaticFile>,
  method: string,
  pathname: string,
): Promise<Response | undefined> {
  const entry = files.get(pathname);
  if (entry === undefined || (method !== 'GET' && method !== 'HEAD')) return undefined;
  const body = await readFile(entry.file);
  return new Response(method === 'HEAD' ? null : body, {
    headers: {
      'content-type': entry.type,
      'content-length': String(body.length),
      'cache-control': entry.cacheControl,
      'x-content-type-options': 'nosniff',
    },
  });
}
