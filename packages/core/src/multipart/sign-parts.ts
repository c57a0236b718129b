import { defaultClientCache, isRoleConnection } from '../connection';
import { SosError } from '../errors';
import { expiresAtOf, type PartToSign, type PresignRequest, resolveExpiresIn, urlSignerFor } from '../presign';
import { resolveConnection } from '../roles';
import { assertPartNumbers } from './part-numbers';
import { MAX_PARTS, type PartPlan } from './plan-parts';
import { assertTarget, type MultipartTarget } from './target';

/** Input of {@link signParts}. */
export interface SignPartsInput extends MultipartTarget {
  /** The parts to sign URLs for, e.g. all of them at once, or the next batch. */
  partNumbers: readonly number[];
  /**
   * The plan from `planParts(size)`, computed on your server from the checked
   * file size (never taken from the browser). When given, each part's exact
   * size is signed: S3 refuses a part of any other length, so the object
   * cannot grow past the planned size.
   */
  plan?: PartPlan;
  /**
   * How long the URLs work, in seconds (1 to 604800).
   * @default 900
   */
  expiresIn?: number;
  /**
   * The signing time.
   * @default the current time
   */
  now?: Date;
}

/** What the browser sends for one part. */
export interface SignedPart {
  partNumber: number;
  method: 'PUT';
  url: string;
  /**
   * Headers to set: none. Content-Type must not be sent for parts; a signed
   * `content-length` is sent by fetch from the body, which must be exactly
   * `size` bytes.
   */
  headers: Record<string, string>;
  /** The exact size to send, when a plan was given. */
  size?: number;
}

/** Signed URLs for a batch of parts. */
export interface SignedParts {
  bucket: string;
  key: string;
  uploadId: string;
  parts: SignedPart[];
  /** When the URLs stop working. */
  expiresAt: Date;
}

/**
 * Signs PUT URLs for many parts of a multipart upload in one call, with no
 * request to S3: the endpoint is resolved once and each URL costs one
 * SHA-256 and one HMAC. The browser uploads each part and keeps the `ETag`
 * response header (expose it in the bucket's CORS rule) for
 * completeMultipartUpload.
 *
 * @example
 * const plan = planParts(file.size);
 * const { parts } = await signParts({ connection, key, uploadId, partNumbers: plan.parts.map((p) => p.partNumber), plan });
 * // browser: await fetch(parts[i].url, { method: 'PUT', body: file.slice(plan.parts[i].start, plan.parts[i].end) })
 */
export async function signParts(input: SignPartsInput): Promise<SignedParts> {
  const { key, uploadId, plan } = input;
  assertTarget(input.connection, key, uploadId);
  if (plan !== undefined && (!Array.isArray(plan.parts) || plan.parts.length !== plan.partCount)) {
    throw new SosError('INVALID_PARTS', 'The part plan is inconsistent.', {
      hint: 'Pass the plan planParts returned.',
    });
  }
  assertPartNumbers(input.partNumbers, plan?.partCount ?? MAX_PARTS);

  const connection = isRoleConnection(input.connection)
    ? await resolveConnection(input.connection, input.roles)
    : input.connection;
  const now = input.now ?? new Date();
  const expiresIn = resolveExpiresIn(input.expiresIn, connection.credentials, now);
  const signer = urlSignerFor((input.clients ?? defaultClientCache).get(connection), connection.credentials);
  const endpoint = signer.knownEndpoint(connection.bucket) ?? (await signer.endpoint(connection.bucket));
  const toSign: PartToSign[] = input.partNumbers.map((partNumber) => {
    const size = plan?.parts[partNumber - 1]?.size;
    return size === undefined ? { partNumber } : { partNumber, contentLength: size };
  });
  let urls: string[];
  if (endpoint.kind === 'fast') {
    urls = signer.signParts(endpoint, {
      bucket: connection.bucket,
      key,
      uploadId,
      parts: toSign,
      expiresIn,
      signingDate: now,
    });
  } else {
    urls = [];
    for (const { partNumber, contentLength } of toSign) {
      const request: PresignRequest = {
        bucket: connection.bucket,
        key,
        part: { uploadId, partNumber },
        headers: {},
        expiresIn,
        signingDate: now,
      };
      if (contentLength !== undefined) request.contentLength = contentLength;
      urls.push(await signer.presignWithSdk(request));
    }
  }
  const parts = toSign.map(({ partNumber, contentLength }, index): SignedPart => {
    const url = urls[index] ?? '';
    return contentLength === undefined
      ? { partNumber, method: 'PUT', url, headers: {} }
      : { partNumber, method: 'PUT', url, headers: {}, size: contentLength };
  });
  return { bucket: connection.bucket, key, uploadId, parts, expiresAt: expiresAtOf(now, expiresIn) };
}
