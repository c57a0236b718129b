import type { z } from 'zod';
import { SosError } from '../errors';
import type { Exchange } from './exchange';

/** The largest JSON body most routes read: 64 KiB. */
export const MAX_BODY_BYTES = 64 * 1024;
/** The largest body of a multipart completion, which lists up to 10,000 parts: 1 MiB. */
export const MAX_COMPLETE_BODY_BYTES = 1024 * 1024;

/** Validates a value against a schema, raising the first useful problem as `INVALID_INPUT`. */
export function parseInput<T>(value: unknown, schema: z.ZodType<T>, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  throw new SosError('INVALID_INPUT', `Invalid ${what}${where}: ${issue?.message ?? 'unexpected shape'}.`, {
    hint: 'Check the request against the sos HTTP API in the @sos/core README.',
  });
}

/** Reads and validates a JSON body. */
export async function readBody<T>(exchange: Exchange, schema: z.ZodType<T>, limit = MAX_BODY_BYTES): Promise<T> {
  return parseInput(await exchange.readJson(limit), schema, 'request body');
}
