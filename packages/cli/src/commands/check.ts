import { type Connection, verifyConnection } from '@sos/core';
import { type Command, Option } from 'commander';
import { formatChecklist } from '../checklist';
import type { CliContext } from '../context';
import { resolveCredentials } from '../credential-sources';
import { EXIT_STATUS } from '../errors';
import { decimalNumber, httpUrl } from '../option-parsers';
import { coloursFor, writeJson, writeLines } from '../output';
import { sharedOptions } from '../shared-options';

interface CheckOptions {
  bucket: string;
  region: string;
  endpoint?: string;
  prefix?: string;
  origin?: string[];
  profile?: string;
  json?: true;
  timeout: number;
}

const EXIT_BY_STATUS = {
  ok: EXIT_STATUS.ok,
  degraded: EXIT_STATUS.findings,
  failed: EXIT_STATUS.failed,
} as const;

const CREDENTIALS_HELP = `
Credentials (never a flag: it would stay in the shell history):
  --profile NAME     the profile in the shared credentials file (~/.aws/credentials, or AWS_SHARED_CREDENTIALS_FILE)
  environment        AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and, for temporary keys, AWS_SESSION_TOKEN
  AWS_PROFILE        a profile, when the two variables above are not set
  prompt             otherwise, on a terminal, sos asks for them without showing them

Exit status: 0 ok, 1 degraded (uploads work, with warnings), 2 failed, 64 usage error.

Examples:
  sos check --profile acme-lab --bucket acme-lab-uploads --region eu-central-1 --origin https://orders.example.com
  sos check --bucket acme-lab-uploads --region Frankfurt --json    (on a terminal: asks for the keys)`;

/** The key ID as `aws configure list` would show it: enough to tell which key, not the whole of it. */
function maskKeyId(accessKeyId: string): string {
  const id = accessKeyId.trim();
  return id.length < 12 ? '…' : `${id.slice(0, 4)}…${id.slice(-4)}`;
}

/** `sos check`: the live connection check, as a checklist or as the `VerifyResult` JSON. */
export function registerCheckCommand(program: Command, context: CliContext): void {
  program
    .command('check')
    .summary('check live that browser uploads into the bucket work')
    .description(
      'Check, live, that browser uploads into the bucket will work with these keys: key format, who the key ' +
        'belongs to, region, bucket, a real upload, a presigned upload, rights beyond uploading, CORS and clock. ' +
        'It writes one small object, PREFIX/.sos/connection-check, and never prints the secret.',
    )
    .addOption(sharedOptions.bucket())
    .requiredOption('--region <region>', "the bucket's region, such as eu-central-1 (or Frankfurt)")
    .addOption(
      new Option('--endpoint <url>', 'an S3-compatible endpoint (MinIO, R2, a local server)').argParser(httpUrl),
    )
    .addOption(sharedOptions.prefix('the folder the app uploads into; the check writes its object there'))
    .addOption(sharedOptions.origins('an origin browsers upload from, for the CORS check (repeatable)', false))
    .option('--profile <name>', 'read the keys from this profile of the shared credentials file')
    .addOption(sharedOptions.json())
    .addOption(
      new Option('--timeout <seconds>', 'the most the whole check may take')
        .argParser(decimalNumber(0, { exclusive: true, max: 600 }))
        .default(15),
    )
    .addHelpText('after', CREDENTIALS_HELP)
    .action(async (options: CheckOptions) => {
      const { credentials, source } = await resolveCredentials(options.profile, context);
      context.secrets.add(credentials.secretAccessKey.trim());
      if (credentials.sessionToken !== undefined) context.secrets.add(credentials.sessionToken.trim());
      const connection: Connection = {
        bucket: options.bucket,
        region: options.region,
        credentials,
        ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
        ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
      };
      const result = await verifyConnection(connection, {
        // The admin typed this endpoint on their own machine (often a local MinIO): there is no tenant to guard against.
        allowEndpoint: () => true,
        timeoutMs: Math.round(options.timeout * 1000),
        ...(options.origin === undefined ? {} : { origins: options.origin }),
      });
      if (options.json === true) {
        writeJson(context.stdout, result);
      } else {
        const colours = coloursFor(context.stdout, context.env);
        const where = options.endpoint === undefined ? options.region : `${options.region} at ${options.endpoint}`;
        writeLines(context.stdout, [
          `Checking bucket "${options.bucket}" in ${where} with key ${maskKeyId(credentials.accessKeyId)} from ${source}.`,
          '',
          ...formatChecklist(result, colours),
        ]);
      }
      context.setExitStatus(EXIT_BY_STATUS[result.status]);
    });
}
