import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, extname, join, relative, sep } from 'node:path';
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

/** Where the pages import the browser client from: `/vendor/sos-client/index.js`. */
export const CLIENT_PATH = '/vendor/sos-client/';

/**
 * The ES module build of `@sos/client` as the app's own dependency resolves
 * it: its entry file and the files beside it that the entry may import.
 */
async function clientFiles(): Promise<string[]> {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('@sos/client/package.json');
  const { exports } = JSON.parse(await readFile(manifest, 'utf8')) as {
    exports: { '.': { import: { default: string } } };
  };
  const folder = dirname(join(dirname(manifest), exports['.'].import.default));
  const entries = await readdir(folder, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
    .map((entry) => join(folder, entry.name));
}

/**
 * The files the demo serves: its pages (at `/`, `/labs`, `/orders/new`,
 * `/orders`), its scripts and styles as they are in `public/` (plain ES
 * modules, no build step), and the browser client `@sos/client` from the
 * app's own `node_modules` at {@link CLIENT_PATH} (no CDN, no bundler). Only
 * files listed at start are served, so no path can reach outside them.
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
  for (const file of await clientFiles()) {
    // Revalidated on every load: the client is rebuilt in place while the demo is developed.
    files.set(`${CLIENT_PATH}${basename(file)}`, {
      file,
      type: TYPES['.js'] as string,
      cacheControl: 'no-cache',
    });
  }
  return files;
}

/**
 * The styled page for an address that is not one of the pages, for browsers
 * (a request that accepts HTML); anything else gets a short text.
 */
export async function notFoundPage(request: Request): Promise<Response> {
  const wantsHtml = (request.headers.get('accept') ?? '').includes('text/html');
  const body = wantsHtml ? await readFile(join(PUBLIC_DIR, 'not-found.html')) : 'Not found.\n';
  return new Response(request.method === 'HEAD' ? null : body, {
    status: 404,
    headers: {
      'content-type': wantsHtml ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8',
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    },
  });
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
