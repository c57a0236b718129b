import { type CorsMethod, generateCorsConfiguration } from '@sos/core';
import { type Command, Option } from 'commander';
import type { CliContext } from '../context';
import { wholeNumber } from '../option-parsers';
import { writeJson, writeWarnings } from '../output';
import { sharedOptions } from '../shared-options';

interface CorsOptions {
  origin: string[];
  method?: CorsMethod[];
  allowedHeader?: string[];
  maxAge?: number;
  format: 'console' | 's3api';
}

/** `sos cors`: prints the bucket's CORS rule for browser uploads. */
export function registerCorsCommand(program: Command, context: CliContext): void {
  program
    .command('cors')
    .summary("print the bucket's CORS configuration (JSON)")
    .description(
      "Print the bucket's CORS rule for browser uploads from the app's origins: PUT and POST, the headers uploads " +
        "send, ETag and Location exposed. --format console is what the S3 console's CORS editor takes; " +
        '--format s3api is the --cors-configuration of aws s3api put-bucket-cors.',
    )
    .addOption(
      sharedOptions.origins('an origin browsers upload from, such as https://app.example.com (repeatable)', true),
    )
    .addOption(
      new Option('--method <method...>', 'the methods to allow (add GET and HEAD for downloads)').choices([
        'PUT',
        'POST',
        'GET',
        'HEAD',
      ]),
    )
    .option('--allowed-header <header...>', 'the request headers to allow, instead of the ones uploads send')
    .addOption(
      new Option('--max-age <seconds>', 'how long browsers may cache the preflight').argParser(wholeNumber(0, 86_400)),
    )
    .addOption(new Option('--format <format>', 'the JSON shape').choices(['console', 's3api']).default('console'))
    .addHelpText(
      'after',
      '\nExamples:\n  sos cors --origin https://orders.example.com\n' +
        '  sos cors --origin https://orders.example.com --format s3api > cors.json\n' +
        '  aws s3api put-bucket-cors --bucket acme-lab-uploads --cors-configuration file://cors.json',
    )
    .action((options: CorsOptions) => {
      const configuration = generateCorsConfiguration({
        origins: options.origin,
        ...(options.method === undefined ? {} : { methods: options.method }),
        ...(options.allowedHeader === undefined ? {} : { allowedHeaders: options.allowedHeader }),
        ...(options.maxAge === undefined ? {} : { maxAgeSeconds: options.maxAge }),
      });
      writeWarnings(context, configuration.warnings);
      writeJson(context.stdout, options.format === 'console' ? configuration.rules : configuration.putBucketCors);
    });
}
