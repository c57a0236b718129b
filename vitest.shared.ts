import { fileURLToPath } from 'node:url';
import type { ViteUserConfig } from 'vitest/config';

const fromRoot = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/** Tests run against the workspace packages' sources, so they need no build. */
export const sourceAliases = {
  '@sos/core': fromRoot('./packages/core/src/index.ts'),
  '@sos/express': fromRoot('./packages/express/src/index.ts'),
  '@sos/fastify': fromRoot('./packages/fastify/src/index.ts'),
  '@sos/local-s3': fromRoot('./packages/local-s3/src/index.ts'),
};

const reportDir = process.env.SOS_TEST_REPORT_DIR;

/**
 * The vitest settings every package shares; `name` labels its results. With
 * `SOS_TEST_REPORT_DIR` set (CI does), each package also writes a JSON report
 * there, which `.ci/run` adds up into one summary line.
 */
export function projectConfig(name: string): ViteUserConfig {
  return {
    resolve: { alias: sourceAliases },
    test: {
      name,
      ...(reportDir === undefined
        ? {}
        : { reporters: ['default', ['json', { outputFile: `${reportDir}/${name}.json` }]] }),
      // CI runs the packages' suites side by side on two cores, where a test that moves
      // megabytes through a local S3 server can take several seconds; a hang still fails.
      testTimeout: 30_000,
      hookTimeout: 30_000,
      // The SDK's notice about its future Node 22 requirement, once per worker, drowns the results.
      env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    },
  };
}
