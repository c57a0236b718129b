import type { z } from 'zod';
import { SosError } from '../errors';

/** The largest JSON body the handler reads: 64 KiB. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Reads a JSON body, refusing bodies over the limit without buffering them whole. */
async function readJson(request: Request): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (request.body !== null) {
    for await (const chunk of request.body) {
      total += chunk.byteLength;
      if (total > MAX_BODY_BYTES) throw tooLarge();
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

const tooLarge = (): SosError =>
  new SosError('BODY_TOO_LARGE', `The request body is larger than ${MAX_BODY_BYTES} bytes.`, {
    hint: 'Send file descriptions only; the files themselves go straight to S3.',
  });

/** Reads and validates a JSON body, raising the first useful problem as `INVALID_INPUT`. */
export async function readBody<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
  const result = schema.safeParse(await readJson(request));
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  throw new SosError('INVALID_INPUT', `Invalid request body${where}: ${issue?.message ?? 'unexpected shape'}.`, {
    hint: 'Check the request body against the sos HTTP API documentation.',
  });
}
