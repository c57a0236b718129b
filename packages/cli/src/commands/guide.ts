import { renderSetupGuide, type UploadTier } from '@sos/core';
import { type Command, Option } from 'commander';
import type { CliContext } from '../context';
import { daysOrNever, decimalNumber, keepForever } from '../option-parsers';
import { sharedOptions } from '../shared-options';

interface GuideOptions {
  bucket: string;
  region: string;
  origin: string[];
  appName?: string;
  prefix?: string;
  tier: UploadTier;
  retentionDays: number | 'never';
  requireTls?: true;
  userName?: string;
  policyName?: string;
  gbPerMonth: number;
  downloadsPerObject: number;
  averageFileMb?: number;
  quickCreateUrl?: string;
}

/** `sos guide`: prints the customer's setup guide in Markdown, filled in with their bucket, region and origins. */
export function registerGuideCommand(program: Command, context: CliContext): void {
  program
    .command('guide')
    .summary("print the customer's setup guide (Markdown)")
    .description(
      "Print the customer's step-by-step setup guide in Markdown, with their bucket, region and your origins filled " +
        'in: bucket, IAM user and policy, access key, CORS, lifecycle rule, the AWS CLI commands for each step, ' +
        'a cost estimate, and what the common errors mean.',
    )
    .addOption(sharedOptions.bucket())
    .requiredOption('--region <region>', "the bucket's region, such as eu-central-1 (or Frankfurt)")
    .addOption(sharedOptions.origins('an origin browsers upload from (repeatable)', true))
    .option('--app-name <name>', 'your app’s name, as the customer knows it')
    .addOption(sharedOptions.prefix())
    .addOption(sharedOptions.tier())
    .addOption(
      new Option('--retention-days <n>', 'delete uploads after this many days, or never')
        .argParser(daysOrNever)
        .default(5),
    )
    .option('--require-tls', 'also deny uploads over plain HTTP in the policy')
    .option('--user-name <name>', 'the IAM user the guide creates')
    .option('--policy-name <name>', 'the inline policy the guide creates')
    .addOption(
      new Option('--gb-per-month <n>', 'GB uploaded a month, for the cost estimate')
        .argParser(decimalNumber(0))
        .default(10),
    )
    .addOption(
      new Option('--downloads-per-object <n>', 'how often each file is downloaded, for the cost estimate')
        .argParser(decimalNumber(0))
        .default(1),
    )
    .addOption(
      new Option('--average-file-mb <n>', 'the average file size in MB').argParser(
        decimalNumber(0, { exclusive: true }),
      ),
    )
    .option('--quick-create-url <url>', 'a CloudFormation quick-create link to offer as the one-click setup')
    .addHelpText(
      'after',
      '\nExample:\n  sos guide --bucket acme-lab-uploads --region Frankfurt --origin https://orders.example.com \\\n' +
        "    --app-name 'Simple Order System' > SETUP.md",
    )
    .action((options: GuideOptions) => {
      const markdown = renderSetupGuide({
        bucket: options.bucket,
        region: options.region,
        origins: options.origin,
        tier: options.tier,
        retentionDays: keepForever(options.retentionDays),
        requireTls: options.requireTls === true,
        usage: {
          gbPerMonth: options.gbPerMonth,
          downloadsPerObject: options.downloadsPerObject,
          ...(options.averageFileMb === undefined ? {} : { averageFileMb: options.averageFileMb }),
        },
        ...(options.appName === undefined ? {} : { appName: options.appName }),
        ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
        ...(options.userName === undefined ? {} : { userName: options.userName }),
        ...(options.policyName === undefined ? {} : { policyName: options.policyName }),
        ...(options.quickCreateUrl === undefined ? {} : { quickCreateUrl: options.quickCreateUrl }),
      });
      context.stdout.write(markdown.endsWith('\n') ? markdown : `${markdown}\n`);
    });
}
