/**
 * A canary secret pushed through every public function of core, its error
 * paths and the HTTP handler's routes, offline and against the embedded S3
 * server, must never come out: not in a result, a response, a log line, nor
 * in an error's message, stack, JSON or `util.inspect` (cause included).
 *
 * The only place a credential may appear is where it is the point: the
 * session token of temporary credentials inside a presigned URL
 * (`X-Amz-Security-Token`, S3 needs it; it cannot sign anything by itself),
 * and the cleaned keys `parseCredentials` returns to be stored.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { S3ServiceException } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { type LocalS3, startLocalS3 } from '@sos/local-s3';
import { mockClient } from 'aws-sdk-client-mock';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as core from '../src';
import {
  abortMultipartUpload,
  type Connection,
  completeMultipartUpload,
  connectionFingerprint,
  createCredentialVault,
  createMultipartUpload,
  createRoleResolver,
  createS3Client,
  createUploadHandler,
  type DataKeyProvider,
  describeS3Error,
  errorResponse,
  isRoleConnection,
  LOG_REDACT_PATHS,
  listParts,
  objectUrl,
  parseCredentials,
  presignPost,
  presignPut,
  putObject,
  type RoleConnection,
  redactedCredentials,
  resolveConnection,
  resolveExpiresIn,
  roleAssumeError,
  S3ClientCache,
  SosError,
  s3OperationError,
  scrubError,
  signParts,
  TenantCredentials,
  type UploadHandlerOptions,
  urlSignerFor,
  verifyConnection,
} from '../src';

/** The embedded S3 server and the fakes run on this machine: the endpoint check lets them through. */
const local = (url: URL): boolean => url.hostname === '127.0.0.1';

// Canaries: shaped like the real thing, and unmistakable.
const SECRET = 'cAnArY0sEcReT/0000+1111222233334444abcde';
const WRONG_SECRET = 'cAnArY1wRoNg/0000+1111222233334444abcdef';
const TOKEN = 'IQoJb3JpZ2luX2VjEcAnArY2tOkEn/0000+1111222233334444555566667777==';
const TEMP_SECRET = 'cAnArY3tEmP/0000+1111222233334444abcdefg';
const TEMP_TOKEN = 'IQoJb3JpZ2luX2VjEcAnArY4tEmPtOkEn/0000+11112222333344445555==';
const VENDOR_SECRET = 'cAnArY5vEnDoR/0000+1111222233334444abcde';
const VAULT_KEY = randomBytes(32);
const CANARIES = [SECRET, WRONG_SECRET, TOKEN, TEMP_SECRET, TEMP_TOKEN, VENDOR_SECRET, VAULT_KEY.toString('base64')];
const TOKENS = [TOKEN, TEMP_TOKEN];

const KEY_ID = 'AKIA2ZQXEXAMPLEBRT6W';
const TEMP_KEY_ID = 'ASIA2ZQXK7PLMNB4RT6W';
const ROLE_ARN = 'arn:aws:iam::111122223333:role/sos-upload';
const EXTERNAL_ID = 'sos-5b1d0c1e-7a0e-4f55-9d7c-2f1f3d1d9c11';
const BUCKET = 'lab-uploads';
const ORIGIN = 'http://localhost:5173';

/** Every way a canary could be spelled in output: as is, URL-encoded, JSON-escaped, and a long piece of it. */
const forms = (canary: string): string[] => [
  canary,
  encodeURIComponent(canary),
  JSON.stringify(canary).slice(1, -1),
  canary.slice(4, 24),
];

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Presigned URLs and forms carry the session token by design, as the value of
 * `X-Amz-Security-Token` (in a query, a form field, or JSON of either);
 * nowhere else may it appear.
 */
function withoutSignedTokens(text: string): string {
  let cleaned = text;
  for (const token of TOKENS) {
    for (const form of [encodeURIComponent(token), token]) {
      const signed = new RegExp(`(X-Amz-Security-Token[\\\\"':=\\s]{1,8})${escapeRegExp(form)}`, 'g');
      cleaned = cleaned.replace(signed, '$1<token>');
    }
  }
  return cleaned;
}

const deep = { depth: Number.POSITIVE_INFINITY, showHidden: true, getters: false } as const;

/** Everything a value can print as. */
function printouts(value: unknown): string[] {
  const texts = [inspect(value, deep), inspect(value), String(value)];
  try {
    texts.push(JSON.stringify(value) ?? '');
  } catch {
    // Circular values cannot be JSON; inspect covered them.
  }
  if (value instanceof Error) {
    texts.push(value.message, value.stack ?? '');
    let cause: unknown = value.cause;
    for (let depth = 0; cause !== undefined && depth < 5; depth++) {
      texts.push(inspect(cause, deep), String((cause as Error).stack ?? ''), String((cause as Error).message ?? ''));
      cause = (cause as Error).cause;
    }
  }
  return texts;
}

let checked = 0;
/** Fails if any canary, in any spelling, shows in anything `value` prints as. */
function expectClean(value: unknown, where: string): void {
  checked++;
  for (const text of printouts(value).map(withoutSignedTokens)) {
    for (const canary of CANARIES) {
      for (const form of forms(canary)) {
        if (text.includes(form)) throw new Error(`${where}: a secret leaked (${canary.slice(0, 10)}…) in:\n${text}`);
      }
    }
  }
}

/** Runs `work`, checks its result or its error, and returns which it was. */
async function probe<T>(
  where: string,
  work: () => Promise<T> | T,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    const value = await work();
    expectClean(value, where);
    logger.info({ result: value }, where);
    return { ok: true, value };
  } catch (error) {
    if (error instanceof Error && error.message.includes('a secret leaked')) throw error;
    expectClean(error, `${where} (error)`);
    logger.error({ err: error }, where);
    return { ok: false, error };
  }
}

// One logger for everything, configured as the README says; its output is checked at the end.
const logLines: string[] = [];
const logger = pino(
  { redact: { paths: [...LOG_REDACT_PATHS], censor: '[redacted]' } },
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  }),
);

const stsMock = mockClient(STSClient);
let s3: LocalS3;
let tempS3: LocalS3;
let good: Connection;
let wrong: Connection;
let roleConnection: RoleConnection;
const clients = new S3ClientCache();

beforeAll(async () => {
  const cors = [
    { AllowedOrigins: [ORIGIN], AllowedMethods: ['PUT', 'POST'], AllowedHeaders: ['*'], ExposeHeaders: ['ETag'] },
  ];
  s3 = await startLocalS3({
    buckets: [{ name: BUCKET, cors }],
    credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET },
  });
  // The server the role's temporary credentials work on.
  tempS3 = await startLocalS3({
    buckets: [{ name: BUCKET, cors }],
    credentials: { accessKeyId: TEMP_KEY_ID, secretAccessKey: TEMP_SECRET },
  });
  good = {
    bucket: BUCKET,
    region: s3.region,
    endpoint: s3.endpoint,
    prefix: 'lab-1',
    credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET },
  };
  wrong = {
    ...good,
    credentials: {
      accessKeyId: TEMP_KEY_ID,
      secretAccessKey: WRONG_SECRET,
      sessionToken: TOKEN,
      expiration: new Date(Date.now() + 3_600_000),
    },
  };
  roleConnection = {
    bucket: BUCKET,
    region: tempS3.region,
    endpoint: tempS3.endpoint,
    prefix: 'lab-2',
    credentials: { roleArn: ROLE_ARN, externalId: EXTERNAL_ID },
  };
});

afterAll(async () => {
  clients.clear();
  await Promise.all([s3?.stop(), tempS3?.stop()]);
  stsMock.restore();
});

beforeEach(() => {
  stsMock.reset();
  stsMock.on(AssumeRoleCommand).callsFake((input: { ExternalId?: string }) => {
    if (input.ExternalId === undefined) {
      throw new STSServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
        message: `User: arn:aws:iam::123456789012:user/vendor is not authorized to perform: sts:AssumeRole on ${ROLE_ARN}`,
      });
    }
    return {
      Credentials: {
        AccessKeyId: TEMP_KEY_ID,
        SecretAccessKey: TEMP_SECRET,
        SessionToken: TEMP_TOKEN,
        Expiration: new Date(Date.now() + 3_600_000),
      },
    };
  });
  stsMock
    .on(GetCallerIdentityCommand)
    .resolves({ Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/vendor' });
});

const vendorCredentials = { accessKeyId: 'AKIAVENDOREXAMPLELMN', secretAccessKey: VENDOR_SECRET };

describe('the leak test: every public function of core', () => {
  it('connections, clients and signers print no secret', async () => {
    await probe('connectionFingerprint', () => connectionFingerprint(good));
    await probe('createS3Client', () => createS3Client(good));
    await probe('S3ClientCache', () => {
      clients.get(good);
      clients.get(wrong);
      return clients;
    });
    await probe('urlSignerFor', () => urlSignerFor(clients.get(good), good.credentials));
    await probe('isRoleConnection', () => isRoleConnection(good));
    await probe('resolveExpiresIn', () => resolveExpiresIn(600, wrong.credentials, new Date()));
    await probe('resolveExpiresIn, too long', () => resolveExpiresIn(604_800, wrong.credentials, new Date()));
    await probe('resolveExpiresIn, expired', () =>
      resolveExpiresIn(
        60,
        { ...wrong.credentials, secretAccessKey: WRONG_SECRET, expiration: new Date(0) },
        new Date(),
      ),
    );
    await probe('the whole module', () => core);
  });

  it('redacted credentials, scrubbing and log paths', async () => {
    const credentials = redactedCredentials(wrong.credentials);
    await probe('redactedCredentials', () => credentials);
    await probe('a spread of redacted credentials', () => ({ ...credentials }));
    await probe('a connection with redacted credentials', () => ({ ...good, credentials }));
    await probe('new TenantCredentials', () => new TenantCredentials(good.credentials, { assumedRole: ROLE_ARN }));
    const sdkError = Object.assign(
      new S3ServiceException({
        name: 'SignatureDoesNotMatch',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
        message: `The request signature we calculated does not match (${SECRET})`,
      }),
      { CanonicalRequest: `PUT\n/k\n\nx-amz-security-token:${TOKEN}`, SignatureProvided: 'f'.repeat(64) },
    );
    await probe('scrubError', () => scrubError(sdkError, [SECRET]));
    await probe('s3OperationError', () =>
      s3OperationError(Object.assign(sdkError, { message: 'mismatch' }), 'PutObject'),
    );
    await probe('describeS3Error', () => describeS3Error(sdkError));
    await probe('errorResponse of a SosError caused by an SDK error', async () => {
      const response = errorResponse(s3OperationError(sdkError, 'PutObject'));
      return { status: response.status, body: await response.text() };
    });
    await probe('errorResponse of an unexpected error', async () => {
      const response = errorResponse(new Error(`database said ${SECRET}`));
      return { status: response.status, body: await response.text() };
    });
    await probe('roleAssumeError', () =>
      roleAssumeError(
        Object.assign(new Error(`denied ${VENDOR_SECRET}`), { name: 'AccessDenied' }),
        { roleArn: ROLE_ARN, externalId: EXTERNAL_ID },
        [VENDOR_SECRET],
      ),
    );
    // Plain credentials logged through the redact paths.
    logger.info(
      { connection: good, tenant: { connection: wrong }, credentials: wrong.credentials },
      'plain connections',
    );
  });

  it('parseCredentials never quotes the secret in its errors or warnings', async () => {
    const inputs: Parameters<typeof parseCredentials>[0][] = [
      { accessKeyId: KEY_ID, secretAccessKey: SECRET },
      { accessKeyId: SECRET, secretAccessKey: KEY_ID },
      { accessKeyId: SECRET, secretAccessKey: SECRET },
      { accessKeyId: KEY_ID, secretAccessKey: `${SECRET}!!` },
      { accessKeyId: TEMP_KEY_ID, secretAccessKey: SECRET, sessionToken: `${TOKEN} ` },
      { accessKeyId: TEMP_KEY_ID, secretAccessKey: SECRET, sessionToken: 'short' },
      `[default]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET}\n`,
      `${KEY_ID},${SECRET}`,
      `${SECRET}`,
      JSON.stringify({ AccessKey: { AccessKeyId: KEY_ID, SecretAccessKey: SECRET } }),
    ];
    for (const [index, input] of inputs.entries()) {
      const result = parseCredentials(input);
      // The cleaned keys are the one place the secret belongs: they are what the caller stores.
      const { credentials: _keys, ...rest } = result as { credentials?: unknown };
      await probe(`parseCredentials #${index}`, () => rest);
      if (result.ok) await probe(`parseCredentials #${index}, wrapped`, () => redactedCredentials(result.credentials));
    }
  });

  it('the vault: sealed strings, opened credentials and every refusal', async () => {
    const vault = createCredentialVault({ keys: { k1: VAULT_KEY }, activeKeyId: 'k1' });
    const sealed = (await probe('vault.seal', () => vault.seal(wrong.credentials, { tenantId: 'lab-1' }))) as {
      value: string;
    };
    await probe('vault.open', () => vault.open(sealed.value, { tenantId: 'lab-1' }));
    await probe('vault.open, other tenant', () => vault.open(sealed.value, { tenantId: 'lab-2' }));
    await probe('vault.open, tampered', () => vault.open(`${sealed.value.slice(0, -3)}AAA`, { tenantId: 'lab-1' }));
    await probe('vault.reseal', () => vault.reseal(sealed.value, { tenantId: 'lab-1' }));
    await probe('vault.seal, no secret', () =>
      vault.seal({ accessKeyId: KEY_ID, secretAccessKey: '' }, { tenantId: 'x' }),
    );
    await probe('the vault itself', () => vault);
    await probe('createCredentialVault, short key', () =>
      createCredentialVault({ keys: { k1: VAULT_KEY.subarray(0, 31) }, activeKeyId: 'k1' }),
    );
    const failing: DataKeyProvider = {
      generateDataKey: async () => {
        throw new Error(`KMS down, while sealing ${SECRET}`);
      },
      decryptDataKey: async () => {
        throw new Error('KMS down');
      },
    };
    await probe('envelope seal, KMS down', () =>
      createCredentialVault({ dataKeys: failing }).seal(good.credentials, { tenantId: 'lab-1' }),
    );
  });

  it('signing and uploading against the embedded S3 server, with right and wrong keys', async () => {
    for (const [name, connection] of [
      ['right keys', good],
      ['wrong keys with a session token', wrong],
    ] as const) {
      const put = await probe(`presignPut, ${name}`, () =>
        presignPut({ connection, key: 'lab-1/a.txt', contentType: 'text/plain', clients }),
      );
      if (put.ok) {
        const response = await fetch(put.value.url, { method: 'PUT', headers: put.value.headers, body: 'hello' });
        expect(response.status).toBe(connection === good ? 200 : 403);
        await probe(`S3's answer to the presigned PUT, ${name}`, async () => ({
          status: response.status,
          body: await response.text(),
        }));
      }
      await probe(`presignPost, ${name}`, () =>
        presignPost({ connection, key: 'lab-1/b.txt', contentType: 'text/plain', maxBytes: 1024, clients }),
      );
      await probe(`objectUrl, ${name}`, () => objectUrl(connection, 'lab-1/a.txt', clients));
      const stored = await probe(`putObject, ${name}`, () =>
        putObject({ connection, key: 'lab-1/c.txt', body: 'server-side', contentType: 'text/plain', clients }),
      );
      // Both paths ran: a success with the right keys, S3's refusal with the wrong ones.
      expect(stored.ok).toBe(connection === good);
      if (!stored.ok) expect(stored.error).toMatchObject({ code: 'S3_SIGNATURE_MISMATCH' });
      const created = await probe(`createMultipartUpload, ${name}`, () =>
        createMultipartUpload({ connection, key: 'lab-1/d.bin', contentType: 'application/octet-stream', clients }),
      );
      const uploadId = created.ok ? created.value.uploadId : 'no-such-upload';
      const parts = await probe(`signParts, ${name}`, () =>
        signParts({ connection, key: 'lab-1/d.bin', uploadId, partNumbers: [1], clients }),
      );
      let etag = '"nope"';
      if (parts.ok && created.ok) {
        const part = parts.value.parts[0];
        const response = await fetch(part?.url ?? '', { method: 'PUT', body: 'part one' });
        etag = response.headers.get('etag') ?? etag;
      }
      const completed = await probe(`completeMultipartUpload, ${name}`, () =>
        completeMultipartUpload({
          connection,
          key: 'lab-1/d.bin',
          uploadId,
          parts: [{ partNumber: 1, etag }],
          clients,
        }),
      );
      expect(completed.ok).toBe(connection === good);
      await probe(`listParts, ${name}`, () => listParts({ connection, key: 'lab-1/d.bin', uploadId, clients }));
      await probe(`abortMultipartUpload, ${name}`, () =>
        abortMultipartUpload({ connection, key: 'lab-1/d.bin', uploadId, clients }),
      );
      const verified = await probe(`verifyConnection, ${name}`, () =>
        verifyConnection(connection, { origins: [ORIGIN], timeoutMs: 10_000, allowEndpoint: local }),
      );
      const write = verified.ok ? verified.value.checks.find((check) => check.id === 'write') : undefined;
      expect(write?.code).toBe(connection === good ? 'WRITE_OK' : 'S3_SIGNATURE_MISMATCH');
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('input errors, expired and swapped credentials, and a dead endpoint', async () => {
    const expired = { ...wrong, credentials: { ...wrong.credentials, expiration: new Date(Date.now() - 1000) } };
    await probe('presignPut, expired credentials', () =>
      presignPut({ connection: expired, key: 'lab-1/a', contentType: 'text/plain' }),
    );
    await probe('presignPut, outside the prefix', () =>
      presignPut({ connection: good, key: 'other/a', contentType: 'text/plain' }),
    );
    await probe('presignPut, bad expiry', () =>
      presignPut({ connection: good, key: 'lab-1/a', contentType: 'text/plain', expiresIn: 0 }),
    );
    await probe('presignPost, bad range', () =>
      presignPost({ connection: good, key: 'lab-1/a', contentType: 'text/plain', maxBytes: -1 }),
    );
    await probe('signParts, bad parts', () =>
      signParts({ connection: wrong, key: 'lab-1/a', uploadId: 'u', partNumbers: [0, 10_001] }),
    );
    const dead = { ...wrong, endpoint: 'http://127.0.0.1:1' };
    await probe('putObject, dead endpoint', () =>
      putObject({ connection: dead, key: 'lab-1/a', body: 'x', contentType: 'text/plain' }),
    );
    await probe('createMultipartUpload, dead endpoint', () =>
      createMultipartUpload({ connection: dead, key: 'lab-1/a', contentType: 'text/plain' }),
    );
    await probe('verifyConnection, dead endpoint', () =>
      verifyConnection(dead, { timeoutMs: 5_000, allowEndpoint: local }),
    );
    await probe('verifyConnection, swapped fields', () =>
      verifyConnection(
        { ...good, credentials: { accessKeyId: SECRET, secretAccessKey: KEY_ID } },
        { allowEndpoint: local },
      ),
    );
    await probe('verifyConnection, secret with a typo', () =>
      verifyConnection(
        { ...good, credentials: { accessKeyId: KEY_ID, secretAccessKey: `${SECRET}#` } },
        { allowEndpoint: local },
      ),
    );
    await probe('verifyConnection, wrong shape', () =>
      verifyConnection({ bucket: BUCKET, credentials: { secretAccessKey: SECRET } } as never),
    );
  });

  it('role mode: the vendor secret and the temporary credentials never come out', async () => {
    const roles = createRoleResolver({ vendorCredentials, region: 'eu-central-1' });
    await probe('createRoleResolver', () => roles);
    await probe('credentialsFor', () => roles.credentialsFor(roleConnection.credentials));
    await probe('resolveConnection', () => resolveConnection(roleConnection, roles));
    const put = await probe('presignPut with a role', () =>
      presignPut({ connection: roleConnection, key: 'lab-2/a.txt', contentType: 'text/plain', roles, clients }),
    );
    expect(put.ok && new URL(put.value.url).searchParams.get('X-Amz-Security-Token')).toBe(TEMP_TOKEN);
    const stored = await probe('putObject with a role', () =>
      putObject({
        connection: roleConnection,
        key: 'lab-2/b.txt',
        body: 'x',
        contentType: 'text/plain',
        roles,
        clients,
      }),
    );
    expect(stored.ok).toBe(true);
    const verified = await probe('verifyConnection with a role', () =>
      verifyConnection(roleConnection, {
        origins: [ORIGIN],
        vendorCredentials,
        timeoutMs: 10_000,
        allowEndpoint: local,
      }),
    );
    expect(verified.ok && verified.value.checks.slice(0, 3).map((check) => check.code)).toEqual([
      'FORMAT_OK',
      'ROLE_OK',
      'EXTERNAL_ID_ENFORCED',
    ]);
    expect(verified.ok && verified.value.checks.find((check) => check.id === 'write')?.code).toBe('WRITE_OK');
    stsMock.on(AssumeRoleCommand).rejects(
      new STSServiceException({
        name: 'InvalidClientTokenId',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
        message: `The security token included in the request is invalid: ${VENDOR_SECRET}`,
      }),
    );
    const failing = createRoleResolver({ vendorCredentials });
    await probe('credentialsFor, vendor keys refused', () => failing.credentialsFor(roleConnection.credentials));
    await probe('verifyConnection, vendor keys refused', () =>
      verifyConnection(roleConnection, { vendorCredentials, allowEndpoint: local }),
    );
  });
});

/** The routes the README documents, as `METHOD /path`, with their parameters filled in. */
async function documentedRoutes(): Promise<string[]> {
  const { readFile } = await import('node:fs/promises');
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  const documented = [...readme.matchAll(/^\| `(GET|POST|PUT|PATCH|DELETE) (\/[^`?\s]*)/gm)].map(
    ([, method, path]) => `${method} ${path}`,
  );
  // The handler's own list, when it exports one, so no route is missed.
  const routes = (core as Record<string, unknown>).UPLOAD_ROUTES;
  const listed = Array.isArray(routes)
    ? routes.flatMap((route: { method?: unknown; path?: unknown }) =>
        typeof route.method === 'string' && typeof route.path === 'string' ? [`${route.method} ${route.path}`] : [],
      )
    : [];
  return [...new Set([...documented, ...listed])];
}

describe('the leak test: the HTTP handler', () => {
  it('answers and logs every documented route, successes and failures, without a secret', async () => {
    const routes = await documentedRoutes();
    expect(routes).toContain('POST /uploads');
    // A fresh upload with its first part for every request: the embedded server crashes on completing a part it lacks.
    const freshUpload = async (): Promise<string> => {
      const { uploadId } = await createMultipartUpload({
        connection: good,
        key: 'lab-1/route.bin',
        contentType: 'application/octet-stream',
        clients,
      });
      const { parts } = await signParts({
        connection: good,
        key: 'lab-1/route.bin',
        uploadId,
        partNumbers: [1],
        clients,
      });
      await fetch(parts[0]?.url ?? '', { method: 'PUT', body: 'part one' });
      return uploadId;
    };
    const tenants: [string, () => Connection][] = [
      ['right keys', () => good],
      ['wrong keys with a session token', () => wrong],
      [
        'expired temporary keys',
        () => ({ ...wrong, credentials: { ...wrong.credentials, expiration: new Date(Date.now() - 1000) } }),
      ],
      [
        'a tenant refused',
        () => {
          throw new SosError('UNAUTHENTICATED', 'Sign in first.');
        },
      ],
    ];
    const bodies: (string | undefined)[] = [
      JSON.stringify({
        files: [{ name: 'scan.stl', size: 100, type: 'model/stl' }],
        filename: 'scan.stl',
        type: 'model/stl',
        metadata: {},
        parts: [{ PartNumber: 1, ETag: '"abc"' }],
      }),
      JSON.stringify({ files: [{ name: 'big.zip', size: 200 * 1024 ** 2, type: 'application/zip' }] }),
      '{ not json',
      undefined,
      'x'.repeat(200_000),
    ];
    let requests = 0;
    const statuses = new Set<number>();
    for (const [tenantName, resolveTenant] of tenants) {
      const options = {
        resolveTenant,
        logger,
        origins: [ORIGIN],
        clients,
        allowEndpoint: local,
      } as UploadHandlerOptions<object>;
      const handle = createUploadHandler<object>(options);
      for (const route of routes) {
        const [method = 'GET', template = '/'] = route.split(' ');
        for (const body of method === 'GET' || method === 'DELETE' ? [undefined] : bodies) {
          const uploadId = await freshUpload();
          const path = template
            .replace(/:uploadId|\{uploadId\}/g, uploadId)
            .replace(/:partNumber|\{partNumber\}/g, '1');
          const query = `?key=${encodeURIComponent('lab-1/route.bin')}&uploadId=${uploadId}&partNumbers=1,2&filename=scan.stl&type=model%2Fstl`;
          const request = new Request(`http://localhost${path}${query}`, {
            method,
            headers: { 'content-type': 'application/json', origin: ORIGIN },
            ...(body === undefined ? {} : { body }),
          });
          const response = await handle(request, {});
          requests++;
          statuses.add(response.status);
          await probe(`${tenantName}: ${route} (${body?.slice(0, 12) ?? 'no body'})`, async () => ({
            status: response.status,
            headers: Object.fromEntries(response.headers),
            body: await response.text(),
          }));
        }
      }
      // An unknown route and a wrong method, for the router's own errors.
      for (const [method, path] of [
        ['GET', '/nope'],
        ['PATCH', '/uploads'],
      ]) {
        const response = await handle(new Request(`http://localhost${path}`, { method }), {});
        await probe(`${tenantName}: ${method} ${path}`, async () => ({
          status: response.status,
          body: await response.text(),
        }));
      }
    }
    expect(requests).toBeGreaterThan(routes.length * 4);
    // Successes, refusals and failures were all answered.
    expect([...statuses].some((status) => status === 200)).toBe(true);
    expect([...statuses].some((status) => status >= 400 && status < 500)).toBe(true);
    expect([...statuses].some((status) => status >= 500)).toBe(true);
  }, 120_000);
});

describe('the leak test: the log', () => {
  it('holds every result and error above, and no secret', () => {
    expect(logLines.length).toBeGreaterThan(50);
    for (const line of logLines) {
      const text = withoutSignedTokens(line);
      for (const canary of CANARIES) for (const form of forms(canary)) expect(text).not.toContain(form);
    }
  });
});
