import { ACCEPTED_FILES, FILE_RULES, MULTIPART_THRESHOLD } from '../file-rules';
import type { DemoStorage } from '../storage/demo-storage';
import { json } from './json';
import type { AppRoute } from './router';
import { APP_NAME } from './setup-routes';

/** `GET /api/demo`: what the pages need to know about this server: storage, origins and file rules. */
export function demoRoutes(storage: DemoStorage, origins: () => string[]): AppRoute[] {
  return [
    {
      method: 'GET',
      path: '/api/demo',
      handle: () =>
        json({
          appName: APP_NAME,
          storage: { mode: storage.config.mode, endpoint: storage.endpoint ?? null },
          origins: origins(),
          rules: FILE_RULES,
          acceptedFiles: ACCEPTED_FILES,
          multipartThreshold: MULTIPART_THRESHOLD,
        }),
    },
  ];
}
