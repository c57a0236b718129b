import { describeS3Error } from '../s3-errors';
import type { CheckOutcome, RunContext } from './run-context';

/** What one unauthenticated request to the bucket tells: region, existence, S3's clock. */
export interface BucketProbe {
  region: CheckOutcome;
  bucket: CheckOutcome;
  clock: CheckOutcome;
  suggestedRegion?: string;
}

const FIVE_MINUTES = 5 * 60_000;
const FIFTEEN_MINUTES = 15 * 60_000;

/**
 * Sends one unauthenticated `HEAD` to the bucket. S3 answers it without any
 * permission: 404 when the bucket does not exist, otherwise the bucket's real
 * region in `x-amz-bucket-region` (even on 403 or 301), and always a `Date`.
 */
export async function probeBucket(run: RunContext, bucketUrl: string): Promise<BucketProbe> {
  let response: Response;
  try {
    response = await run.deadline.guard(
      // Never follow a redirect: the endpoint is the tenant's to choose, and could send this server anywhere.
      run.fetch(bucketUrl, { method: 'HEAD', redirect: 'manual', signal: run.deadline.signal }),
    );
  } catch (error) {
    return unanswered(run, error, 'S3 could not be reached.');
  }
  // A server error says nothing about the bucket, only that S3 could not answer (501 is a missing feature).
  if (response.status >= 500 && response.status !== 501) {
    return unanswered(
      run,
      { name: `HTTP ${response.status}`, status: response.status },
      'S3 answered with a server error.',
    );
  }
  // S3 names the bucket's region on its own redirects (301, 307); any other redirect is an answer, not a way on.
  if (isRedirect(response.status) && !response.headers.has('x-amz-bucket-region')) {
    return redirected(response.status);
  }
  const clock = checkClock(response.headers.get('date'), run.now());
  const { bucket: name, region: entered } = run.connection;

  if (response.status === 404) {
    const missing = describeS3Error('NoSuchBucket');
    return {
      bucket: {
        status: 'fail',
        code: missing.code,
        message: `The bucket "${name}" does not exist.`,
        hint: missing.hint,
      },
      region: {
        status: 'skip',
        code: 'CHECK_SKIPPED',
        message: 'Not checked: the bucket does not exist.',
        hint: 'Create the bucket or correct its name, then check again.',
      },
      clock,
    };
  }
  const bucket: CheckOutcome = {
    status: 'pass',
    code: 'BUCKET_OK',
    message: `The bucket "${name}" exists.`,
    hint: response.status === 403 ? 'It refuses anonymous requests, as it should.' : 'Nothing to do.',
  };
  const actual = response.headers.get('x-amz-bucket-region');
  if (actual === null) {
    return {
      bucket,
      region: {
        status: 'skip',
        code: 'REGION_NOT_REPORTED',
        message: 'Not checked: this endpoint does not say which region a bucket is in.',
        hint: 'The write check below still shows whether the region works.',
      },
      clock,
    };
  }
  if (actual !== entered) {
    return {
      bucket,
      region: {
        status: 'fail',
        code: 'REGION_MISMATCH',
        message: `The bucket is in ${actual}, not in ${entered}.`,
        hint: `Change the region to ${actual}.`,
        details: { entered, actual },
      },
      clock,
      suggestedRegion: actual,
    };
  }
  return {
    bucket,
    region: {
      status: 'pass',
      code: 'REGION_OK',
      message: `The bucket is in ${actual}, as entered.`,
      hint: 'Nothing to do.',
    },
    clock,
  };
}

/** The probe's outcome when S3 gave no usable answer: every check it feeds fails with the S3 code. */
function unanswered(run: RunContext, error: unknown, reason: string): BucketProbe {
  const problem = describeS3Error(error, { endpoint: run.connection.endpoint });
  const failed: CheckOutcome = {
    status: 'fail',
    code: problem.code,
    message: problem.message,
    hint: problem.hint,
    details: { cause: problem.cause },
  };
  return { region: failed, bucket: failed, clock: unknownClock(reason) };
}

const isRedirect = (status: number): boolean => status >= 300 && status < 400;

/** The probe's outcome when the endpoint answered with a redirect that is not S3's: its target is never contacted. */
function redirected(status: number): BucketProbe {
  const failed: CheckOutcome = {
    status: 'fail',
    code: 'S3_UNEXPECTED_RESPONSE',
    message: `The endpoint answered with a redirect (HTTP ${status}), which sos never follows.`,
    hint: 'Set the endpoint to the S3 service itself, not to an address that redirects elsewhere.',
    details: { status },
  };
  return { region: failed, bucket: failed, clock: unknownClock('the endpoint answered with a redirect.') };
}

function unknownClock(reason: string): CheckOutcome {
  return {
    status: 'skip',
    code: 'CHECK_SKIPPED',
    message: `Not checked: ${reason}`,
    hint: 'Check again once S3 answers.',
  };
}

function checkClock(dateHeader: string | null, now: Date): CheckOutcome {
  const serverTime = dateHeader === null ? Number.NaN : Date.parse(dateHeader);
  if (Number.isNaN(serverTime)) return unknownClock('S3 sent no Date header.');
  const skew = now.getTime() - serverTime;
  const minutes = Math.round(Math.abs(skew) / 60_000);
  const direction = skew > 0 ? 'ahead of' : 'behind';
  const details = { skewSeconds: Math.round(skew / 1000) };
  if (Math.abs(skew) > FIFTEEN_MINUTES) {
    return {
      status: 'fail',
      code: 'S3_CLOCK_SKEW',
      message: `This server's clock is ${minutes} minutes ${direction} S3's: S3 refuses requests signed more than 15 minutes off.`,
      hint: 'Synchronise the server clock (NTP).',
      details,
    };
  }
  if (Math.abs(skew) > FIVE_MINUTES) {
    return {
      status: 'warn',
      code: 'CLOCK_DRIFT',
      message: `This server's clock is ${minutes} minutes ${direction} S3's.`,
      hint: 'Synchronise the server clock (NTP) before it drifts past 15 minutes, when S3 refuses every request.',
      details,
    };
  }
  return {
    status: 'pass',
    code: 'CLOCK_OK',
    message: "This server's clock agrees with S3's.",
    hint: 'Nothing to do.',
    details,
  };
}
