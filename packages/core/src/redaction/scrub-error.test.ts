import { inspect } from 'node:util';
import { S3ServiceException } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { ScrubbedError, scrubError, scrubText } from './scrub-error';

const SECRET = 'cAnArY/SeCrEt+0123456789abcdefghijklmnop';
const TOKEN = 'IQoJb3JpZ2luX2VjEcAnArYtOkEn/0123456789+abcdefghij==';
const SIGNATURE = 'a'.repeat(64);

describe('scrubText', () => {
  it('removes the signature and session token of a presigned URL', () => {
    const url = `https://lab.s3.amazonaws.com/k?X-Amz-Security-Token=${encodeURIComponent(TOKEN)}&X-Amz-Signature=${SIGNATURE}&x-id=PutObject`;
    const scrubbed = scrubText(url);
    expect(scrubbed).toBe(
      'https://lab.s3.amazonaws.com/k?X-Amz-Security-Token=[redacted]&X-Amz-Signature=[redacted]&x-id=PutObject',
    );
  });

  it('removes Authorization headers, canonical requests and credential fields', () => {
    const text = [
      `Authorization: AWS4-HMAC-SHA256 Credential=AKIA/20260301/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=${SIGNATURE}`,
      `<CanonicalRequest>PUT\n/k\n\nhost:x\nx-amz-security-token:${TOKEN}\n</CanonicalRequest>`,
      `{"secretAccessKey":"${SECRET}","sessionToken":"${TOKEN}"}`,
      `aws_secret_access_key = ${SECRET}`,
      `x-amz-security-token: ${TOKEN}`,
    ].join('\n');
    const scrubbed = scrubText(text);
    for (const secret of [SECRET, TOKEN, SIGNATURE]) expect(scrubbed).not.toContain(secret);
    expect(scrubText(`AWS4-HMAC-SHA256 Credential=AKIA/20260301/s3, SignedHeaders=host, Signature=${SIGNATURE}`)).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIA/20260301/s3, SignedHeaders=host, Signature=[redacted]',
    );
  });

  it('removes the given secrets, also URL-encoded, and leaves ordinary prose alone', () => {
    expect(scrubText(`oops ${SECRET} and ${encodeURIComponent(SECRET)}`, [SECRET])).toBe(
      'oops [redacted] and [redacted]',
    );
    const prose = 'The secret access key does not match. The authorization header is malformed.';
    expect(scrubText(prose)).toBe(prose);
  });
});

describe('scrubError', () => {
  const sdkError = (): S3ServiceException => {
    const error = new S3ServiceException({
      name: 'SignatureDoesNotMatch',
      $fault: 'client',
      $metadata: { httpStatusCode: 403, requestId: 'REQ1', extendedRequestId: 'EXT1' },
      message: `The request signature we calculated does not match. Key ${SECRET}`,
    });
    // What the SDK copies from S3's XML answer onto the exception.
    return Object.assign(error, {
      CanonicalRequest: `PUT\n/k\n\nx-amz-security-token:${TOKEN}`,
      StringToSign: 'AWS4-HMAC-SHA256\n…',
      SignatureProvided: SIGNATURE,
      AWSAccessKeyId: 'AKIA2ZQXEXAMPLEBRT6W',
      $response: { headers: { 'x-amz-request-id': 'REQ1' }, body: TOKEN },
    });
  };

  it('keeps the name, status and request IDs, and nothing that could hold a secret', () => {
    const scrubbed = scrubError(sdkError(), [SECRET]) as ScrubbedError;
    expect(scrubbed).toBeInstanceOf(ScrubbedError);
    expect(scrubbed.name).toBe('SignatureDoesNotMatch');
    expect(scrubbed.$fault).toBe('client');
    expect(scrubbed.$metadata).toEqual({ httpStatusCode: 403, requestId: 'REQ1', extendedRequestId: 'EXT1' });
    const printed = [
      inspect(scrubbed, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
      scrubbed.stack ?? '',
      scrubbed.message,
      JSON.stringify(scrubbed),
    ].join('\n');
    for (const secret of [SECRET, TOKEN, SIGNATURE]) expect(printed).not.toContain(secret);
    expect(scrubbed.stack).toMatch(/^SignatureDoesNotMatch: The request signature/);
    expect(scrubbed.stack).toMatch(/\n\s+at /);
  });

  it('scrubs the cause chain and keeps network codes', () => {
    const error = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error(`connect ECONNREFUSED ?X-Amz-Security-Token=${TOKEN}`), { code: 'ECONNREFUSED' }),
    });
    const scrubbed = scrubError(error);
    expect(scrubbed.name).toBe('TypeError');
    expect((scrubbed.cause as ScrubbedError).code).toBe('ECONNREFUSED');
    expect(inspect(scrubbed, { depth: Number.POSITIVE_INFINITY })).not.toContain(TOKEN);
  });

  it('turns thrown non-errors into errors', () => {
    expect(scrubError(`a string with ${SECRET}`, [SECRET]).message).toBe('a string with [redacted]');
    expect(scrubError(undefined).message).toBe('undefined');
  });
});
