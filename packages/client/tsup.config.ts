import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'uppy/index': 'src/uppy/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  // A browser package: modern browsers and Node 20 both run ES2022 as is.
  target: 'es2022',
  external: ['@uppy/core'],
});
