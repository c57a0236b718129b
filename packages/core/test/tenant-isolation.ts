// Tenant isolation, run by each adapter's tests on a real server: many
// tenants whose buckets and prefixes overlap in every way that could confuse
// a string comparison, and every route, parameter, body field and header that
// could point one tenant at another's bucket, prefix or upload. Every signed
// URL must point at the resolving tenant's bucket and prefix and carry its
// key; every foreign key is refused; and every request that reaches S3 (a
// fake that binds upload IDs to bucket and key, as S3 does) carries the
// resolving tenant's credentials for its own bucket and prefix.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertKeyWithinPrefix, type Connection, S3ClientCache, SosError } from '../src';
import { type FakeS3, startFakeS3 } from './fake-s3';
import type { MountedServer, StartServer } from './upload-contract';

/** One tenant of the suite. */
interface Tenant {
  id: string;
  connection: Connection;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** A distinct, well-formed access key ID per tenant: `AKIA` and the index in base 32. */
const keyIdFor = (index: number): string => {
  let digits = '';
  for (let rest = index; rest > 0; rest = Math.floor(rest / 32)) digits = `${BASE32[rest % 32]}${digits}`;
  return `AKIA${digits.padStart(16, 'Q')}`;
};

/**
 * The crafted tenants (prefixes that are string prefixes of each other, nested,
 * differently cased, Unicode look-alikes, the same prefix in another bucket, a
 * tenant owning a whole bucket, a tenant on AWS's own addressing) and
 * `generated` more whose prefixes overlap as strings (`t-1`, `t-10`, `t-11`).
 */
function isolationTenants(endpoint: string, generated: number): Tenant[] {
  const crafted: [string, string, string | undefined, boolean][] = [
    ['lab', 'shared', 'lab', true],
    ['lab-2', 'shared', 'lab-2', true],
    ['lab-nested', 'shared', 'lab/2', true],
    ['LAB', 'shared', 'LAB', true],
    ['lab-cyrillic', 'shared', 'l\u0430b', true],
    ['cafe', 'shared', 'caf\u00e9', true],
    ['other-lab', 'other', 'lab', true],
    ['whole', 'whole-bucket', undefined, true],
    ['aws-lab-2', 'aws-lab-uploads', 'lab-2', false],
  ];
  const specs = [
    ...crafted,
    ...Array.from({ length: generated }, (_, i): [string, string, string, boolean] => [
      `t-${i + 1}`,
      i % 2 ? 'shared' : 'other',
      `t-${i + 1}`,
      true,
    ]),
  ];
  return specs.map(([id, bucket, prefix, local], index) => ({
    id,
    connection: {
      bucket,
      region: local ? 'eu-central-1' : 'eu-west-1',
      credentials: { accessKeyId: keyIdFor(index + 1), secretAccessKey: `${id}-secret-`.padEnd(40, 'x').slice(0, 40) },
      ...(local ? { endpoint } : {}),
      ...(prefix === undefined ? {} : { prefix }),
    },
  }));
}

const folderOf = (tenant: Tenant): string =>
  tenant.connection.prefix === undefined ? '' : `${tenant.connection.prefix}/`;

/** The bucket and key a signed URL addresses, path-style or virtual-hosted. */
function addressed(tenant: Tenant, url: string): { bucket: string; key: string; accessKeyId: string | undefined } {
  const parsed = new URL(url);
  const segments = parsed.pathname
    .split('/')
    .slice(1)
    .map((segment) => decodeURIComponent(segment));
  const credential = parsed.searchParams.get('X-Amz-Credential')?.split('/')[0];
  if (tenant.connection.endpoint !== undefined) {
    expect(parsed.origin).toBe(tenant.connection.endpoint);
    return { bucket: segments[0] ?? '', key: segments.slice(1).join('/'), accessKeyId: credential };
  }
  const host = /^(.+)\.s3\.([a-z0-9-]+)\.amazonaws\.com$/.exec(parsed.hostname);
  expect(host?.[2]).toBe(tenant.connection.region);
  return { bucket: host?.[1] ?? '', key: segments.join('/'), accessKeyId: credential };
}

/** A key the tenant's own layout produced: its folder, a date, a UUID, one file name segment. */
function expectOwnKey(tenant: Tenant, key: string): void {
  expect(key).toMatch(
    new RegExp(
      `^${folderOf(tenant).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\d{4}/\\d{2}/\\d{2}/[0-9a-f-]{36}/[^/]+$`,
      'u',
    ),
  );
  expect(() => assertKeyWithinPrefix(key, tenant.connection.prefix)).not.toThrow();
}

/** Keys that try to leave `attacker`'s folder for `victim`'s, or to pass as inside it. */
function escapingKeys(attacker: Tenant, victim: Tenant): string[] {
  const own = attacker.connection.prefix ?? '';
  const other = victim.connection.prefix ?? 'x';
  const keys = [
    `${other}/scan.zip`,
    other,
    `${other}/`,
    `/${other}/scan.zip`,
    `${own}/../${other}/scan.zip`,
    `${own}/./../${other}/scan.zip`,
    `${own}//../${other}/scan.zip`,
    `${own}\\..\\${other}\\scan.zip`,
    `${own}\uFF0F..\uFF0F${other}\uFF0Fscan.zip`,
    `${own}\u2215..\u2215${other}`,
  ];
  if (own !== '') {
    keys.push(
      own,
      `${own}/`,
      `/${own}/scan.zip`,
      `//${own}/scan.zip`,
      `${own}x/scan.zip`,
      `${own}/./scan.zip`,
      `${own}//scan.zip`,
      `${own}/../${own}/scan.zip`,
    );
    if (own.toUpperCase() !== own) keys.push(`${own.toUpperCase()}/scan.zip`);
    if (own.toLowerCase() !== own) keys.push(`${own.toLowerCase()}/scan.zip`);
    if (own.normalize('NFD') !== own) keys.push(`${own.normalize('NFD')}/scan.zip`);
    if (own.includes('a')) keys.push(`${own.replace('a', '\u0430')}/scan.zip`);
    if (own.includes('\u0430')) keys.push(`${own.replace('\u0430', 'a')}/scan.zip`);
  }
  // A key inside the attacker's own folder is the attacker's, even when another tenant's prefix lies in it (see below).
  return keys.filter((key) => {
    try {
      assertKeyWithinPrefix(key, attacker.connection.prefix);
      return false;
    } catch {
      return true;
    }
  });
}

type ErrorBody = { error: { code: string } };
const MiB = 1024 * 1024;

/** Runs the isolation suite against an adapter's real server. */
export function describeTenantIsolation(adapter: string, startServer: StartServer, generated = 30): void {
  describe(`${adapter}: tenant isolation`, () => {
    let s3: FakeS3;
    let server: MountedServer;
    let tenants: Tenant[];
    let byId: Map<string, Tenant>;
    let clients: S3ClientCache;

    beforeAll(async () => {
      s3 = await startFakeS3();
      tenants = isolationTenants(s3.endpoint, generated);
      byId = new Map(tenants.map((tenant) => [tenant.id, tenant]));
      clients = new S3ClientCache({ maxClients: 8, timeouts: { connectMs: 1_000, idleMs: 2_000 } });
      server = await startServer({
        resolveTenant: ({ request }) => {
          const tenant = byId.get(request.headers.get('x-tenant') ?? '');
          if (!tenant) throw new SosError('UNAUTHENTICATED', 'Sign in first.');
          return tenant.connection;
        },
        rules: { allowedTypes: ['image/*', '.stl', '.zip', 'text/plain'] },
        multipartThreshold: 6 * MiB,
        clients,
        allowEndpoint: (url) => url.hostname === '127.0.0.1',
      });
    });
    afterAll(async () => {
      await server?.close();
      clients?.clear();
      await s3?.stop();
    });

    const call = (tenant: Tenant, path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> => {
      const { json, headers, ...rest } = init;
      return fetch(`${server.baseUrl}${path}`, {
        ...rest,
        headers: {
          'x-tenant': tenant.id,
          ...(json === undefined ? {} : { 'content-type': 'application/json' }),
          ...(headers as Record<string, string> | undefined),
        },
        ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      });
    };
    const callJson = async (tenant: Tenant, path: string, init: Parameters<typeof call>[2] = {}) => {
      const response = await call(tenant, path, init);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const local = () => tenants.filter((tenant) => tenant.connection.endpoint !== undefined);

    // What every request may carry besides its own tenant: another tenant's bucket, prefix and keys, anywhere.
    const smuggled = (victim: Tenant) => ({
      fields: {
        bucket: victim.connection.bucket,
        prefix: victim.connection.prefix ?? '',
        key: `${folderOf(victim)}x.png`,
        endpoint: 'http://evil.example.com',
        region: 'us-east-1',
        credentials: victim.connection.credentials,
      },
      query: `bucket=${encodeURIComponent(victim.connection.bucket)}&prefix=${encodeURIComponent(victim.connection.prefix ?? '')}&key=${encodeURIComponent(`${folderOf(victim)}x.png`)}&x-id=PutObject`,
      headers: {
        'x-amz-bucket': victim.connection.bucket,
        'x-sos-prefix': encodeURIComponent(victim.connection.prefix ?? ''),
        'x-forwarded-host': `${victim.connection.bucket}.s3.amazonaws.com`,
        'x-amz-security-token': 'stolen',
        authorization: `AWS4-HMAC-SHA256 Credential=${victim.connection.credentials.accessKeyId}/x`,
      },
      names: [
        `../${folderOf(victim)}x.png`,
        `/${folderOf(victim)}x.png`,
        `..%2F${encodeURIComponent(folderOf(victim))}x.png`,
        `${folderOf(victim).replaceAll('/', '\\')}..\\x.png`,
        `${folderOf(victim).replaceAll('/', '\u2215')}x.png`,
        `${folderOf(victim).replaceAll('/', '\uFF0F')}x.png`,
      ],
    });

    it('signs every upload into the resolving tenant’s bucket and folder, with its key, whatever the request carries', {
      timeout: 120_000,
    }, async () => {
      for (const tenant of tenants) {
        const victims = tenants.filter((other) => other !== tenant).slice(0, 4);
        for (const victim of victims) {
          const { fields, query, headers, names } = smuggled(victim);
          const files = names.map((name, index) => ({ name, size: index + 1, type: 'image/png', ...fields }));
          const { status, body } = await callJson(tenant, `/uploads?${query}`, {
            method: 'POST',
            headers,
            json: { files, ...fields },
          });
          expect(status, `${tenant.id} smuggling ${victim.id}`).toBe(200);
          for (const upload of body.uploads as { bucket: string; key: string; url: string }[]) {
            expect(upload.bucket).toBe(tenant.connection.bucket);
            expectOwnKey(tenant, upload.key);
            expect(addressed(tenant, upload.url)).toEqual({
              bucket: tenant.connection.bucket,
              key: upload.key,
              accessKeyId: tenant.connection.credentials.accessKeyId,
            });
          }
          const name = names[0] ?? '';
          const params = await callJson(
            tenant,
            `/s3/params?filename=${encodeURIComponent(name)}&type=image/png&${query}`,
            { headers },
          );
          expect(params.status).toBe(200);
          const form = params.body.fields as Record<string, string>;
          expectOwnKey(tenant, form.key ?? '');
          expect(form['X-Amz-Credential']?.split('/')[0]).toBe(tenant.connection.credentials.accessKeyId);
          const policy = JSON.parse(Buffer.from(form.Policy ?? '', 'base64').toString('utf8')) as {
            conditions: unknown[];
          };
          expect(policy.conditions).toContainEqual({ bucket: tenant.connection.bucket });
          const formUrl = new URL(String(params.body.url));
          if (tenant.connection.endpoint !== undefined) expect(formUrl.pathname).toBe(`/${tenant.connection.bucket}`);
          else
            expect(formUrl.hostname).toBe(`${tenant.connection.bucket}.s3.${tenant.connection.region}.amazonaws.com`);
        }
      }
    });

    it('sends a signed upload, a started multipart upload and its parts to the tenant’s own bucket and folder', {
      timeout: 120_000,
    }, async () => {
      for (const tenant of local()) {
        const victim = tenants.find((other) => other.connection.prefix !== tenant.connection.prefix) ?? tenant;
        const { fields, headers } = smuggled(victim);
        const { body } = await callJson(tenant, '/uploads', {
          method: 'POST',
          headers,
          json: {
            files: [
              { name: 'jaw.stl', size: 4, ...fields },
              { name: 'cbct.zip', size: 7 * MiB, ...fields },
            ],
            ...fields,
          },
        });
        const [put, multipart] = body.uploads as [
          { url: string; key: string; headers: Record<string, string> },
          { key: string; uploadId: string; parts: { url: string }[] },
        ];
        const sent = await fetch(put.url, { method: 'PUT', headers: put.headers, body: 'scan' });
        expect(sent.status).toBe(200);
        const part = await fetch(multipart.parts[0]?.url ?? '', { method: 'PUT', body: Buffer.alloc(7 * MiB) });
        expect(part.status).toBe(200);
        const created = await callJson(tenant, '/s3/multipart', {
          method: 'POST',
          headers,
          json: { filename: `../${folderOf(victim)}x.zip`, type: 'application/zip', ...fields },
        });
        expect(created.status).toBe(200);
        expect(created.body.bucket).toBe(tenant.connection.bucket);
        expectOwnKey(tenant, String(created.body.key));
      }
    });

    it('refuses, on every route that takes a key, every key outside the tenant’s folder, before S3 sees it', {
      timeout: 120_000,
    }, async () => {
      const before = s3.requests.length;
      const crafted = tenants.slice(0, 9);
      const pairs: [Tenant, Tenant][] = [];
      for (const attacker of tenants) {
        const victims = crafted.includes(attacker)
          ? tenants.filter((other) => other !== attacker && crafted.includes(other))
          : tenants
              .filter(
                (other) => other !== attacker && (other.id.startsWith(attacker.id) || attacker.id.startsWith(other.id)),
              )
              .slice(0, 4);
        for (const victim of victims) pairs.push([attacker, victim]);
      }
      let refused = 0;
      for (const [attacker, victim] of pairs) {
        await Promise.all(
          escapingKeys(attacker, victim).map(async (key) => {
            const query = `key=${encodeURIComponent(key)}`;
            const attempts: [string, RequestInit & { json?: unknown }][] = [
              [`/s3/multipart/u-1/1?${query}`, {}],
              [`/s3/multipart/u-1/batch?${query}&partNumbers=1,2`, {}],
              [`/s3/multipart/u-1?${query}`, {}],
              [`/s3/multipart/u-1?${query}`, { method: 'DELETE' }],
              [
                `/s3/multipart/u-1/complete?${query}`,
                { method: 'POST', json: { parts: [{ PartNumber: 1, ETag: '"e"' }] } },
              ],
            ];
            for (const [path, init] of attempts) {
              const response = await call(attacker, path, init);
              const context = `${attacker.id} → ${JSON.stringify(key)} ${init.method ?? 'GET'} ${path.split('?')[0]}`;
              expect(response.status, context).toBe(403);
              expect(((await response.json()) as ErrorBody).error.code, context).toBe('KEY_OUTSIDE_PREFIX');
              refused++;
            }
          }),
        );
      }
      expect(refused).toBeGreaterThan(2_000);
      expect(s3.requests.length).toBe(before);
    });

    it('refuses keys whose separators are encoded, once or twice, in the query', async () => {
      const [lab, lab2] = [byId.get('lab'), byId.get('lab-2')] as [Tenant, Tenant];
      for (const raw of ['lab%2F..%2Flab-2%2Fx', 'lab%2F%2E%2E%2Flab-2%2Fx', '%2Flab%2Fx', 'lab-2%2Fx']) {
        const response = await call(lab, `/s3/multipart/u-1/1?key=${raw}`);
        expect(response.status, raw).toBe(403);
      }
      // Encoded twice, the separators are part of one name inside the folder: S3 stores "%2F" literally, and the URL says so.
      const literal = await callJson(lab, '/s3/multipart/u-1/1?key=lab/%252e%252e%252Flab-2%252Fx');
      expect(literal.status).toBe(200);
      expect(addressed(lab, String(literal.body.url)).key).toBe('lab/%2e%2e%2Flab-2%2Fx');
      const refused = await call(lab2, '/s3/multipart/u-1/1?key=lab%252F..%252Flab-2');
      expect(refused.status).toBe(403);
    });

    it('cannot list, abort, complete or write into another tenant’s upload with its upload ID', {
      timeout: 120_000,
    }, async () => {
      const crafted = local().slice(0, 8);
      for (const victim of crafted) {
        const created = await callJson(victim, '/s3/multipart', {
          method: 'POST',
          json: { filename: 'victim.zip', type: 'application/zip' },
        });
        const { key, uploadId } = created.body as { key: string; uploadId: string };
        const id = encodeURIComponent(uploadId);
        for (const attacker of crafted.filter((other) => other !== victim)) {
          const ownKey = encodeURIComponent(`${folderOf(attacker)}2026/x/stolen.zip`);
          const context = `${attacker.id} with ${victim.id}'s upload`;
          for (const [path, init] of [
            [`/s3/multipart/${id}?key=${ownKey}`, {}],
            [`/s3/multipart/${id}?key=${ownKey}`, { method: 'DELETE' }],
            [
              `/s3/multipart/${id}/complete?key=${ownKey}`,
              { method: 'POST', json: { parts: [{ PartNumber: 1, ETag: '"e"' }] } },
            ],
          ] as const) {
            const response = await call(attacker, path, init);
            expect(response.status, `${context}: ${init.method ?? 'GET'} ${path}`).toBe(404);
            expect(((await response.json()) as ErrorBody).error.code).toBe('NO_SUCH_UPLOAD');
          }
          // Signing needs no S3 call: the URL is the attacker's own object, which S3 refuses for this upload ID.
          const signed = await callJson(attacker, `/s3/multipart/${id}/1?key=${ownKey}`);
          const target = addressed(attacker, String(signed.body.url));
          expect(target).toEqual({
            bucket: attacker.connection.bucket,
            key: decodeURIComponent(ownKey),
            accessKeyId: attacker.connection.credentials.accessKeyId,
          });
          const part = await fetch(String(signed.body.url), { method: 'PUT', body: 'stolen' });
          expect(part.status, context).toBe(404);
        }
        // The victim's upload is untouched: its part and completion still work.
        const signed = await callJson(victim, `/s3/multipart/${id}/1?key=${encodeURIComponent(key)}`);
        const part = await fetch(String(signed.body.url), { method: 'PUT', body: 'victim bytes' });
        const done = await callJson(victim, `/s3/multipart/${id}/complete?key=${encodeURIComponent(key)}`, {
          method: 'POST',
          json: { parts: [{ PartNumber: 1, ETag: part.headers.get('etag') ?? '' }] },
        });
        expect(done.status).toBe(200);
        expect(done.body).toMatchObject({ key, bucket: victim.connection.bucket });
      }
    });

    it('a prefix inside another tenant’s prefix, in the same bucket, is inside that tenant’s folder', async () => {
      // Prefixes are folders: "lab" holds "lab/2". Isolation between tenants of one bucket needs
      // prefixes of which none lies inside another; sos checks keys against the resolving tenant only.
      const [outer, inner] = [byId.get('lab'), byId.get('lab-nested')] as [Tenant, Tenant];
      const reached = await call(outer, `/s3/multipart/u-1/1?key=${encodeURIComponent('lab/2/scan.zip')}`);
      expect(reached.status).toBe(200);
      const escaped = await call(inner, `/s3/multipart/u-1/1?key=${encodeURIComponent('lab/scan.zip')}`);
      expect(escaped.status).toBe(403);
    });

    it('random keys: accepted only inside the tenant’s folder, and then signed for exactly that key (property)', {
      timeout: 120_000,
    }, async () => {
      const crafted = tenants.slice(0, 9);
      const piece = fc.oneof(
        fc.constantFrom(
          'lab',
          'lab-2',
          'LAB',
          'l\u0430b',
          'caf\u00e9',
          'cafe\u0301',
          't-1',
          't-10',
          '2',
          '..',
          '.',
          '',
          '%2F',
          '\\',
          '\uFF0F',
        ),
        fc.string({ maxLength: 6 }),
      );
      const key = fc.array(piece, { minLength: 1, maxLength: 5 }).map((pieces) => pieces.join('/'));
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...crafted), key, async (tenant, candidate) => {
          const response = await call(tenant, `/s3/multipart/u-1/1?key=${encodeURIComponent(candidate)}`);
          let inside = true;
          try {
            assertKeyWithinPrefix(candidate, tenant.connection.prefix);
          } catch {
            inside = false;
          }
          if (!inside) {
            // An empty key is no key at all: INVALID_INPUT; anything else outside the folder: KEY_OUTSIDE_PREFIX.
            expect(response.status).toBe(candidate === '' ? 400 : 403);
            return;
          }
          expect([200, 400]).toContain(response.status);
          if (response.status === 200) {
            const { url } = (await response.json()) as { url: string };
            expect(addressed(tenant, url)).toEqual({
              bucket: tenant.connection.bucket,
              key: candidate,
              accessKeyId: tenant.connection.credentials.accessKeyId,
            });
          }
        }),
        { numRuns: 600 },
      );
    });

    it('every request S3 received was signed with the key of the tenant whose bucket and folder it targets', () => {
      expect(s3.requests.length).toBeGreaterThan(50);
      const byKeyId = new Map(tenants.map((tenant) => [tenant.connection.credentials.accessKeyId, tenant]));
      for (const request of s3.requests) {
        const tenant = byKeyId.get(request.accessKeyId ?? '');
        const context = `${request.method} /${request.bucket}/${request.key} signed by ${request.accessKeyId}`;
        expect(tenant, context).toBeDefined();
        expect(request.bucket, context).toBe(tenant?.connection.bucket);
        expect(request.key.startsWith(tenant === undefined ? '\u0000' : folderOf(tenant)), context).toBe(true);
      }
    });
  });
}
