import { InvalidArgumentError } from 'commander';

/**
 * A commander argument parser for whole numbers from `min` to `max`; anything
 * else is a usage error naming the allowed range.
 *
 * @example
 * new Option('--days <n>').argParser(wholeNumber(1, 36_500));
 */
export function wholeNumber(min: number, max: number): (value: string) => number {
  return (value) => {
    const number = Number(value.trim());
    if (!/^\d+$/.test(value.trim()) || number < min || number > max) {
      throw new InvalidArgumentError(`Give a whole number from ${min} to ${max}.`);
    }
    return number;
  };
}

/**
 * A commander argument parser for a number of days, or `never` to keep files
 * (commander turns a parsed `null` into `''`, hence the word; see {@link keepForever}).
 */
export function daysOrNever(value: string): number | 'never' {
  if (value.trim().toLowerCase() === 'never') return 'never';
  return wholeNumber(1, 36_500)(value);
}

/** The days from {@link daysOrNever} as the core takes them: `null` keeps files. */
export function keepForever(days: number | 'never'): number | null {
  return days === 'never' ? null : days;
}

/** A commander argument parser for a decimal number that is at least `min` (and above it when `exclusive`). */
export function decimalNumber(
  min: number,
  options: { exclusive?: boolean; max?: number } = {},
): (value: string) => number {
  return (value) => {
    const number = Number(value.trim());
    const tooLow = options.exclusive === true ? number <= min : number < min;
    if (
      value.trim() === '' ||
      !Number.isFinite(number) ||
      tooLow ||
      number > (options.max ?? Number.POSITIVE_INFINITY)
    ) {
      const range = options.max === undefined ? '' : ` and at most ${options.max}`;
      throw new InvalidArgumentError(
        `Give a number ${options.exclusive === true ? 'above' : 'of at least'} ${min}${range}.`,
      );
    }
    return number;
  };
}

/** A commander argument parser for an `http://` or `https://` URL, such as an S3-compatible endpoint. */
export function httpUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new InvalidArgumentError('Give a full URL, such as https://s3.example.com or http://127.0.0.1:9000.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidArgumentError('Give an http:// or https:// URL.');
  }
  return value.trim();
}

/** A commander argument parser for a 12-digit AWS account ID. */
export function accountId(value: string): string {
  const id = value.trim();
  if (!/^\d{12}$/.test(id)) throw new InvalidArgumentError('An AWS account ID is 12 digits.');
  return id;
}
