import { generateCorsConfiguration } from '../setup';
import type { CheckOutcome, RunContext } from './run-context';

const METHODS = ['PUT', 'POST'] as const;

/**
 * Sends the unauthenticated preflight a browser would, for each origin and
 * upload method (no permission needed), and checks that S3 exposes `ETag`
 * to the page, which multipart uploads need.
 */
export async function checkCors(
  run: RunContext,
  objectUrl: string,
  exposedHeaders: string | null | undefined,
): Promise<CheckOutcome> {
  const origins = run.options.origins ?? [];
  if (origins.length === 0) {
    return {
      status: 'skip',
      code: 'CORS_NO_ORIGINS',
      message: 'Not checked: no app origins were given.',
      hint: 'Pass the origins browsers upload from (e.g. https://app.example.com) to check CORS.',
    };
  }
  const preflights = origins.flatMap((origin) =>
    METHODS.map(async (method) => {
      const response = await run.deadline.guard(
        run.fetch(objectUrl, {
          method: 'OPTIONS',
          // A redirect is a refusal, never followed: the endpoint is the tenant's to choose.
          redirect: 'manual',
          headers: {
            origin,
            'access-control-request-method': method,
            'access-control-request-headers': 'content-type',
          },
          signal: run.deadline.signal,
        }),
      );
      await response.arrayBuffer();
      const allowOrigin = response.headers.get('access-control-allow-origin');
      const allowed = response.ok && (allowOrigin === origin || allowOrigin === '*');
      return { origin, method, allowed };
    }),
  );
  const results = await Promise.all(preflights);
  const refused = results.filter((result) => !result.allowed);
  const cors = generateCorsConfiguration({ origins }).rules;
  if (refused.length > 0) {
    const list = refused.map(({ origin, method }) => `${method} from ${origin}`).join(', ');
    return {
      status: 'fail',
      code: 'CORS_REFUSED',
      message: `The bucket's CORS rules refuse browser uploads: ${list}. Browsers will only report a network error.`,
      hint: 'In the S3 console, open the bucket, Permissions, Cross-origin resource sharing (CORS), Edit, and replace its contents with the CORS rule to paste.',
      details: { refused, cors: JSON.stringify(cors, null, 2) },
    };
  }
  const exposesEtag = exposedHeaders?.split(',').some((header) => header.trim().toLowerCase() === 'etag');
  if (exposedHeaders !== undefined && !exposesEtag) {
    return {
      status: 'warn',
      code: 'CORS_ETAG_NOT_EXPOSED',
      message: 'CORS allows uploads, but does not expose the ETag header: large files (multipart uploads) will fail.',
      hint: 'Add "ETag" to ExposeHeaders in the bucket’s CORS rule, or replace the rule with the CORS rule to paste.',
      details: { cors: JSON.stringify(cors, null, 2) },
    };
  }
  return {
    status: 'pass',
    code: 'CORS_OK',
    message: `Browsers at ${origins.join(', ')} may upload (PUT and POST).`,
    hint:
      exposedHeaders === undefined
        ? 'ETag exposure was not checked: the presigned upload did not run.'
        : 'Nothing to do.',
  };
}
