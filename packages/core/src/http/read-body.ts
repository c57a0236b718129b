import type { z } from 'zod';
import { SosError } from '../errors';

/** The largest JSON body most routes read: 64 KiB. */
export const MAX_BODY_BYTES = 64 * 1024;
/** The largest body of a multipart completion, which lists up to 10,000 parts: 1 MiB. */
export const MAX_COMPLETE_BODY_BYTES = 1024 * 1024;

const tooLarge = (limit: number): SosError =>
  new SosError('BODY_TOO_LARGE', `The request body is larger than ${limit} bytes.`, {
    hint: 'Send file descriptions only; the files themselves go straight to S3.',
  });

/** Reads a JSON body, refusing bodies over the limit without buffering them whole. */
async function readJson(request: Request, limit: number): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) throw tooLarge(limit);
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (request.body !== null) {
    for await (const chunk of request.body) {
      total += chunk.byteLength;
      if (total > limit) throw tooLarge(limit);
      chunks.push(chunk);
    }
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new SosError('INVALID_JSON', 'The request body is not valid JSON.', {
      hint: 'Send a JSON object with the header Content-Type: application/json.',
    });
  }
}

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
export async function readBody<T>(request: Request, schema: z.ZodType<T>, limit = MAX_BODY_BYTES): Promise<T> {
  return parseInput(await readJson(request, limit), schema, 'request body');
}
