import { generateLifecycleConfiguration } from '@sos/core';
import { type Command, Option } from 'commander';
import type { CliContext } from '../context';
import { daysOrNever, keepForever, wholeNumber } from '../option-parsers';
import { writeJson } from '../output';

interface LifecycleOptions {
  days: number | 'never';
  abortDays: number;
  prefix?: string;
}

/** `sos lifecycle`: prints the lifecycle rule that deletes old uploads and abandoned multipart parts. */
export function registerLifecycleCommand(program: Command, context: CliContext): void {
  program
    .command('lifecycle')
    .summary("print the bucket's lifecycle configuration (JSON)")
    .description(
      'Print the bucket lifecycle rule, as aws s3api put-bucket-lifecycle-configuration takes it: delete uploads ' +
        'after --days days, and delete the parts of multipart uploads never completed after --abort-days days ' +
        '(they cost money and are invisible in the console).',
    )
    .addOption(
      new Option('--days <n>', 'delete uploaded files this many days after they arrive, or never')
        .argParser(daysOrNever)
        .makeOptionMandatory(),
    )
    .addOption(
      new Option('--abort-days <n>', 'delete unfinished multipart uploads after this many days')
        .argParser(wholeNumber(1, 36_500))
        .default(1),
    )
    .addOption(new Option('--prefix <folder>', 'apply the rule to this folder only'))
    .addHelpText(
      'after',
      '\nExamples:\n  sos lifecycle --days 5\n  sos lifecycle --days 5 --abort-days 2 > lifecycle.json\n' +
        '  aws s3api put-bucket-lifecycle-configuration --bucket acme-lab-uploads --lifecycle-configuration file://lifecycle.json',
    )
    .action((options: LifecycleOptions) => {
      writeJson(
        context.stdout,
        generateLifecycleConfiguration({
          expireAfterDays: keepForever(options.days),
          abortIncompleteAfterDays: options.abortDays,
          ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
        }),
      );
    });
}
