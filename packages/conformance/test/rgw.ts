// Access to the Ceph RGW that scripts/rgw/start.sh runs, for the conformance suite:
// admin clients, and real users with real IAM user policies.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import type { AccessKeyCredentials, Connection } from '@sos/core';

const run = promisify(execFile);

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: start RGW first (scripts/rgw/install.sh && scripts/rgw/start.sh), ` +
        'then source the env file start.sh wrote (/tmp/sos-rgw/env by default) before `pnpm test:conformance`.',
    );
  }
  return value;
}

/** The RGW endpoint and its admin user's keys. */
export const rgw = {
  endpoint: required('SOS_RGW_ENDPOINT'),
  region: 'us-east-1',
  admin: { accessKeyId: required('SOS_RGW_ACCESS_KEY'), secretAccessKey: required('SOS_RGW_SECRET_KEY') },
  cephConf: required('SOS_RGW_CEPH_CONF'),
};

/** A name no other test run uses: RGW's state outlives a single test file. */
export const unique = (base: string): string => `${base}-${randomBytes(4).toString('hex')}`;

/** An S3 client for RGW with the given keys, set up as sos sets up its own. */
export function s3For(credentials: AccessKeyCredentials): S3Client {
  return new S3Client({
    endpoint: rgw.endpoint,
    region: rgw.region,
    credentials,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 1,
  });
}

export const adminS3 = s3For(rgw.admin);
const iam = new IAMClient({ endpoint: rgw.endpoint, region: rgw.region, credentials: rgw.admin });

/** Creates a bucket owned by the admin user. */
export async function createBucket(name: string): Promise<string> {
  await adminS3.send(new CreateBucketCommand({ Bucket: name }));
  return name;
}

/**
 * Creates a real RGW user with fresh keys and, when given, an inline IAM user
 * policy applied through the IAM API (`PutUserPolicy`), exactly as a lab admin
 * pastes it in the AWS console.
 */
export async function createUser(policy?: object): Promise<AccessKeyCredentials & { uid: string }> {
  const uid = unique('sos-user');
  const credentials = {
    // Shaped like an IAM user's key, so the format check has nothing to say about it.
    accessKeyId: `AKIA${Array.from(randomBytes(16), (byte) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[byte % 32]).join('')}`,
    secretAccessKey: randomBytes(30).toString('base64'),
  };
  await run(
    'radosgw-admin',
    [
      'user',
      'create',
      `--uid=${uid}`,
      `--display-name=${uid}`,
      `--access-key=${credentials.accessKeyId}`,
      `--secret-key=${credentials.secretAccessKey}`,
    ],
    { env: { ...process.env, CEPH_CONF: rgw.cephConf }, timeout: 30_000 },
  );
  if (policy !== undefined) {
    await iam.send(
      new PutUserPolicyCommand({ UserName: uid, PolicyName: 'sos-upload', PolicyDocument: JSON.stringify(policy) }),
    );
  }
  return { ...credentials, uid };
}

/**
 * Grants a user the statements of a policy through the bucket's policy instead
 * (the same statements, with the user as Principal). RGW 16 does not apply IAM
 * user policies to browser POST uploads (403 AccessDenied); AWS does.
 */
export async function grantThroughBucketPolicy(
  bucket: string,
  uid: string,
  policy: { Statement: object[] },
): Promise<void> {
  const Statement = policy.Statement.map((statement) => ({
    ...statement,
    Principal: { AWS: [`arn:aws:iam:::user/${uid}`] },
  }));
  await adminS3.send(
    new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify({ Version: '2012-10-17', Statement }) }),
  );
}

/** A tenant connection to RGW. */
export const connectionFor = (bucket: string, credentials: AccessKeyCredentials, prefix?: string): Connection => ({
  bucket,
  region: rgw.region,
  credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
  endpoint: rgw.endpoint,
  ...(prefix === undefined ? {} : { prefix }),
});

/** `OK`, or the code of the failure: a SosError's code, else the S3 error name. */
export async function outcome(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return 'OK';
  } catch (error) {
    const { code, name } = error as { code?: unknown; name?: string };
    return typeof code === 'string' ? code : (name ?? 'Error');
  }
}

const REFUSALS = new Set(['AccessDenied', 'S3_ACCESS_DENIED', 'MULTIPART_PERMISSION_MISSING']);

/** `allow` or `deny` for an outcome; anything else is returned as is, so a test sees it. */
export const decisionOf = (result: string): string =>
  result === 'OK' ? 'allow' : REFUSALS.has(result) ? 'deny' : result;

/** The `<Code>` of an S3 XML error answer, or `OK` for a 2xx. */
export async function httpOutcome(response: Response): Promise<string> {
  const text = await response.text();
  if (response.ok) return 'OK';
  return /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? `HTTP ${response.status}`;
}
