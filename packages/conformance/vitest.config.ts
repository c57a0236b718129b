import { defineProject } from 'vitest/config';
import { projectConfig } from '../../vitest.shared.ts';

const shared = projectConfig('conformance');

export default defineProject({
  ...shared,
  test: { ...shared.test, include: ['test/**/*.conformance.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
});
