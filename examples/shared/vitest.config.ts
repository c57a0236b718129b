import { defineProject } from 'vitest/config';
import { projectConfig } from '../../vitest.shared.ts';

const config = projectConfig('example-shared');

// Each test runs real connection checks against the embedded S3 server, which a busy machine slows down.
export default defineProject({ ...config, test: { ...config.test, testTimeout: 20_000 } });
