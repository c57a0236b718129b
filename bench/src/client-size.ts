// What @sos/client adds to a web page: its built entry points bundled with
// esbuild, minified ESM for browsers, then gzip at level 9.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** Bytes of one entry point, bundled with everything it imports. */
export interface BundleSize {
  minified: number;
  gzipped: number;
}

/** The main entry (createUploader and the upload path behind it) and the Uppy plugin's. */
export interface ClientSizeResult {
  client: BundleSize;
  /** `@sos/client/uppy`, with the client code it imports and without `@uppy/core`, which the page has anyway. */
  uppy: BundleSize;
}

async function bundleSize(entry: string, external: string[] = []): Promise<BundleSize> {
  const { outputFiles } = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    external,
    write: false,
    logLevel: 'silent',
  });
  const code = outputFiles[0]?.contents;
  if (code === undefined) throw new Error(`esbuild wrote nothing for ${entry}`);
  return { minified: code.byteLength, gzipped: gzipSync(code, { level: constants.Z_BEST_COMPRESSION }).byteLength };
}

/** Bundles `dist/index.js` and `dist/uppy/index.js` of the built package. */
export async function benchClientSize(): Promise<ClientSizeResult> {
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('@sos/client/package.json'));
  } catch (error) {
    throw new Error('@sos/client is not installed: run `pnpm install`.', { cause: error });
  }
  try {
    return {
      client: await bundleSize(join(packageDir, 'dist/index.js')),
      uppy: await bundleSize(join(packageDir, 'dist/uppy/index.js'), ['@uppy/core']),
    };
  } catch (error) {
    throw new Error('Bundling the built @sos/client failed: run `pnpm build` first (pnpm bench at the root does).', {
      cause: error,
    });
  }
}
