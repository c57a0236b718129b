import { z } from 'zod';
import { SosError } from '../errors';

/** S3 prices for one region, in US dollars, and when they were read. */
export interface S3PriceTable {
  /** The region these prices are for. */
  region: string;
  /** When the prices were taken from the AWS price page (YYYY-MM-DD). */
  asOf: string;
  /** S3 Standard storage, per GB-month (first 50 TB). */
  storagePerGbMonth: number;
  /** Data transfer out to the internet, per GB (first 10 TB a month). */
  transferOutPerGb: number;
  /** PUT, COPY, POST and LIST requests, per 1,000. */
  putPer1000: number;
  /** GET and other requests, per 1,000. */
  getPer1000: number;
  /** Where to check them. */
  source: string;
}

/** The published S3 Standard prices of US East (N. Virginia). Pass your own to {@link estimateMonthlyCost} when they change. */
export const DEFAULT_S3_PRICES: S3PriceTable = {
  region: 'us-east-1',
  asOf: '2025-06-01',
  storagePerGbMonth: 0.023,
  transferOutPerGb: 0.09,
  putPer1000: 0.005,
  getPer1000: 0.0004,
  source: 'https://aws.amazon.com/s3/pricing/',
};

/** Options of {@link estimateMonthlyCost}. */
export interface CostEstimateOptions {
  /** How many GB of files arrive in a month. */
  gbPerMonth: number;
  /** How many days each file is kept (the lifecycle rule's expiry). */
  retentionDays: number;
  /** How often each file is downloaded from the bucket, on average. */
  downloadsPerObject: number;
  /**
   * The average file size in MB, to count requests.
   * @default 10
   */
  averageFileMb?: number;
  /** Prices to use instead of (or on top of) {@link DEFAULT_S3_PRICES}. */
  prices?: Partial<S3PriceTable>;
}

/** One line of the estimate. */
export interface CostLine {
  item: string;
  quantity: number;
  unit: string;
  unitPrice: number;
  /** In US dollars, rounded to a tenth of a cent. */
  cost: number;
}

/** A monthly S3 bill, line by line, with the prices it used. */
export interface CostEstimate {
  currency: 'USD';
  /** The total, rounded to the cent. */
  total: number;
  lines: CostLine[];
  prices: S3PriceTable;
  /** What the estimate leaves out. */
  notes: string[];
}

const DAYS_PER_MONTH = 30.44;

let optionsSchema: ReturnType<typeof buildOptionsSchema> | undefined;

/** Built on first use: building zod schemas when `@sos/core` is imported slowed the import down. */
function buildOptionsSchema() {
  return z.object({
    gbPerMonth: z.number().nonnegative(),
    retentionDays: z.number().positive(),
    downloadsPerObject: z.number().nonnegative(),
    averageFileMb: z.number().positive().default(10),
    prices: z
      .object({
        region: z.string(),
        asOf: z.string(),
        storagePerGbMonth: z.number().nonnegative(),
        transferOutPerGb: z.number().nonnegative(),
        putPer1000: z.number().nonnegative(),
        getPer1000: z.number().nonnegative(),
        source: z.string(),
      })
      .partial()
      .default({}),
  });
}

const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * Estimates what the customer's S3 bill for uploads will be each month, once
 * the lifecycle rule keeps the stored amount steady: storage of the files
 * kept, downloads to the internet, and requests. Uploads into S3 are free.
 *
 * @example
 * estimateMonthlyCost({ gbPerMonth: 10, retentionDays: 5, downloadsPerObject: 1 }).total; // 0.94
 */
export function estimateMonthlyCost(options: CostEstimateOptions): CostEstimate {
  optionsSchema ??= buildOptionsSchema();
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SosError('INVALID_INPUT', `Invalid cost option ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`, {
      hint: 'Pass { gbPerMonth, retentionDays, downloadsPerObject } as non-negative numbers (retentionDays above 0).',
    });
  }
  const { gbPerMonth, retentionDays, downloadsPerObject, averageFileMb } = parsed.data;
  const prices: S3PriceTable = { ...DEFAULT_S3_PRICES, ...parsed.data.prices };
  const storedGb = (gbPerMonth * retentionDays) / DAYS_PER_MONTH;
  const files = (gbPerMonth * 1024) / averageFileMb;
  const items: [item: string, quantity: number, unit: string, unitPrice: number][] = [
    ['Storage (S3 Standard, average stored)', storedGb, 'GB-month', prices.storagePerGbMonth],
    ['Downloads to the internet', gbPerMonth * downloadsPerObject, 'GB', prices.transferOutPerGb],
    ['Upload requests (PUT/POST)', files / 1000, '1,000 requests', prices.putPer1000],
    ['Download requests (GET)', (files * downloadsPerObject) / 1000, '1,000 requests', prices.getPer1000],
  ];
  const costs = items.map(([, quantity, , unitPrice]) => quantity * unitPrice);
  const lines: CostLine[] = items.map(([item, quantity, unit, unitPrice], index) => ({
    item,
    quantity: round(quantity, 3),
    unit,
    unitPrice,
    cost: round(costs[index] ?? 0, 3),
  }));
  return {
    currency: 'USD',
    total: round(
      costs.reduce((sum, cost) => sum + cost, 0),
      2,
    ),
    lines,
    prices,
    notes: [
      'Uploading into S3 is free; you pay for what is stored and for downloads.',
      'AWS gives every account 100 GB a month of free data transfer to the internet, shared by all services; it is not subtracted here.',
      'Large files sent in parts count one request per part.',
      `Prices are those of ${prices.region} on ${prices.asOf}; other regions differ. Check ${prices.source}.`,
    ],
  };
}
