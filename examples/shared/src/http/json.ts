import type { z } from 'zod';
import { AppError } from './app-error';

const MAX_JSON_BYTES = 64 * 1024;

/** A JSON answer that no cache keeps. */
export function json(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
}

/** Reads a JSON body of at most 64 KiB and checks it against `schema`, or throws a 400 in words. */
export async function readJson<Schema extends z.ZodType>(request: Request, schema: Schema): Promise<z.infer<Schema>> {
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_JSON_BYTES) {
    throw new AppError(413, 'BODY_TOO_LARGE', 'The request is too large.', { hint: 'Send the form fields only.' });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError(400, 'INVALID_JSON', 'The request is not JSON.', { hint: 'Send the form as JSON.' });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    const where = issue?.path.join('.') || 'the body';
    throw new AppError(400, 'INVALID_INPUT', `The request does not have the expected fields (${where}).`, {
      hint: issue?.message ?? 'Send the fields the page sends.',
    });
  }
  return parsed.data;
}
