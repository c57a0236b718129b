import { type AwsPartition, generateUploadPolicy, type UploadTier, validateBucketName } from '@sos/core';
import { type Command, Option } from 'commander';
import type { CliContext } from '../context';
import { writeJson, writeWarnings } from '../output';
import { sharedOptions } from '../shared-options';

interface PolicyOptions {
  bucket: string;
  prefix?: string;
  partition: AwsPartition;
  tier: UploadTier;
  requireTls?: true;
  requireEncryption?: 'AES256' | 'aws:kms';
}

/** `sos policy`: prints the IAM policy the customer's upload user (or role) needs, and nothing more. */
export function registerPolicyCommand(program: Command, context: CliContext): void {
  program
    .command('policy')
    .summary('print the IAM policy the upload key needs (JSON)')
    .description(
      "Print the IAM policy for the customer's upload user or role: s3:PutObject on the bucket (or one folder of it), " +
        'and nothing more. Paste it as the inline policy in the IAM console.',
    )
    .addOption(sharedOptions.bucket())
    .addOption(sharedOptions.prefix())
    .addOption(sharedOptions.partition('aws'))
    .addOption(sharedOptions.tier())
    .option('--require-tls', 'also deny uploads over plain HTTP')
    .addOption(
      new Option(
        '--require-encryption <algorithm>',
        'deny uploads that ask for another server-side encryption',
      ).choices(['AES256', 'aws:kms']),
    )
    .addHelpText('after', '\nExample:\n  sos policy --bucket acme-lab-uploads --prefix orders > policy.json')
    .action((options: PolicyOptions) => {
      const policy = generateUploadPolicy({
        bucket: options.bucket,
        partition: options.partition,
        tier: options.tier,
        requireTls: options.requireTls === true,
        requireEncryption: options.requireEncryption ?? false,
        ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
      });
      writeWarnings(context, validateBucketName(options.bucket).warnings);
      writeJson(context.stdout, policy);
    });
}
