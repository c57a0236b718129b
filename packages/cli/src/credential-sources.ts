import { type AccessKeyCredentials, parseCredentials } from '@sos/core';
import type { CliContext } from './context';
import { UsageError } from './errors';

/** Keys for the connection check, and where they came from (said in the output; never the secret). */
export interface ResolvedCredentials {
  /** Cleaned by `parseCredentials` when they parse; as given otherwise, so the format check can say what is wrong. */
  credentials: AccessKeyCredentials;
  /** `the environment`, `profile "lab"`, or `the prompt`. */
  source: string;
}

const NO_CREDENTIALS_HINT =
  'Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary keys), pass --profile NAME ' +
  'to read the shared credentials file, or run sos check in a terminal to type them in. The secret is never taken ' +
  'as a flag: it would end up in the shell history.';

const present = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';

function cleaned(raw: AccessKeyCredentials, source: string): ResolvedCredentials {
  const parsed = parseCredentials({
    accessKeyId: raw.accessKeyId,
    secretAccessKey: raw.secretAccessKey,
    ...(raw.sessionToken === undefined ? {} : { sessionToken: raw.sessionToken }),
  });
  const credentials = parsed.ok
    ? { ...parsed.credentials, ...(raw.expiration === undefined ? {} : { expiration: raw.expiration }) }
    : raw;
  return { credentials, source };
}

function fromEnvironment(env: CliContext['env']): ResolvedCredentials {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!present(accessKeyId) || !present(secretAccessKey)) {
    const missing = present(accessKeyId) ? 'AWS_SECRET_ACCESS_KEY' : 'AWS_ACCESS_KEY_ID';
    throw new UsageError(`${missing} is not set, but the other half of the key is.`, NO_CREDENTIALS_HINT);
  }
  const sessionToken = env.AWS_SESSION_TOKEN;
  return cleaned(
    { accessKeyId, secretAccessKey, ...(present(sessionToken) ? { sessionToken } : {}) },
    'the environment',
  );
}

async function fromProfile(profile: string, env: CliContext['env']): Promise<ResolvedCredentials> {
  const { fromIni } = await import('@aws-sdk/credential-providers');
  const file = env.AWS_SHARED_CREDENTIALS_FILE;
  const configFile = env.AWS_CONFIG_FILE;
  try {
    const identity = await fromIni({
      profile,
      ...(present(file) ? { filepath: file } : {}),
      ...(present(configFile) ? { configFilepath: configFile } : {}),
    })();
    return cleaned(
      {
        accessKeyId: identity.accessKeyId,
        secretAccessKey: identity.secretAccessKey,
        ...(identity.sessionToken === undefined ? {} : { sessionToken: identity.sessionToken }),
        ...(identity.expiration === undefined ? {} : { expiration: identity.expiration }),
      },
      `profile "${profile}"`,
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(
      `Could not read the keys of profile "${profile}": ${reason}`,
      `Check the profile's name and its aws_access_key_id and aws_secret_access_key in ${present(file) ? file : '~/.aws/credentials'} (AWS_SHARED_CREDENTIALS_FILE chooses another file).`,
    );
  }
}

async function fromPrompt(context: CliContext): Promise<ResolvedCredentials> {
  const { default: password } = await import('@inquirer/password');
  const streams = { input: context.stdin, output: context.stderr };
  const required = (what: string) => (value: string) => value.trim() !== '' || `Enter the ${what}.`;
  const accessKeyId = await password(
    { message: 'AWS access key ID:', mask: true, validate: required('access key ID') },
    streams,
  );
  const secretAccessKey = await password(
    { message: 'AWS secret access key:', mask: true, validate: required('secret access key') },
    streams,
  );
  // Temporary keys (ASIA…) only work with their session token.
  const sessionToken = accessKeyId.trim().startsWith('ASIA')
    ? await password({ message: 'AWS session token:', mask: true, validate: required('session token') }, streams)
    : undefined;
  return cleaned(
    { accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }) },
    'the prompt',
  );
}

/**
 * Finds the keys for `sos check`, never from a flag (it would stay in the
 * shell history): `--profile` (the shared credentials file, or
 * `AWS_SHARED_CREDENTIALS_FILE`), else `AWS_ACCESS_KEY_ID` /
 * `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN`, else `AWS_PROFILE`, else a
 * hidden prompt on a terminal. Without any of them it is a usage error.
 */
export async function resolveCredentials(
  profile: string | undefined,
  context: CliContext,
): Promise<ResolvedCredentials> {
  const { env } = context;
  if (profile !== undefined) return fromProfile(profile, env);
  if (present(env.AWS_ACCESS_KEY_ID) || present(env.AWS_SECRET_ACCESS_KEY)) return fromEnvironment(env);
  if (present(env.AWS_PROFILE)) return fromProfile(env.AWS_PROFILE.trim(), env);
  if (context.stdin.isTTY === true && context.stderr.isTTY === true) return fromPrompt(context);
  throw new UsageError(
    'No AWS credentials to check: none in the environment, no --profile, and no terminal to ask.',
    NO_CREDENTIALS_HINT,
  );
}
