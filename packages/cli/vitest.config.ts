import { defineProject } from 'vitest/config';
import { projectConfig } from '../../vitest.shared.ts';

const shared = projectConfig('cli');

// Each test starts the built binary (a Node process, ~1–2 s on a loaded 2-core machine).
export default defineProject({ ...shared, test: { ...shared.test, testTimeout: 20_000 } });
