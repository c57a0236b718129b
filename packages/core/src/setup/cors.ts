import { z } from 'zod';
import { SosError, type ValidationIssue } from '../errors';

/** An HTTP method a CORS rule can allow for uploads and downloads. */
export type CorsMethod = 'PUT' | 'POST' | 'GET' | 'HEAD';

/** One CORS rule, in the JSON form of the S3 console and the S3 API. */
export interface CorsRule {
  AllowedOrigins: string[];
  AllowedMethods: CorsMethod[];
  AllowedHeaders: string[];
  ExposeHeaders: string[];
  MaxAgeSeconds: number;
}

/** Options of {@link generateCorsConfiguration}. */
export interface CorsOptions {
  /** Where the app runs, as browsers send it in `Origin`: `https://app.example.com` (no path, no trailing slash). */
  origins: string[];
  /**
   * What browsers may do. Downloads straight from the bucket need `GET`.
   * @default ['PUT', 'POST']
   */
  methods?: CorsMethod[];
  /**
   * Request headers uploads may send.
   * @default ['content-type', 'content-md5', 'content-disposition', 'cache-control', 'x-amz-*']
   */
  allowedHeaders?: string[];
  /**
   * How long browsers may cache the preflight answer.
   * @default 3600
   */
  maxAgeSeconds?: number;
}

/** The CORS configuration for browser uploads, ready to paste or send. */
export interface CorsConfiguration {
  /** The form the S3 console's CORS editor takes (Permissions, Cross-origin resource sharing). */
  rules: CorsRule[];
  /** The form `aws s3api put-bucket-cors --cors-configuration file://cors.json` and `PutBucketCors` take. */
  putBucketCors: { CORSRules: CorsRule[] };
  /** Accepted but risky choices, such as `*`. */
  warnings: ValidationIssue[];
}

/** What uploads send: the signed content type, checksums and metadata (`x-amz-*`), and the usual object headers. */
export const DEFAULT_CORS_ALLOWED_HEADERS: readonly string[] = [
  'content-type',
  'content-md5',
  'content-disposition',
  'cache-control',
  'x-amz-*',
];
/** `ETag` lets multipart uploads complete; `Location` is the answer of a presigned POST. */
export const CORS_EXPOSE_HEADERS: readonly string[] = ['ETag', 'Location'];

let optionsSchema: ReturnType<typeof buildOptionsSchema> | undefined;

/** Built on first use: building zod schemas when `@sos/core` is imported slowed the import down. */
function buildOptionsSchema() {
  return z.object({
    origins: z.array(z.string()).min(1, 'Give at least one origin, such as https://app.example.com.'),
    methods: z
      .array(z.enum(['PUT', 'POST', 'GET', 'HEAD']))
      .min(1)
      .default(['PUT', 'POST']),
    allowedHeaders: z
      .array(
        z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'Header names are letters, digits, "-" and at most one "*".'),
      )
      .min(1)
      .optional(),
    maxAgeSeconds: z.number().int().min(0).max(86_400).default(3600),
  });
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether an origin written without a scheme (`localhost:3000`) names this machine. */
function isLocalHost(withoutScheme: string): boolean {
  try {
    return LOCAL_HOSTS.has(new URL(`http://${withoutScheme}`).hostname);
  } catch {
    return false;
  }
}

type OriginCheck = { origin: string; warning?: ValidationIssue } | { problem: string; hint: string };

function checkOrigin(raw: string): OriginCheck {
  const origin = raw.trim();
  if (origin === '*') {
    return {
      origin,
      warning: {
        code: 'CORS_WILDCARD_ORIGIN',
        message:
          'The origin "*" lets any web site upload to the bucket from a visitor\'s browser (with a valid signed URL).',
        hint: 'List the exact origins of your app instead, such as https://app.example.com.',
      },
    };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(origin);
  if (scheme === null) {
    const written = origin.replace(/^\/+/, '');
    // A development server on this machine is served over plain HTTP, and browsers treat it as secure.
    const prefix = isLocalHost(written) ? 'http://' : 'https://';
    return { problem: 'has no scheme', hint: `Write it with ${prefix} in front: "${prefix}${written}".` };
  }
  const [, name = ''] = scheme;
  if (name !== 'https' && name !== 'http') {
    return {
      problem: `uses ${name}://; browsers send http:// or https:// origins`,
      hint: 'Use the https:// address of your app.',
    };
  }
  const wildcards = (origin.match(/\*/g) ?? []).length;
  let url: URL;
  try {
    url = new URL(origin.replace('*', 'wildcard-origin'));
  } catch {
    return { problem: 'is not a valid address', hint: 'Write it as https://host or https://host:port.' };
  }
  const canonical = url.origin.replace('wildcard-origin', '*');
  const authority = origin.slice(name.length + 3).split(/[/?#]/)[0] ?? '';
  if (wildcards > 1)
    return { problem: 'has more than one "*"', hint: 'Use at most one "*", as in https://*.example.com.' };
  if (url.username !== '' || url.password !== '') {
    return { problem: 'contains a user name or password', hint: `Use "${canonical}".` };
  }
  if (url.search !== '' || url.hash !== '') {
    return {
      problem: 'has a query or fragment (? or #)',
      hint: `An origin is only scheme, host and port: "${canonical}".`,
    };
  }
  if (url.pathname !== '/') {
    return {
      problem: `has a path (${url.pathname})`,
      hint: `An origin is only scheme, host and port: "${canonical}".`,
    };
  }
  if (origin.endsWith('/')) {
    return { problem: 'ends with a slash', hint: `Remove the trailing slash: "${canonical}".` };
  }
  if (authority !== authority.toLowerCase()) {
    return { problem: 'has capital letters; browsers send the host in lower case', hint: `Use "${canonical}".` };
  }
  if (/:\d+$/.test(authority) && url.port === '') {
    return { problem: 'names the default port, which browsers leave out', hint: `Use "${canonical}".` };
  }
  if (name === 'http' && !LOCAL_HOSTS.has(url.hostname)) {
    return {
      origin,
      warning: {
        code: 'CORS_INSECURE_ORIGIN',
        message: `${origin} is plain HTTP: uploads from it can be read and changed on the way.`,
        hint: `Serve the app over HTTPS and use "https://${authority}".`,
      },
    };
  }
  return { origin };
}

/**
 * Writes the bucket's CORS rule for browser uploads: the app's origins, PUT
 * and POST, the headers uploads send, and `ETag` and `Location` exposed to the
 * page. Returns it in the console's JSON form and in the `put-bucket-cors`
 * form. Throws `SosError('INVALID_INPUT')` for an origin that is not one
 * (naming the origin and what is wrong); `*` is accepted with a warning.
 *
 * @example
 * const { rules } = generateCorsConfiguration({ origins: ['https://orders.example-lab.com'] });
 * // paste JSON.stringify(rules, null, 2) into S3 › bucket › Permissions › CORS
 */
export function generateCorsConfiguration(options: CorsOptions): CorsConfiguration {
  optionsSchema ??= buildOptionsSchema();
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SosError('INVALID_INPUT', `Invalid CORS option ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`, {
      hint: "Pass { origins: ['https://app.example.com'], methods?: ['PUT', 'POST', 'GET', 'HEAD'] }.",
    });
  }
  const origins: string[] = [];
  const warnings: ValidationIssue[] = [];
  const problems: { origin: string; problem: string; hint: string }[] = [];
  for (const raw of parsed.data.origins) {
    const check = checkOrigin(raw);
    if ('problem' in check) {
      problems.push({ origin: raw, problem: check.problem, hint: check.hint });
      continue;
    }
    if (!origins.includes(check.origin)) origins.push(check.origin);
    if (check.warning !== undefined && !warnings.some((warning) => warning.message === check.warning?.message)) {
      warnings.push(check.warning);
    }
  }
  const [first] = problems;
  if (first !== undefined) {
    throw new SosError('INVALID_INPUT', `The origin ${JSON.stringify(first.origin)} ${first.problem}.`, {
      hint: first.hint,
      details: { problems },
    });
  }
  const rule: CorsRule = {
    AllowedOrigins: origins,
    AllowedMethods: [...new Set(parsed.data.methods)],
    AllowedHeaders: [...(parsed.data.allowedHeaders ?? DEFAULT_CORS_ALLOWED_HEADERS)],
    ExposeHeaders: [...CORS_EXPOSE_HEADERS],
    MaxAgeSeconds: parsed.data.maxAgeSeconds,
  };
  return { rules: [rule], putBucketCors: { CORSRules: [rule] }, warnings };
}
