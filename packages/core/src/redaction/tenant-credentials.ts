import type { inspect as nodeInspect } from 'node:util';
import type { AccessKeyCredentials } from '../connection';

/** What every redacted secret is shown as. */
export const MASKED_SECRET = '****';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** Options of {@link TenantCredentials}. */
export interface TenantCredentialsOptions {
  /**
   * The role these temporary credentials were assumed from. sos renews such
   * credentials itself, so a presigned URL that would outlive them is
   * shortened to their expiry instead of refused.
   */
  assumedRole?: string;
}

/** The redacted view of credentials: what `toJSON`, `toString` and `util.inspect` show. */
export interface RedactedCredentialsJSON {
  accessKeyId: string;
  secretAccessKey: typeof MASKED_SECRET;
  sessionToken?: typeof MASKED_SECRET;
  expiration?: string;
  assumedRole?: string;
}

/**
 * Access keys that keep their secret out of every printout. The key ID and
 * the expiry are ordinary properties; the secret access key and the session
 * token are readable (`credentials.secretAccessKey`, so the signer and the
 * AWS SDK work as with a plain object) but not enumerable: `JSON.stringify`,
 * `String()`, `util.inspect`, `console.log`, a logger and `{ ...spread }`
 * never show or copy them.
 *
 * Core returns credentials in this form (from the vault and from role
 * resolution), and accepts it anywhere it accepts plain
 * `{ accessKeyId, secretAccessKey }` objects. A spread copy has no secret: to
 * get a plain object on purpose, call {@link TenantCredentials.reveal}.
 *
 * @example
 * const credentials = redactedCredentials({ accessKeyId: 'AKIA…', secretAccessKey: row.secret });
 * console.log(credentials); // TenantCredentials { accessKeyId: 'AKIA…', secretAccessKey: '****' }
 * JSON.stringify({ credentials }); // {"credentials":{"accessKeyId":"AKIA…","secretAccessKey":"****"}}
 */
export class TenantCredentials implements AccessKeyCredentials {
  /** `AKIA…` for an IAM user, `ASIA…` for temporary credentials. Not a secret. */
  readonly accessKeyId: string;
  declare readonly secretAccessKey: string;
  declare readonly sessionToken?: string;
  declare readonly expiration?: Date;
  declare readonly assumedRole?: string;

  constructor(credentials: AccessKeyCredentials, options: TenantCredentialsOptions = {}) {
    const { accessKeyId, secretAccessKey, sessionToken, expiration } = credentials;
    this.accessKeyId = accessKeyId;
    // Own accessors that are not enumerable: spread, JSON and inspect skip them, property reads work.
    Object.defineProperty(this, 'secretAccessKey', { get: () => secretAccessKey, enumerable: false });
    if (sessionToken !== undefined) {
      Object.defineProperty(this, 'sessionToken', { get: () => sessionToken, enumerable: false });
    }
    if (expiration !== undefined) {
      Object.defineProperty(this, 'expiration', { value: new Date(expiration), enumerable: true });
    }
    if (options.assumedRole !== undefined) {
      Object.defineProperty(this, 'assumedRole', { value: options.assumedRole, enumerable: true });
    }
    Object.freeze(this);
  }

  /** A plain object with the secret in it, for the rare code that needs one (an SDK client of your own). */
  reveal(): AccessKeyCredentials {
    return {
      accessKeyId: this.accessKeyId,
      secretAccessKey: this.secretAccessKey,
      ...(this.sessionToken === undefined ? {} : { sessionToken: this.sessionToken }),
      ...(this.expiration === undefined ? {} : { expiration: new Date(this.expiration) }),
    };
  }

  /** The key ID and masked secrets: safe to log and to send. */
  toJSON(): RedactedCredentialsJSON {
    return {
      accessKeyId: this.accessKeyId,
      secretAccessKey: MASKED_SECRET,
      ...(this.sessionToken === undefined ? {} : { sessionToken: MASKED_SECRET }),
      ...(this.expiration === undefined ? {} : { expiration: this.expiration.toISOString() }),
      ...(this.assumedRole === undefined ? {} : { assumedRole: this.assumedRole }),
    };
  }

  /** `TenantCredentials(AKIA…, secret ****)`. */
  toString(): string {
    return `TenantCredentials(${this.accessKeyId}, secret ${MASKED_SECRET})`;
  }

  /** What `util.inspect` and `console.log` show: the same as {@link toJSON}. */
  [INSPECT](_depth: number, options: object, inspect: typeof nodeInspect): string {
    return `TenantCredentials ${inspect(this.toJSON(), options)}`;
  }
}

/**
 * Wraps credentials read from your store so that their secret never shows in
 * logs, JSON or error reports (see {@link TenantCredentials}). Credentials
 * already wrapped are returned as they are.
 *
 * @example
 * const connection: Connection = { bucket, region, credentials: redactedCredentials(row.credentials) };
 * logger.info({ connection }); // the secret is '****'
 */
export function redactedCredentials(credentials: AccessKeyCredentials): TenantCredentials {
  return credentials instanceof TenantCredentials ? credentials : new TenantCredentials(credentials);
}
