// Random requests for the upload handler and the property every answer must
// have: never a 5xx, always JSON, every error a known code with its status,
// and every signed URL inside the resolving tenant's bucket and prefix.
// Used directly on createUploadHandler and through each adapter's real server.
import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { expect } from 'vitest';
import { type Connection, ERROR_STATUS, type S3ClientCache, SosError, type UploadHandlerOptions } from '../src';

/** One generated request: method, path with query (relative to the mount), headers and body. */
export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
}

/** What came back, whoever answered. */
export interface FuzzAnswer {
  status: number;
  headers: Headers;
  body: string;
}

/** Which host behaviours a mount has (see ContractOptions in upload-contract.ts). */
export interface FuzzHostOptions {
  /** `express.json()` runs first: it answers bodies it cannot parse (or will not: not an object or list, too large, an unknown charset) itself. */
  hostParsesJson?: boolean;
  /** The framework answers malformed percent-encoding in the path itself (Fastify). */
  hostRejectsMalformedPaths?: boolean;
}

const MiB = 1024 * 1024;
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

/** The fuzz's tenants, chosen by the `x-tenant` header: one with a prefix, one owning a whole dotted bucket. */
export function fuzzTenants(endpoint: string): Record<string, Connection> {
  const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: SECRET };
  return {
    a: { bucket: 'lab-a', region: 'eu-central-1', endpoint, credentials, prefix: 'acme' },
    b: { bucket: 'lab.b', region: 'us-east-1', endpoint, credentials },
  };
}

/** Handler options for the fuzz: two tenants on the fake S3, refusals by header, rules that some inputs break. */
export function fuzzHandlerOptions(endpoint: string, clients: S3ClientCache): UploadHandlerOptions<unknown> {
  const tenants = fuzzTenants(endpoint);
  return {
    resolveTenant: ({ request }) => {
      const id = request.headers.get('x-tenant') ?? '';
      if (id === 'forbidden') throw new SosError('FORBIDDEN', 'This account may not upload.');
      const tenant = tenants[id];
      if (tenant === undefined) throw new SosError('UNAUTHENTICATED', 'Sign in first.', { hint: 'Log in again.' });
      return tenant;
    },
    authorize: ({ request }, action) => request.headers.get('x-deny') !== action,
    allowEndpoint: (url) => url.hostname === '127.0.0.1',
    rules: {
      maxFileSize: 50 * 1024 ** 3,
      allowedTypes: ['image/*', '.stl', '.zip', 'application/pdf', 'text/plain'],
      maxFiles: 20,
    },
    multipartThreshold: 6 * MiB,
    allowedMetadata: ['order'],
    clients,
  };
}

const hostileText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 24 }),
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.constantFrom(
    '',
    '.',
    '..',
    '../../etc/passwd',
    'C:\\x\\y.png',
    'a.png',
    'scan.stl',
    'x.exe',
    '\u202Egnp.exe',
    'CON.zip',
    '🦷.png',
  ),
);
const pathSegment = fc.oneof(
  fc.constantFrom(
    '',
    '.',
    '..',
    '%2e%2e',
    '%2F',
    '%00',
    '%',
    '%E0%A4%A',
    '%ZZ',
    '%C0%AF',
    '1',
    '0',
    '10000',
    '10001',
    '-1',
    '1e3',
  ),
  fc.constantFrom('uploads', 's3', 'multipart', 'params', 'setup', 'connection', 'verify', 'batch', 'complete', 'u-1'),
  hostileText.map((text) => encodeURIComponent(text)),
  fc.stringMatching(/^[A-Za-z0-9._~!$&'()*+,;=:@-]{1,12}$/),
);
const knownPaths = fc.oneof(
  fc.constantFrom('/uploads', '/setup', '/connection/verify', '/s3/params', '/s3/multipart', '/'),
  pathSegment.map((id) => `/s3/multipart/${id}`),
  pathSegment.map((id) => `/s3/multipart/${id}/batch`),
  pathSegment.map((id) => `/s3/multipart/${id}/complete`),
  fc.tuple(pathSegment, pathSegment).map(([id, part]) => `/s3/multipart/${id}/${part}`),
);
const anyPath = fc.oneof(
  { weight: 4, arbitrary: knownPaths },
  { weight: 1, arbitrary: fc.array(pathSegment, { minLength: 1, maxLength: 5 }).map((parts) => `/${parts.join('/')}`) },
);
const keys = fc.oneof(
  fc.constantFrom(
    'acme/2026/03/01/u/scan.zip',
    'acme/../other/x',
    'acme/./x',
    'acme//x',
    '/acme/x',
    'acme',
    'acme/',
    'ACME/x',
    'acmecorp/x',
    'other/x',
    'acme/\u0000',
    'acme/%2e%2e/x',
  ),
  hostileText.map((text) => `acme/${text}`),
  hostileText,
);
const queryValue = fc.oneof(
  keys,
  fc.constantFrom(
    '1',
    '1,2',
    '1,1',
    '',
    '0',
    ',',
    '1,x',
    '10001',
    Array.from({ length: 300 }, (_, i) => i + 1).join(','),
  ),
  fc.constantFrom('image/png', 'text/html', 'model/stl', 'application/zip', ''),
  hostileText,
);
const queryName = fc.oneof(
  fc.constantFrom(
    'key',
    'partNumbers',
    'filename',
    'type',
    'metadata[order]',
    'metadata[name]',
    'metadata[]',
    'bucket',
    'prefix',
    'uploadId',
  ),
  hostileText,
);
const query = fc
  .array(
    fc
      .tuple(queryName, queryValue, fc.boolean())
      .map(([name, value, raw]) =>
        raw
          ? `${name.replace(/[^\x21-\x7e]|[#&]/g, '')}=${value.replace(/[^\x21-\x7e]|#/g, '')}`
          : `${encodeURIComponent(name)}=${encodeURIComponent(value)}`,
      ),
    { maxLength: 5 },
  )
  .map((pairs) => (pairs.length === 0 ? '' : `?${pairs.join('&')}`));

const size = fc.oneof(
  fc.integer({ min: -2, max: 100 }),
  fc.constantFrom(
    0,
    5 * MiB,
    6 * MiB,
    50 * MiB,
    5 * 1024 ** 3,
    50 * 1024 ** 3 + 1,
    5 * 1024 ** 4,
    5 * 1024 ** 4 + 1,
    2 ** 53,
  ),
  fc.double(),
  fc.constantFrom('12', null, true),
);
const fileDescription = fc.record(
  {
    name: hostileText,
    size,
    type: fc.oneof(fc.constantFrom('image/png', 'text/html', 'model/stl', 'application/octet-stream', ''), hostileText),
    checksumSha256: fc.oneof(fc.constantFrom('47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=', ''), hostileText),
    bucket: fc.constantFrom('lab-b', 'other'),
    key: keys,
  },
  { requiredKeys: [] },
);
const metadata = fc.dictionary(
  fc.oneof(fc.constantFrom('order', 'ORDER', 'name'), hostileText),
  fc.oneof(hostileText, fc.jsonValue()),
  {
    maxKeys: 3,
  },
);
const structuredBody = fc.oneof(
  fc.record(
    {
      files: fc.array(fileDescription, { maxLength: 25 }),
      metadata,
      bucket: fc.constant('lab-b'),
      prefix: fc.constant('other'),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    { filename: hostileText, type: fc.oneof(hostileText, fc.constant('image/png')), metadata },
    { requiredKeys: [] },
  ),
  fc.record({
    parts: fc.oneof(
      fc.array(
        fc.record(
          {
            PartNumber: fc.oneof(fc.integer({ min: -1, max: 10_001 }), fc.double(), fc.constant('1')),
            ETag: fc.oneof(hostileText, fc.constant('"etag"')),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 5 },
      ),
      fc.jsonValue(),
    ),
  }),
);
const body = fc.oneof(
  { weight: 2, arbitrary: fc.constant(undefined) },
  { weight: 6, arbitrary: structuredBody.map((value) => JSON.stringify(value)) },
  { weight: 2, arbitrary: fc.json() },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 60 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '{"files": [',
      '[',
      '{"parts": 5}',
      'null',
      '"text"',
      '{"files":[{"name":"a.png","size":1}]}x',
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      JSON.stringify({ files: [{ name: 'a'.repeat(70_000), size: 1 }] }),
      JSON.stringify({
        parts: Array.from({ length: 30_000 }, (_, i) => ({ PartNumber: i + 1, ETag: '"0123456789abcdef"' })),
      }),
    ),
  },
);
const headers = fc
  .record(
    {
      'x-tenant': fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom('a', 'b') },
        { weight: 1, arbitrary: fc.constantFrom('forbidden', '', 'A') },
      ),
      'x-deny': fc.constantFrom(
        'upload:sign',
        'multipart:create',
        'multipart:complete',
        'setup:read',
        'connection:verify',
      ),
      'content-type': fc.constantFrom(
        'application/json',
        'application/json',
        'application/json',
        'application/json; charset=utf-8',
        'text/plain',
        'multipart/form-data; boundary=x',
        'application/x-www-form-urlencoded',
        'application/json; charset=latin-9',
      ),
      origin: fc.constantFrom(
        'https://app.example.com',
        'null',
        'http://localhost:3000',
        'https://APP.example.com',
        'https://app.example.com/',
        'javascript:alert(1)',
        'ftp://x',
      ),
      'x-amz-bucket': fc.constantFrom('lab-b', 'other'),
      'x-forwarded-host': fc.constantFrom('evil.example.com'),
      host: fc.constantFrom(
        'evil.example.com',
        'x/y',
        'a b',
        'localhost:99999',
        '[::1]:8080',
        '@',
        'lab-b.s3.amazonaws.com',
      ),
    },
    { requiredKeys: ['x-tenant', 'content-type'] },
  )
  .map(
    (record) =>
      Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Record<string, string>,
  );

const fileName = fc.oneof(
  fc.constantFrom('scan.stl', 'photo.png', 'cbct.zip', 'notes.txt', 'order.pdf', 'run.exe'),
  hostileText,
);
const plausibleFile = fc.record(
  {
    name: fileName,
    size: fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: 0, max: 10 * MiB }) },
      { weight: 2, arbitrary: size },
      { weight: 1, arbitrary: fc.constantFrom(50 * 1024 ** 3 + 1, 5 * 1024 ** 4 + 1) },
    ),
    type: fc.constantFrom('image/png', 'model/stl', 'application/zip', 'text/plain', 'text/html', ''),
    checksumSha256: fc.constantFrom('47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=', 'not base64'),
  },
  { requiredKeys: ['name', 'size'] },
);
const encodedKey = keys.map((key) => encodeURIComponent(key));
const uploadId = fc.oneof(fc.constantFrom('u-1', 'fake-0', '%2e%2e', 'a%2Fb'), pathSegment);
const partNumbers = fc.oneof(
  fc.array(fc.integer({ min: -1, max: 10_001 }), { minLength: 1, maxLength: 8 }).map((numbers) => numbers.join(',')),
  queryValue.map((value) => encodeURIComponent(value)),
);
/** A request for one of the real routes, with the right method most of the time and hostile values in it. */
const routeRequest: fc.Arbitrary<Omit<FuzzRequest, 'headers'>> = fc.oneof(
  fc.record({
    method: fc.constant('POST'),
    path: fc.constant('/uploads'),
    body: fc
      .record({ files: fc.array(plausibleFile, { minLength: 1, maxLength: 4 }), metadata }, { requiredKeys: ['files'] })
      .map((value) => JSON.stringify(value)),
  }),
  fc.record({
    method: fc.constant('POST'),
    path: fc.constant('/uploads'),
    // A file over maxFileSize (413), unless refused first: a third of the Content-Types are not JSON (415).
    body: fc
      .tuple(
        fc.constantFrom('scan.stl', 'photo.png', 'cbct.zip'),
        fc.constantFrom(50 * 1024 ** 3 + 1, 5 * 1024 ** 4 + 1),
      )
      .map(([name, size]) => JSON.stringify({ files: [{ name, size }] })),
  }),
  fc.record({
    method: fc.constantFrom('GET', 'POST'),
    path: fc.constantFrom('/setup', '/connection/verify'),
    body: fc.constant(undefined),
  }),
  fc.record({
    method: fc.constant('GET'),
    path: fc
      .tuple(
        fileName,
        fc.constantFrom('image/png', 'model/stl', '', 'text/html'),
        fc.oneof(hostileText, fc.constant('42')),
      )
      .map(
        ([name, type, order]) =>
          `/s3/params?filename=${encodeURIComponent(name)}&type=${encodeURIComponent(type)}&metadata[order]=${encodeURIComponent(order)}`,
      ),
    body: fc.constant(undefined),
  }),
  fc.record({
    method: fc.constant('POST'),
    path: fc.constant('/s3/multipart'),
    body: fc
      .record(
        { filename: fileName, type: fc.constantFrom('image/png', 'application/zip', ''), metadata },
        { requiredKeys: ['filename'] },
      )
      .map((value) => JSON.stringify(value)),
  }),
  fc.record({
    method: fc.constantFrom('GET', 'DELETE'),
    path: fc.tuple(uploadId, encodedKey).map(([id, key]) => `/s3/multipart/${id}?key=${key}`),
    body: fc.constant(undefined),
  }),
  fc.record({
    method: fc.constant('GET'),
    path: fc
      .tuple(uploadId, encodedKey, partNumbers)
      .map(([id, key, parts]) => `/s3/multipart/${id}/batch?key=${key}&partNumbers=${parts}`),
    body: fc.constant(undefined),
  }),
  fc.record({
    method: fc.constant('GET'),
    path: fc
      .tuple(uploadId, pathSegment, encodedKey)
      .map(([id, part, key]) => `/s3/multipart/${id}/${part}?key=${key}`),
    body: fc.constant(undefined),
  }),
  fc.record({
    method: fc.constant('POST'),
    path: fc.tuple(uploadId, encodedKey).map(([id, key]) => `/s3/multipart/${id}/complete?key=${key}`),
    body: structuredBody.map((value) => JSON.stringify(value)),
  }),
);
const randomRequest = fc.record({
  method: fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'HEAD', 'OPTIONS'),
  path: fc.tuple(anyPath, query).map(([path, search]) => `${path}${search}`),
  body,
});

/** Random requests: mostly for the real routes with hostile values, some anything at all. */
export const fuzzRequests: fc.Arbitrary<FuzzRequest> = fc
  .tuple(fc.oneof({ weight: 3, arbitrary: routeRequest }, { weight: 2, arbitrary: randomRequest }), headers)
  .map(([request, headerValues]) => ({
    ...request,
    headers: headerValues,
    body: request.method === 'GET' || request.method === 'HEAD' ? undefined : request.body,
  }));

const STACK = /\bat .*\.(ts|js):\d+|node_modules/;

/** Whether an answer came from the host framework (allowed by `host`) rather than from sos. */
function hostAnswered(request: FuzzRequest, answer: FuzzAnswer, host: FuzzHostOptions): boolean {
  if (answer.status >= 500 || answer.status < 400) return false;
  let sosFormat = false;
  try {
    const parsed = JSON.parse(answer.body) as { error?: { code?: unknown } };
    sosFormat = typeof parsed.error?.code === 'string' && parsed.error.code in ERROR_STATUS;
  } catch {
    sosFormat = false;
  }
  if (sosFormat) return false;
  // node:http sends an empty chunked body with a bodiless POST, which body parsers read (and judge) too.
  const jsonBody =
    /^application\/json/i.test(request.headers['content-type'] ?? '') && !['GET', 'HEAD'].includes(request.method);
  if (host.hostParsesJson && jsonBody) return true;
  return (
    host.hostRejectsMalformedPaths === true &&
    /%(?![0-9A-Fa-f]{2})|%[89A-Fa-f][0-9A-Fa-f]|%00/.test(request.path.split('?')[0] ?? '')
  );
}

/**
 * The property: no 5xx; the sos answers are JSON, uncached, with a known
 * code and its status on errors and no stack or secret; signed locations
 * stay in the resolving tenant's bucket and prefix.
 */
export function expectSafeAnswer(
  request: FuzzRequest,
  answer: FuzzAnswer,
  host: FuzzHostOptions,
  endpoint: string,
): void {
  const context = `${request.method} ${request.path} → ${answer.status} ${answer.body.slice(0, 300)}`;
  expect(answer.status, context).toBeLessThan(500);
  if (hostAnswered(request, answer, host)) return;
  expect(answer.headers.get('cache-control'), context).toBe('no-store');
  if (request.method === 'HEAD') return;
  expect(answer.headers.get('content-type'), context).toMatch(/^application\/json/);
  const parsed = JSON.parse(answer.body) as Record<string, unknown>;
  expect(answer.body, context).not.toMatch(STACK);
  expect(answer.body, context).not.toContain(SECRET);
  if (answer.status >= 400) {
    const error = parsed.error as { code: keyof typeof ERROR_STATUS; message: string };
    expect(Object.keys(ERROR_STATUS), context).toContain(error?.code);
    expect(ERROR_STATUS[error.code], context).toBe(answer.status);
    expect(error.message, context).toEqual(expect.any(String));
    if (answer.status === 405)
      expect(answer.headers.get('allow'), context).toMatch(/^(GET|POST|DELETE)(, (GET|POST|DELETE))*$/);
    return;
  }
  const tenant = fuzzTenants(endpoint)[request.headers['x-tenant'] ?? ''];
  expect(tenant, context).toBeDefined();
  const prefix = tenant?.prefix === undefined ? '' : `${tenant.prefix}/`;
  const bucket = tenant?.bucket ?? '';
  for (const [, key] of answer.body.matchAll(/"key":"((?:[^"\\]|\\.)*)"/g)) {
    expect((JSON.parse(`"${key}"`) as string).startsWith(prefix), context).toBe(true);
  }
  for (const [, url] of answer.body.matchAll(/"(?:url|location|\d+)":"(http[^"]+)"/g)) {
    const path = new URL(url ?? '').pathname;
    // A form POST goes to the bucket itself; its key is a field, checked above.
    const formTarget = path === `/${bucket}` || path === `/${bucket}/`;
    expect(formTarget || path.startsWith(`/${bucket}/${prefix}`), context).toBe(true);
  }
}

/** Sends a generated request to a real server with node:http, which (unlike fetch) sends any method and path as given. */
export function sendRaw(baseUrl: string, request: FuzzRequest): Promise<FuzzAnswer> {
  const base = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: base.hostname,
        port: base.port,
        // A connection of its own: after an answer sent before the body was read (a 413), the server
        // closes the connection, and a request reusing it would fail for that reason alone.
        agent: false,
        method: request.method,
        path: `${base.pathname}${request.path}`,
        // node:http sends DELETE and OPTIONS bodies without a length unless told, which no server can parse.
        headers:
          request.body === undefined
            ? request.headers
            : { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(incoming.headers)) {
            if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
          }
          resolve({ status: incoming.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}
