import type { STSClient } from '@aws-sdk/client-sts';
import {
  assertEndpointAllowed,
  type Connection,
  createS3Client,
  isRoleConnection,
  type RoleConnection,
  S3ClientCache,
  type TenantConnection,
} from '../connection';
import { isSosError, SosError } from '../errors';
import { presignPut } from '../presign';
import { loadStsModule } from '../roles/sts-module';
import { describeS3Error } from '../s3-errors';
import { type BucketProbe, probeBucket } from './bucket-probe';
import { checkCors } from './cors-check';
import { Deadline } from './deadline';
import { checkFormat } from './format-check';
import { checkIdentity, type IdentityOutcome } from './identity-check';
import { checkRole, checkRoleFormat } from './role-checks';
import { type CheckOutcome, probeKeyFor, type RunContext, skipped, timed } from './run-context';
import {
  CHECK_IDS,
  type CheckId,
  type ConnectionCheck,
  ROLE_CHECK_IDS,
  type VerifyOptions,
  type VerifyResult,
} from './types';
import { checkLeastPrivilege, checkPresignedWrite, checkWrite, type PresignedWriteResult } from './write-checks';

/** The whole check's default time budget: 15 seconds. */
export const DEFAULT_VERIFY_TIMEOUT_MS = 15_000;

function assertConnectionShape(connection: TenantConnection): void {
  const credentials = (connection as Partial<Connection> | undefined)?.credentials as
    | Partial<Record<'accessKeyId' | 'secretAccessKey' | 'roleArn' | 'externalId', unknown>>
    | undefined;
  const keys = typeof credentials?.accessKeyId === 'string' && typeof credentials.secretAccessKey === 'string';
  const role = typeof credentials?.roleArn === 'string' && typeof credentials.externalId === 'string';
  if (typeof connection?.bucket !== 'string' || typeof connection.region !== 'string' || (!keys && !role)) {
    throw new SosError(
      'INVALID_INPUT',
      'verifyConnection needs { bucket, region, credentials: { accessKeyId, secretAccessKey } or { roleArn, externalId } }.',
      {
        hint: 'Pass the tenant’s connection as stored; empty strings are reported by the format check.',
      },
    );
  }
}

/**
 * The `format` check's failure for an endpoint the app does not allow (a
 * tenant could aim it inside this server's network), found before any request.
 */
function refusedEndpoint(connection: TenantConnection, options: VerifyOptions): ConnectionCheck | undefined {
  const started = performance.now();
  try {
    assertEndpointAllowed(connection.endpoint, options.allowEndpoint);
    return undefined;
  } catch (error) {
    if (!isSosError(error)) throw error;
    return {
      id: 'format',
      status: 'fail',
      code: error.code,
      message: error.message,
      hint: error.hint ?? '',
      durationMs: Math.round(performance.now() - started),
      ...(error.details === undefined ? {} : { details: { ...error.details } }),
    };
  }
}

async function vendorStsClient(connection: RoleConnection, options: VerifyOptions): Promise<STSClient> {
  const injected = options.createStsClient?.(connection);
  if (injected !== undefined) return injected;
  const { STSClient } = await loadStsModule();
  return new STSClient({
    region: options.stsRegion ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    maxAttempts: 2,
    ...(options.vendorCredentials === undefined ? {} : { credentials: options.vendorCredentials }),
  });
}

/** The object URL (no query) and the bucket URL the SDK would use, from a presigned probe URL. */
async function probeUrls(run: RunContext): Promise<{ objectUrl: string; bucketUrl: string }> {
  const clients = new S3ClientCache({ maxClients: 1 });
  const { url } = await presignPut({
    connection: run.connection,
    key: run.probeKey,
    contentType: 'text/plain',
    expiresIn: 60,
    clients,
  }).finally(() => clients.clear());
  const parsed = new URL(url);
  const objectUrl = `${parsed.origin}${parsed.pathname}`;
  const segments = parsed.pathname.split('/');
  const bucketPath = segments.slice(0, segments.length - run.probeKey.split('/').length).join('/');
  return { objectUrl, bucketUrl: `${parsed.origin}${bucketPath || '/'}` };
}

const summarise = (checks: ConnectionCheck[]): VerifyResult['status'] =>
  checks.some((check) => check.status === 'fail')
    ? 'failed'
    : checks.some((check) => check.status === 'warn')
      ? 'degraded'
      : 'ok';

/**
 * Checks, live and within seconds, whether browser uploads into a tenant's
 * bucket will work, and if not what to fix: key format, who the key belongs
 * to, region, bucket, a real write, a browser-style presigned write, rights
 * beyond uploading, CORS for the app's origins, and clock skew.
 *
 * For a role connection (`credentials: { roleArn, externalId }`) it first
 * assumes the role with your own credentials: WITH the external ID, which
 * must work, and WITHOUT it, which must be refused (`ROLE_EXTERNAL_ID_NOT_ENFORCED`
 * otherwise: the confused-deputy risk); then it runs every other check with
 * the role's temporary credentials.
 *
 * It never throws for a failed check (only for a connection of the wrong
 * shape), never takes longer than `timeoutMs`, leaves no request or timer
 * running, writes only `PREFIX/.sos/connection-check`, and never puts the
 * secret into its result.
 *
 * The connection's `endpoint` is checked first, offline: one that
 * `assertEndpointAllowed` refuses (a loopback, private or cloud metadata
 * address by default; `allowEndpoint` decides otherwise) fails the `format`
 * check with `ENDPOINT_NOT_ALLOWED` and nothing is sent. No request of the
 * check ever follows a redirect.
 *
 * @example
 * const result = await verifyConnection(connection, { origins: ['https://orders.example.com'] });
 * if (result.status === 'failed') for (const check of result.checks) console.log(check.id, check.status, check.hint);
 */
export async function verifyConnection(
  connection: TenantConnection,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  assertConnectionShape(connection);
  const roleMode = isRoleConnection(connection);
  const ids: readonly CheckId[] = roleMode ? ROLE_CHECK_IDS : CHECK_IDS;
  const checks = new Map<CheckId, ConnectionCheck>();
  const ordered = (): ConnectionCheck[] =>
    ids.map((id) => checks.get(id) ?? skipped(id, 'Not checked: an earlier check failed.'));
  const refused = refusedEndpoint(connection, options);
  if (refused !== undefined) {
    checks.set('format', refused);
    return { status: 'failed', checks: ordered() };
  }
  const format = roleMode ? checkRoleFormat(connection) : checkFormat(connection);
  checks.set('format', format.check);
  if (format.connection === undefined) {
    return { status: 'failed', checks: ordered() };
  }

  const deadline = new Deadline(options.timeoutMs ?? DEFAULT_VERIFY_TIMEOUT_MS);
  const record = async (id: CheckId, work: () => Promise<CheckOutcome> | CheckOutcome): Promise<ConnectionCheck> => {
    const check = deadline.expired
      ? skipped(id, 'Not checked: the whole check ran out of time.')
      : await timed(id, work, (error) => describeS3Error(error, { endpoint: connection.endpoint }));
    checks.set(id, check);
    return check;
  };
  let live: LiveResult = {};
  try {
    let keys: Connection | undefined;
    if (isRoleConnection(format.connection)) {
      const roleConnection = format.connection;
      const sts = await vendorStsClient(roleConnection, options);
      try {
        const started = performance.now();
        const found = await checkRole(sts, roleConnection, options, deadline);
        const durationMs = Math.round(performance.now() - started);
        checks.set('role', { id: 'role', ...found.role, durationMs });
        checks.set('external-id', { id: 'external-id', ...found.externalId, durationMs });
        if (found.credentials !== undefined) {
          const { credentials: _role, ...rest } = roleConnection;
          keys = { ...rest, credentials: found.credentials };
        }
      } finally {
        if (options.createStsClient === undefined) sts.destroy();
      }
    } else {
      keys = format.connection;
    }
    if (keys !== undefined) live = await runLiveChecks(keys, options, deadline, record, checks);
  } finally {
    deadline.dispose();
  }

  const list = ordered();
  return {
    status: summarise(list),
    checks: list,
    ...(live.identity === undefined ? {} : { identity: live.identity }),
    ...(live.suggestedRegion === undefined ? {} : { suggestedRegion: live.suggestedRegion }),
  };
}

interface LiveResult {
  identity?: IdentityOutcome['identity'];
  suggestedRegion?: string;
}

/** Every check that needs keys: identity, bucket, region, clock, writes, rights and CORS. */
async function runLiveChecks(
  connection: Connection,
  options: VerifyOptions,
  deadline: Deadline,
  record: (id: CheckId, work: () => Promise<CheckOutcome> | CheckOutcome) => Promise<ConnectionCheck>,
  checks: Map<CheckId, ConnectionCheck>,
): Promise<LiveResult> {
  const s3 = options.createS3Client?.(connection) ?? createS3Client(connection);
  const run: RunContext = {
    connection,
    options,
    deadline,
    fetch: options.fetch ?? globalThis.fetch,
    now: options.now ?? (() => new Date()),
    s3,
    probeKey: probeKeyFor(connection.prefix),
  };
  const result: LiveResult = {};
  try {
    const identityDone = record('identity', async () => {
      const outcome = await checkIdentity(run);
      result.identity = outcome.identity;
      return outcome;
    });

    const probeStarted = performance.now();
    let probe: BucketProbe | undefined;
    let objectUrl = '';
    await record('bucket', async () => {
      const urls = await probeUrls(run);
      objectUrl = urls.objectUrl;
      probe = await probeBucket(run, urls.bucketUrl);
      return probe.bucket;
    });
    if (probe) {
      const durationMs = Math.round(performance.now() - probeStarted);
      checks.set('region', { id: 'region', ...probe.region, durationMs });
      checks.set('clock', { id: 'clock', ...probe.clock, durationMs });
      if (probe.suggestedRegion !== undefined) result.suggestedRegion = probe.suggestedRegion;
    }
    const reachable = checks.get('bucket')?.status === 'pass' && checks.get('region')?.status !== 'fail';

    if (reachable) {
      const corsWork = (exposed: PresignedWriteResult['exposedHeaders']) =>
        record('cors', () => checkCors(run, objectUrl, exposed));
      const write = await record('write', () => checkWrite(run));
      if (write.status === 'pass') {
        let presigned: PresignedWriteResult | undefined;
        await record('presigned-write', async () => {
          presigned = await checkPresignedWrite(run);
          return presigned.outcome;
        });
        await Promise.all([
          record('least-privilege', () => checkLeastPrivilege(run)),
          corsWork(presigned?.exposedHeaders),
        ]);
      } else {
        await corsWork(undefined);
      }
    }
    await identityDone;
  } finally {
    // Abort what still runs before closing the client's sockets, as the outer cleanup would.
    deadline.dispose();
    if (options.createS3Client === undefined) s3.destroy();
  }
  return result;
}
