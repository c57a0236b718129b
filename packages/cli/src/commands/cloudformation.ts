import { generateCloudFormationTemplate, type UploadTier } from '@sos/core';
import { type Command, Option } from 'commander';
import type { CliContext } from '../context';
import { UsageError } from '../errors';
import { accountId, daysOrNever, keepForever, wholeNumber } from '../option-parsers';
import { coloursFor, writeLines } from '../output';
import { sharedOptions } from '../shared-options';

interface CloudFormationOptions {
  mode: 'user' | 'role';
  bucket: string;
  origin?: string[];
  vendorAccountId?: string;
  externalId?: string;
  prefix?: string;
  tier: UploadTier;
  retentionDays: number | 'never';
  abortDays: number;
  requireTls: boolean;
  encryption: 'AES256' | 'aws:kms';
  appName?: string;
  format: 'json' | 'yaml';
}

/** `sos cloudformation`: prints the one-stack setup (bucket, CORS, lifecycle, and an upload user or role). */
export function registerCloudFormationCommand(program: Command, context: CliContext): void {
  program
    .command('cloudformation')
    .summary('print a CloudFormation template that sets everything up')
    .description(
      'Print a CloudFormation template that creates the bucket (public access blocked, encrypted, CORS, lifecycle, ' +
        'kept when the stack is deleted) and either an IAM user with an access key (--mode user) or a role your ' +
        'AWS account assumes with an external ID (--mode role, no secret at all). Create the stack with CAPABILITY_IAM. ' +
        'Without --origin the bucket gets no CORS rule: enough when files are uploaded from your servers, not from browsers.',
    )
    .addOption(
      new Option('--mode <mode>', 'user: an IAM user and access key; role: a role you assume')
        .choices(['user', 'role'])
        .default('user'),
    )
    .addOption(sharedOptions.bucket('the bucket the stack creates'))
    .addOption(
      sharedOptions.origins(
        "an origin browsers upload from, for the bucket's CORS rule (repeatable); leave it out when only your servers upload",
        false,
      ),
    )
    .addOption(
      new Option('--vendor-account-id <id>', 'your 12-digit AWS account ID, trusted by the role (role mode)').argParser(
        accountId,
      ),
    )
    .option('--external-id <id>', 'the external ID you generated for this customer (role mode)')
    .addOption(sharedOptions.prefix())
    .addOption(sharedOptions.tier())
    .addOption(
      new Option('--retention-days <n>', 'delete uploads after this many days, or never')
        .argParser(daysOrNever)
        .default(5),
    )
    .addOption(
      new Option('--abort-days <n>', 'delete unfinished multipart uploads after this many days')
        .argParser(wholeNumber(1, 36_500))
        .default(1),
    )
    .option('--no-require-tls', 'do not deny uploads over plain HTTP in the upload policy')
    .addOption(
      new Option('--encryption <algorithm>', "the bucket's default encryption")
        .choices(['AES256', 'aws:kms'])
        .default('AES256'),
    )
    .option('--app-name <name>', 'your app’s name, used in descriptions')
    .addOption(new Option('--format <format>', 'the template language').choices(['json', 'yaml']).default('json'))
    .addHelpText(
      'after',
      '\nExamples:\n  sos cloudformation --bucket acme-lab-uploads --origin https://orders.example.com --format yaml > sos.yaml\n' +
        '  sos cloudformation --bucket acme-lab-uploads > sos.json    (uploads from your servers only: no CORS rule)\n' +
        '  sos cloudformation --mode role --bucket acme-lab-uploads --origin https://orders.example.com \\\n' +
        '    --vendor-account-id 123456789012 --external-id 3f1c9a7e-acme > sos.json\n' +
        '  aws cloudformation deploy --template-file sos.yaml --stack-name sos-uploads --capabilities CAPABILITY_IAM',
    )
    .action((options: CloudFormationOptions) => {
      const roleFlags = options.vendorAccountId !== undefined || options.externalId !== undefined;
      if (options.mode === 'user' && roleFlags) {
        throw new UsageError(
          '--vendor-account-id and --external-id only apply to --mode role.',
          'Add --mode role for a role your account assumes, or leave them out for an IAM user with an access key.',
        );
      }
      if (options.mode === 'role' && (options.vendorAccountId === undefined || options.externalId === undefined)) {
        throw new UsageError(
          '--mode role needs --vendor-account-id and --external-id.',
          'Give your 12-digit AWS account ID and a random external ID you generated for this customer (a UUID will do).',
        );
      }
      const generated = generateCloudFormationTemplate({
        mode: options.mode,
        bucket: options.bucket,
        ...(options.origin === undefined ? {} : { origins: options.origin }),
        tier: options.tier,
        retentionDays: keepForever(options.retentionDays),
        abortIncompleteAfterDays: options.abortDays,
        requireTls: options.requireTls,
        encryption: options.encryption,
        ...(options.vendorAccountId === undefined ? {} : { vendorAccountId: options.vendorAccountId }),
        ...(options.externalId === undefined ? {} : { externalId: options.externalId }),
        ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
        ...(options.appName === undefined ? {} : { appName: options.appName }),
      });
      const text = options.format === 'json' ? generated.json : generated.yaml;
      context.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      const colours = coloursFor(context.stderr, context.env);
      const notes = [`${colours.dim('note:')} create the stack with ${generated.capabilities.join(', ')}.`];
      if (options.origin === undefined) {
        notes.push(
          `${colours.dim('note:')} the bucket has no CORS rule, so browsers cannot upload into it; that is fine when only your servers upload. For browser uploads, add --origin.`,
        );
      }
      for (const output of generated.secretOutputs) {
        notes.push(
          `${colours.dim('note:')} the stack output ${output} is a secret: enter it in the app, then do not keep it anywhere else.`,
        );
      }
      writeLines(context.stderr, notes);
    });
}
