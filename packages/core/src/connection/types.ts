/** Long-lived or temporary AWS credentials of one tenant. */
export interface AccessKeyCredentials {
  /** `AKIA…` for an IAM user, `ASIA…` for temporary credentials. */
  accessKeyId: string;
  /** The secret access key. sos never logs, returns or serialises it. */
  secretAccessKey: string;
  /** Required with temporary (`ASIA…`) credentials. */
  sessionToken?: string;
  /** When temporary credentials stop working; presigned URLs never outlive it. */
  expiration?: Date;
}

/**
 * A role in the customer's account that your (the vendor's) AWS account may
 * assume, instead of long-lived keys: no secret is stored at all. sos assumes
 * it with `sts:AssumeRole` and this external ID, and signs with the temporary
 * credentials it gets (see `createRoleResolver`).
 */
export interface RoleCredentials {
  /** The role's ARN, `arn:aws:iam::111122223333:role/sos-upload`. */
  roleArn: string;
  /** The external ID you generated for this customer (`newExternalId()`), required by the role's trust policy. */
  externalId: string;
}

/**
 * Where one tenant's uploads go: the customer's own bucket and the keys they
 * gave you. It always comes from your server's store, never from a browser.
 */
export interface Connection {
  /** The customer's bucket name. */
  bucket: string;
  /** The bucket's region code, such as `eu-central-1`. */
  region: string;
  credentials: AccessKeyCredentials;
  /** A custom S3-compatible endpoint (MinIO, R2, Wasabi, a local server). */
  endpoint?: string;
  /**
   * Put the bucket in the path instead of the host name.
   * @default true when `endpoint` is set or the bucket name has a dot
   */
  forcePathStyle?: boolean;
  /** A folder inside the bucket that every key of this tenant must stay in. */
  prefix?: string;
}

/** A {@link Connection} whose credentials are a role to assume rather than keys. */
export interface RoleConnection extends Omit<Connection, 'credentials'> {
  credentials: RoleCredentials;
}

/** A tenant's connection as stored: with access keys, or with a role to assume. */
export type TenantConnection = Connection | RoleConnection;
