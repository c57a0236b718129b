import { loadStsModule } from '../roles/sts-module';
import type { CheckOutcome, RunContext } from './run-context';
import type { CallerIdentity } from './types';

/** The identity check's outcome, with who the key belongs to. */
export interface IdentityOutcome extends CheckOutcome {
  identity?: CallerIdentity;
}

/**
 * Asks STS who the key belongs to (`sts:GetCallerIdentity` needs no
 * permission): proves the key is live, and catches root keys.
 */
export async function checkIdentity(run: RunContext): Promise<IdentityOutcome> {
  const { connection, options } = run;
  if (connection.endpoint !== undefined && options.stsEndpoint === undefined) {
    return {
      status: 'skip',
      code: 'IDENTITY_NOT_AVAILABLE',
      message: 'Not checked: S3-compatible endpoints have no STS to ask who the key belongs to.',
      hint: 'The write check below still proves the key works.',
    };
  }
  const { GetCallerIdentityCommand, STSClient } = await loadStsModule();
  const sts =
    options.createStsClient?.(connection) ??
    new STSClient({
      region: connection.region,
      credentials: connection.credentials,
      maxAttempts: 2,
      ...(options.stsEndpoint === undefined ? {} : { endpoint: options.stsEndpoint }),
    });
  try {
    const answer = await run.deadline.guard(
      sts.send(new GetCallerIdentityCommand({}), { abortSignal: run.deadline.signal }),
    );
    const temporary = connection.credentials.accessKeyId.startsWith('ASIA');
    const expiresAt = connection.credentials.expiration?.toISOString();
    const identity: CallerIdentity = {
      account: answer.Account ?? '',
      arn: answer.Arn ?? '',
      userId: answer.UserId ?? '',
      temporary,
      ...(expiresAt === undefined ? {} : { expiresAt }),
    };
    if (identity.arn.endsWith(':root')) {
      return {
        status: 'fail',
        code: 'ROOT_CREDENTIALS',
        message: `These are the root keys of AWS account ${identity.account}: they can do anything in the account.`,
        hint: 'Delete these root access keys, create an IAM user with only the upload policy, and enter its keys instead.',
        identity,
      };
    }
    return {
      status: 'pass',
      code: temporary ? 'IDENTITY_TEMPORARY' : 'IDENTITY_OK',
      message: temporary
        ? `Temporary credentials of ${identity.arn}${expiresAt ? `, valid until ${expiresAt}` : ''}.`
        : `The key belongs to ${identity.arn}.`,
      hint: temporary
        ? 'Upload URLs signed with temporary credentials stop working when the credentials expire.'
        : 'Nothing to do.',
      identity,
    };
  } finally {
    if (options.createStsClient === undefined) sts.destroy();
  }
}
