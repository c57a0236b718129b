import { type Connection, createS3Client, S3ClientCache } from '../connection';
import { SosError } from '../errors';
import { presignPut } from '../presign';
import { describeS3Error } from '../s3-errors';
import { type BucketProbe, probeBucket } from './bucket-probe';
import { checkCors } from './cors-check';
import { Deadline } from './deadline';
import { checkFormat } from './format-check';
import { checkIdentity, type IdentityOutcome } from './identity-check';
import { type CheckOutcome, probeKeyFor, type RunContext, skipped, timed } from './run-context';
import { CHECK_IDS, type CheckId, type ConnectionCheck, type VerifyOptions, type VerifyResult } from './types';
import { checkLeastPrivilege, checkPresignedWrite, checkWrite, type PresignedWriteResult } from './write-checks';

/** The whole check's default time budget: 15 seconds. */
export const DEFAULT_VERIFY_TIMEOUT_MS = 15_000;

function assertConnectionShape(connection: Connection): void {
  const credentials = (connection as Partial<Connection> | undefined)?.credentials;
  if (
    typeof connection?.bucket !== 'string' ||
    typeof connection.region !== 'string' ||
    typeof credentials?.accessKeyId !== 'string' ||
    typeof credentials.secretAccessKey !== 'string'
  ) {
    throw new SosError(
      'INVALID_INPUT',
      'verifyConnection needs { bucket, region, credentials: { accessKeyId, secretAccessKey } }.',
      {
        hint: 'Pass the tenant’s connection as stored; empty strings are reported by the format check.',
      },
    );
  }
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
 * It never throws for a failed check (only for a connection of the wrong
 * shape), never takes longer than `timeoutMs`, leaves no request or timer
 * running, writes only `PREFIX/.sos/connection-check`, and never puts the
 * secret into its result.
 *
 * @example
 * const result = await verifyConnection(connection, { origins: ['https://orders.example.com'] });
 * if (result.status === 'failed') for (const check of result.checks) console.log(check.id, check.status, check.hint);
 */
export async function verifyConnection(connection: Connection, options: VerifyOptions = {}): Promise<VerifyResult> {
  assertConnectionShape(connection);
  const checks = new Map<CheckId, ConnectionCheck>();
  const format = checkFormat(connection);
  checks.set('format', format.check);
  const ordered = (): ConnectionCheck[] =>
    CHECK_IDS.map((id) => checks.get(id) ?? skipped(id, 'Not checked: an earlier check failed.'));
  if (format.connection === undefined) {
    return { status: 'failed', checks: ordered() };
  }

  const deadline = new Deadline(options.timeoutMs ?? DEFAULT_VERIFY_TIMEOUT_MS);
  const s3 = options.createS3Client?.(format.connection) ?? createS3Client(format.connection);
  const run: RunContext = {
    connection: format.connection,
    options,
    deadline,
    fetch: options.fetch ?? globalThis.fetch,
    now: options.now ?? (() => new Date()),
    s3,
    probeKey: probeKeyFor(format.connection.prefix),
  };
  const record = async (id: CheckId, work: () => Promise<CheckOutcome> | CheckOutcome): Promise<ConnectionCheck> => {
    const check = deadline.expired
      ? skipped(id, 'Not checked: the whole check ran out of time.')
      : await timed(id, work, describeS3Error);
    checks.set(id, check);
    return check;
  };

  let identity: IdentityOutcome['identity'];
  let suggestedRegion: string | undefined;
  try {
    const identityDone = record('identity', async () => {
      const outcome = await checkIdentity(run);
      identity = outcome.identity;
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
      suggestedRegion = probe.suggestedRegion;
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
    deadline.dispose();
    if (options.createS3Client === undefined) s3.destroy();
  }

  const list = ordered();
  return {
    status: summarise(list),
    checks: list,
    ...(identity === undefined ? {} : { identity }),
    ...(suggestedRegion === undefined ? {} : { suggestedRegion }),
  };
}
