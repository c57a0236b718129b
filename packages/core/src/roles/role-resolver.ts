import type { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { LRUCache } from 'lru-cache';
import { type Connection, isRoleConnection, type RoleCredentials, type TenantConnection } from '../connection';
import { SosError } from '../errors';
import type { TenantCredentials } from '../redaction';
import { assumeRole } from './assume-role';
import { validateRoleCredentials } from './role-format';
import { loadStsModule } from './sts-module';

/** The default session length: one hour, the longest STS allows for role chaining and the IAM default. */
export const DEFAULT_ROLE_SESSION_SECONDS = 3600;
/** Refresh when less than this is left: 15 minutes, so a default 15-minute URL is never shortened. */
export const DEFAULT_ROLE_REFRESH_BEFORE_MS = 15 * 60_000;
/** The session name customers see in their CloudTrail. */
export const DEFAULT_ROLE_SESSION_NAME = 'sos-upload';

/** Options of {@link createRoleResolver}. */
export interface RoleResolverOptions {
  /**
   * Your (the vendor's) own AWS credentials, which assume the tenants' roles.
   * @default the SDK's default chain (environment, instance or task role, profile)
   */
  vendorCredentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** An STS client to use instead (it carries the vendor credentials); tests inject a mocked one. */
  stsClient?: STSClient;
  /**
   * The STS region.
   * @default `AWS_REGION`, `AWS_DEFAULT_REGION`, or `us-east-1`
   */
  region?: string;
  /**
   * How long each session lasts, in seconds (900 to the role's maximum session duration).
   * @default 3600
   */
  durationSeconds?: number;
  /**
   * Renew credentials when less than this many milliseconds are left. Presigned
   * URLs signed with role credentials are shortened to the credentials' expiry,
   * so keep this at least as long as the URLs you sign.
   * @default 900000 (15 minutes)
   */
  refreshBeforeMs?: number;
  /**
   * The role session name, shown in the customer's CloudTrail.
   * @default 'sos-upload'
   */
  sessionName?: string | ((role: RoleCredentials) => string);
  /**
   * How many tenants' credentials to keep (least recently used go first).
   * @default 1000
   */
  maxTenants?: number;
  /** The clock (tests). */
  now?: () => Date;
}

/** Turns role connections into connections with temporary keys, cached per tenant. */
export interface RoleResolver {
  /**
   * The temporary credentials of a role: cached per role ARN and external ID,
   * renewed when they come within `refreshBeforeMs` of their expiry, with one
   * `sts:AssumeRole` in flight per tenant however many callers wait.
   */
  credentialsFor(role: RoleCredentials): Promise<TenantCredentials>;
  /** The connection with temporary keys for a role connection; a key connection as it is. */
  resolve(connection: TenantConnection): Promise<Connection>;
  /** Drops a tenant's cached credentials (after the customer changed the role). */
  forget(role: RoleCredentials): void;
  /** Drops every cached credential. */
  clear(): void;
  /** How many tenants' credentials are cached. */
  readonly size: number;
}

interface CacheEntry {
  credentials?: TenantCredentials;
  refreshing?: Promise<TenantCredentials>;
}

/** A refresh that fails keeps using the old credentials while they have at least this long. */
const MIN_FALLBACK_MS = 60_000;

/** The secrets of static vendor credentials (a provider's are not known in advance). */
function secretsOf(credentials: RoleResolverOptions['vendorCredentials']): string[] {
  if (typeof credentials !== 'object' || credentials === null) return [];
  return [credentials.secretAccessKey, credentials.sessionToken ?? ''].filter((secret) => secret !== '');
}

const stsRegion = (region: string | undefined): string =>
  region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';

function checkOptions(options: RoleResolverOptions): { durationSeconds: number; refreshBeforeMs: number } {
  const durationSeconds = options.durationSeconds ?? DEFAULT_ROLE_SESSION_SECONDS;
  const refreshBeforeMs = options.refreshBeforeMs ?? DEFAULT_ROLE_REFRESH_BEFORE_MS;
  if (!Number.isInteger(durationSeconds) || durationSeconds < 900 || durationSeconds > 43_200) {
    throw new SosError('INVALID_INPUT', 'durationSeconds must be a whole number from 900 to 43200.', {
      hint: 'Leave it out for one hour; longer sessions need a longer maximum session duration on the role.',
    });
  }
  if (!Number.isFinite(refreshBeforeMs) || refreshBeforeMs < 0 || refreshBeforeMs >= durationSeconds * 1000) {
    throw new SosError('INVALID_INPUT', 'refreshBeforeMs must be at least 0 and shorter than the session.', {
      hint: 'Leave it out for 15 minutes.',
    });
  }
  return { durationSeconds, refreshBeforeMs };
}

/**
 * Makes a {@link RoleResolver}: role mode, where a tenant's connection holds
 * `{ roleArn, externalId }` instead of keys. Your server's own AWS
 * credentials assume each customer's role with `sts:AssumeRole` and that
 * customer's external ID; the temporary credentials are cached per tenant
 * (an LRU keyed by role ARN and external ID), renewed before they expire (one
 * renewal in flight per tenant, shared by every concurrent caller), and
 * printed as `****` like all credentials core returns. A renewal that fails
 * while the old credentials still have a minute left keeps using them, and
 * the next call tries again.
 *
 * @example
 * const roles = createRoleResolver({ region: 'eu-central-1' });
 * const connection = await roles.resolve({ bucket, region, credentials: { roleArn, externalId } });
 * const upload = await presignPut({ connection, key, contentType }); // expires with the credentials at the latest
 */
export function createRoleResolver(options: RoleResolverOptions = {}): RoleResolver {
  const { durationSeconds, refreshBeforeMs } = checkOptions(options);
  const now = options.now ?? (() => new Date());
  const cache = new LRUCache<string, CacheEntry>({ max: options.maxTenants ?? 1000 });
  // Made on the first renewal: a resolver nobody uses (the default one, in key mode) never loads STS.
  let stsClient: Promise<STSClient> | undefined =
    options.stsClient === undefined ? undefined : Promise.resolve(options.stsClient);
  const client = (): Promise<STSClient> => {
    stsClient ??= loadStsModule().then(
      ({ STSClient }) =>
        new STSClient({
          region: stsRegion(options.region),
          maxAttempts: 3,
          ...(options.vendorCredentials === undefined ? {} : { credentials: options.vendorCredentials }),
        }),
    );
    return stsClient;
  };
  const sessionNameFor = (role: RoleCredentials): string =>
    typeof options.sessionName === 'function'
      ? options.sessionName(role)
      : (options.sessionName ?? DEFAULT_ROLE_SESSION_NAME);
  const keyOf = (role: RoleCredentials): string => `${role.roleArn}\n${role.externalId}`;
  // Kept out of any error STS might word with them in it.
  const vendorSecrets = secretsOf(options.vendorCredentials);
  const remainingMs = (credentials: TenantCredentials): number =>
    (credentials.expiration?.getTime() ?? 0) - now().getTime();

  function refresh(role: RoleCredentials, entry: CacheEntry): Promise<TenantCredentials> {
    const request = { role, sessionName: sessionNameFor(role), durationSeconds, secrets: vendorSecrets };
    const refreshing = client()
      .then((sts) => assumeRole(sts, request))
      .then(
        (credentials) => {
          entry.credentials = credentials;
          return credentials;
        },
        (error: unknown) => {
          const previous = entry.credentials;
          if (previous !== undefined && remainingMs(previous) >= MIN_FALLBACK_MS) return previous;
          throw error;
        },
      )
      .finally(() => {
        entry.refreshing = undefined;
      });
    entry.refreshing = refreshing;
    return refreshing;
  }

  const resolver: RoleResolver = {
    async credentialsFor(role) {
      const [problem] = validateRoleCredentials(role);
      if (problem !== undefined) throw new SosError('INVALID_INPUT', problem.message, { hint: problem.hint });
      const key = keyOf(role);
      let entry = cache.get(key);
      if (entry === undefined) {
        entry = {};
        cache.set(key, entry);
      }
      const { credentials } = entry;
      if (credentials !== undefined && remainingMs(credentials) > refreshBeforeMs) return credentials;
      return entry.refreshing ?? refresh({ roleArn: role.roleArn.trim(), externalId: role.externalId }, entry);
    },

    async resolve(connection) {
      if (!isRoleConnection(connection)) return connection;
      const credentials = await resolver.credentialsFor(connection.credentials);
      const { credentials: _role, ...rest } = connection;
      return { ...rest, credentials };
    },

    forget(role) {
      cache.delete(keyOf(role));
    },

    clear() {
      cache.clear();
    },

    get size() {
      return cache.size;
    },
  };
  return resolver;
}

/**
 * The process-wide resolver used when no other is given: your server's
 * default AWS credentials, STS in `AWS_REGION` (or `us-east-1`), one-hour
 * sessions renewed 15 minutes before they end.
 */
export const defaultRoleResolver: RoleResolver = createRoleResolver();

/**
 * The connection to sign with: a key connection as it is, and for a role
 * connection the same connection with the role's temporary credentials
 * (assumed, cached and renewed by `roles`). Call it once per request, then
 * pass the result to every signing function.
 *
 * @example
 * const connection = await resolveConnection(await loadTenantConnection(labId));
 * const upload = await presignPut({ connection, key, contentType });
 */
export function resolveConnection(
  connection: TenantConnection,
  roles: RoleResolver = defaultRoleResolver,
): Promise<Connection> {
  return roles.resolve(connection);
}
