import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { S3ClientCache } from '../connection';
import { generateUploadPolicy } from '../policy';
import { presignPut } from '../presign';
import { describeS3Error, s3ErrorCodeFromXml } from '../s3-errors';
import type { CheckOutcome, RunContext } from './run-context';

const PROBE_BODY = 'sos connection check: this object is overwritten by every check and safe to delete.\n';

function uploadPolicyFor(run: RunContext): string {
  const { bucket, prefix } = run.connection;
  return JSON.stringify(generateUploadPolicy(prefix ? { bucket, prefix } : { bucket }), null, 2);
}

/** Writes the probe object with the SDK, as the server would. */
export async function checkWrite(run: RunContext): Promise<CheckOutcome> {
  try {
    await run.deadline.guard(
      run.s3.send(
        new PutObjectCommand({
          Bucket: run.connection.bucket,
          Key: run.probeKey,
          Body: PROBE_BODY,
          ContentType: 'text/plain',
        }),
        { abortSignal: run.deadline.signal },
      ),
    );
  } catch (error) {
    const problem = describeS3Error(error, { endpoint: run.connection.endpoint });
    if (problem.code !== 'S3_ACCESS_DENIED') {
      return {
        status: 'fail',
        code: problem.code,
        message: problem.message,
        hint: problem.hint,
        details: { cause: problem.cause },
      };
    }
    return {
      status: 'fail',
      code: problem.code,
      message: `The key may not upload to "${run.connection.bucket}".`,
      hint:
        'The IAM user’s policy does not allow s3:PutObject here. Most often the policy still names the guide’s placeholder ' +
        '(yourbucketname) or another bucket, or its Resource lacks the trailing /*. Replace it with the policy to paste.',
      details: { cause: problem.cause, key: run.probeKey, policy: uploadPolicyFor(run) },
    };
  }
  return {
    status: 'pass',
    code: 'WRITE_OK',
    message: `The key can upload: it wrote ${run.probeKey}.`,
    hint: 'That object is overwritten by every check; it is safe to delete.',
  };
}

/** What the presigned write learnt about CORS, for the CORS check. */
export interface PresignedWriteResult {
  outcome: CheckOutcome;
  /** `Access-Control-Expose-Headers` of S3's answer to a browser-like upload, when an origin was sent. */
  exposedHeaders?: string | null;
}

/**
 * Uploads the probe again through a presigned PUT with `fetch`, exactly as a
 * browser would; catches signed-header and checksum problems that a
 * server-side write cannot show.
 */
export async function checkPresignedWrite(run: RunContext): Promise<PresignedWriteResult> {
  const clients = new S3ClientCache({ maxClients: 1 });
  try {
    const upload = await presignPut({
      connection: run.connection,
      key: run.probeKey,
      contentType: 'text/plain',
      expiresIn: 300,
      clients,
      now: run.now(),
    });
    const origin = run.options.origins?.[0];
    const response = await run.deadline.guard(
      run.fetch(upload.url, {
        method: upload.method,
        // A redirect is the answer, never followed: the endpoint is the tenant's to choose.
        redirect: 'manual',
        headers: origin === undefined ? upload.headers : { ...upload.headers, origin },
        body: PROBE_BODY,
        signal: run.deadline.signal,
      }),
    );
    const text = await run.deadline.guard(response.text());
    if (!response.ok) {
      const problem = describeS3Error(s3ErrorCodeFromXml(text) ?? { $metadata: { httpStatusCode: response.status } }, {
        endpoint: run.connection.endpoint,
      });
      const redirect = response.status >= 300 && response.status < 400 ? ', a redirect, which sos never follows' : '';
      return {
        outcome: {
          status: 'fail',
          code: problem.code,
          message: `A browser-style upload through a presigned URL was refused (HTTP ${response.status}${redirect}): ${problem.message}`,
          hint: problem.hint,
          details: { cause: problem.cause, status: response.status },
        },
      };
    }
    return {
      outcome: {
        status: 'pass',
        code: 'PRESIGNED_WRITE_OK',
        message: 'A browser-style upload through a presigned URL works.',
        hint: 'Nothing to do.',
      },
      ...(origin === undefined ? {} : { exposedHeaders: response.headers.get('access-control-expose-headers') }),
    };
  } finally {
    clients.clear();
  }
}

type Right = 'read' | 'list' | 'delete';

/** `a`, `a and b`, `a, b and c`. */
const listWords = (words: readonly string[]): string =>
  words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;

async function tryRight(run: RunContext, right: Right): Promise<'granted' | 'denied' | string> {
  const { bucket } = run.connection;
  const options = { abortSignal: run.deadline.signal };
  try {
    if (right === 'read') {
      const object = await run.deadline.guard(
        run.s3.send(new GetObjectCommand({ Bucket: bucket, Key: run.probeKey }), options),
      );
      await object.Body?.transformToString();
    } else if (right === 'list') {
      await run.deadline.guard(
        run.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: run.probeKey, MaxKeys: 1 }), options),
      );
    } else {
      await run.deadline.guard(run.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: run.probeKey }), options));
    }
    return 'granted';
  } catch (error) {
    const problem = describeS3Error(error, { endpoint: run.connection.endpoint });
    if (problem.code === 'S3_TIMEOUT') throw error;
    return problem.code === 'S3_ACCESS_DENIED' ? 'denied' : problem.cause;
  }
}

/**
 * Tries to read, list and delete the probe object, and nothing else. Every
 * right the key has beyond uploading is a warning: a leak of the app's
 * database would expose the lab's files.
 */
export async function checkLeastPrivilege(run: RunContext): Promise<CheckOutcome> {
  const [read, list] = await Promise.all([tryRight(run, 'read'), tryRight(run, 'list')]);
  // Delete last: it removes the probe object that read and list look at.
  const remove = await tryRight(run, 'delete');
  const results: Record<Right, string> = { read, list, delete: remove };
  const extra = (Object.keys(results) as Right[]).filter((right) => results[right] === 'granted');
  const unclear = (Object.keys(results) as Right[]).filter((right) => !['granted', 'denied'].includes(results[right]));
  if (extra.length === 0) {
    return {
      status: 'pass',
      code: 'LEAST_PRIVILEGE_OK',
      message:
        unclear.length === 0
          ? 'The key can upload and do nothing else: it cannot read, list or delete.'
          : `The key cannot ${listWords((['read', 'list', 'delete'] as Right[]).filter((right) => results[right] === 'denied')) || 'do more'}; ${listWords(unclear)} could not be tested.`,
      hint: 'Nothing to do.',
      details: { results },
    };
  }
  return {
    status: 'warn',
    code: 'LEAST_PRIVILEGE_EXCESS',
    message: `The key can do more than uploads need: it can also ${listWords(extra)} files in the bucket.`,
    hint:
      'If the app’s database ever leaked, so would the lab’s files. Replace the IAM user’s policy with the policy ' +
      'to paste (uploads only). Stores that make the uploader the owner of its objects (such as Ceph RGW) ' +
      'let it read its own uploads whatever the policy says.',
    details: { results, extraRights: extra, policy: uploadPolicyFor(run) },
  };
}
