import { type CostEstimate, estimateMonthlyCost } from '@sos/core';
import { type Command, Option } from 'commander';
import type { CliContext } from '../context';
import { decimalNumber } from '../option-parsers';
import { coloursFor, writeJson, writeLines } from '../output';
import { sharedOptions } from '../shared-options';

interface CostOptions {
  gbPerMonth: number;
  retentionDays: number;
  downloadsPerObject: number;
  averageFileMb: number;
  json?: true;
}

const dollars = (amount: number, digits: number): string => `$${amount.toFixed(digits)}`;

function formatEstimate(estimate: CostEstimate, options: CostOptions, bold: (text: string) => string): string[] {
  const rows = estimate.lines.map((line) => [
    line.item,
    // Requests are priced per 1,000: "5.12 × 1,000 requests" reads right, "5.12 1,000 requests" does not.
    /^\d/.test(line.unit) ? `${line.quantity} × ${line.unit}` : `${line.quantity} ${line.unit}`,
    `at ${dollars(line.unitPrice, 4)}`,
    dollars(line.cost, 3),
  ]);
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const pad = (row: string[]) =>
    `  ${row.map((cell, column) => (column === 3 ? cell : cell.padEnd(widths[column] ?? 0))).join('  ')}`;
  const { prices } = estimate;
  const downloads = options.downloadsPerObject === 1 ? 'once' : `${options.downloadsPerObject} times`;
  return [
    `Monthly S3 bill for ${options.gbPerMonth} GB uploaded a month, each file kept ${options.retentionDays} days ` +
      `and downloaded ${downloads} (files of ${options.averageFileMb} MB on average):`,
    '',
    ...rows.map(pad),
    '',
    bold(`  Total: ${dollars(estimate.total, 2)} a month (${estimate.currency})`),
    '',
    `Prices: S3 Standard in ${prices.region} as of ${prices.asOf} (${prices.source})`,
    `  storage ${dollars(prices.storagePerGbMonth, 4)}/GB-month, transfer out ${dollars(prices.transferOutPerGb, 4)}/GB, ` +
      `PUT ${dollars(prices.putPer1000, 4)} and GET ${dollars(prices.getPer1000, 4)} per 1,000 requests`,
    '',
    ...estimate.notes.map((note) => `- ${note}`),
  ];
}

/** `sos cost`: estimates the customer's monthly S3 bill for uploads, with the price table it used. */
export function registerCostCommand(program: Command, context: CliContext): void {
  program
    .command('cost')
    .summary("estimate the customer's monthly S3 bill")
    .description(
      "Estimate the customer's steady monthly S3 bill once the lifecycle rule keeps the stored amount level: storage, " +
        'downloads to the internet and requests, line by line, with the price table and its date. Uploads into S3 are free.',
    )
    .addOption(
      new Option('--gb-per-month <n>', 'GB of files uploaded a month')
        .argParser(decimalNumber(0))
        .makeOptionMandatory(),
    )
    .addOption(
      new Option('--retention-days <n>', 'days each file is kept (the lifecycle rule)')
        .argParser(decimalNumber(0, { exclusive: true }))
        .makeOptionMandatory(),
    )
    .addOption(
      new Option('--downloads-per-object <n>', 'how often each file is downloaded, on average')
        .argParser(decimalNumber(0))
        .default(1),
    )
    .addOption(
      new Option('--average-file-mb <n>', 'the average file size in MB, to count requests')
        .argParser(decimalNumber(0, { exclusive: true }))
        .default(10),
    )
    .addOption(sharedOptions.json())
    .addHelpText('after', '\nExample:\n  sos cost --gb-per-month 50 --retention-days 5')
    .action((options: CostOptions) => {
      const estimate = estimateMonthlyCost({
        gbPerMonth: options.gbPerMonth,
        retentionDays: options.retentionDays,
        downloadsPerObject: options.downloadsPerObject,
        averageFileMb: options.averageFileMb,
      });
      if (options.json === true) {
        writeJson(context.stdout, estimate);
        return;
      }
      writeLines(context.stdout, formatEstimate(estimate, options, coloursFor(context.stdout, context.env).bold));
    });
}
