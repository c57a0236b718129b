import { describe, expect, it } from 'vitest';
import { asUploadError, errorFromAnswer, isExpired, isSosUploadError, SosUploadError } from './errors';

const s3Xml = (code: string, message: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>`;

describe('errorFromAnswer', () => {
  it('reads sos JSON errors: code, message, hint and status; 4xx are not retryable', () => {
    const error = errorFromAnswer(
      415,
      JSON.stringify({
        error: { code: 'FILE_TYPE_NOT_ALLOWED', message: 'a.exe is not allowed.', hint: 'Pick an image.' },
      }),
      'sos',
    );
    expect(error).toMatchObject({
      name: 'SosUploadError',
      code: 'FILE_TYPE_NOT_ALLOWED',
      message: 'a.exe is not allowed.',
      hint: 'Pick an image.',
      status: 415,
      source: 'sos',
      retryable: false,
    });
    expect(error).toBeInstanceOf(SosUploadError);
    expect(error).toBeInstanceOf(Error);
  });

  it('makes sos 5xx and 429 retryable', () => {
    const body = JSON.stringify({ error: { code: 'INTERNAL_ERROR', message: 'The upload server failed.' } });
    expect(errorFromAnswer(500, body, 'sos').retryable).toBe(true);
    expect(
      errorFromAnswer(429, JSON.stringify({ error: { code: 'RATE_LIMITED', message: 'Slow down.' } }), 'sos'),
    ).toMatchObject({
      code: 'RATE_LIMITED',
      retryable: true,
    });
  });

  it('reads S3 XML errors with a regex: code, message with entities decoded, source s3', () => {
    const error = errorFromAnswer(
      403,
      s3Xml('SignatureDoesNotMatch', 'The request signature we calculated does not match &amp; &lt;check&gt; your key'),
      's3',
    );
    expect(error).toMatchObject({
      code: 'SignatureDoesNotMatch',
      message: 'The request signature we calculated does not match & <check> your key',
      status: 403,
      source: 's3',
      retryable: false,
    });
  });

  it.each([
    ['SlowDown', 503],
    ['ServiceUnavailable', 503],
    ['InternalError', 500],
    ['RequestTimeout', 400],
    ['Throttling', 400],
    ['ThrottlingException', 400],
    ['RequestLimitExceeded', 400],
  ])('retries S3 %s (status %i)', (code, status) => {
    expect(errorFromAnswer(status, s3Xml(code, 'Please reduce your request rate.'), 's3').retryable).toBe(true);
  });

  it.each(['AccessDenied', 'InvalidAccessKeyId', 'EntityTooLarge', 'BadDigest', 'NoSuchUpload'])(
    'does not retry S3 %s',
    (code) => {
      expect(errorFromAnswer(code === 'NoSuchUpload' ? 404 : 400, s3Xml(code, 'No.'), 's3').retryable).toBe(false);
    },
  );

  it('answers HTTP_ERROR, retryable by status, for a body it cannot read', () => {
    expect(errorFromAnswer(502, '<html>Bad gateway</html>', 'sos')).toMatchObject({
      code: 'HTTP_ERROR',
      source: 'sos',
      status: 502,
      retryable: true,
    });
    expect(errorFromAnswer(400, '', 's3')).toMatchObject({ code: 'HTTP_ERROR', source: 's3', retryable: false });
  });
});

describe('isExpired', () => {
  it('recognises the 403 S3 answers for an expired presigned URL, and nothing else', () => {
    expect(isExpired(errorFromAnswer(403, s3Xml('AccessDenied', 'Request has expired'), 's3'))).toBe(true);
    expect(isExpired(errorFromAnswer(403, s3Xml('AccessDenied', 'Access Denied'), 's3'))).toBe(false);
    expect(isExpired(errorFromAnswer(400, s3Xml('AccessDenied', 'Request has expired'), 's3'))).toBe(false);
  });
});

describe('asUploadError', () => {
  it('turns a failed request into a retryable NETWORK_ERROR that names the URL without its signature', () => {
    const url = 'https://lab.s3.amazonaws.com/k?X-Amz-Credential=AKIA&X-Amz-Signature=abc123';
    const error = asUploadError(new TypeError(`request to ${url} failed`), url);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', source: 'network', retryable: true });
    expect(error.message).toContain('https://lab.s3.amazonaws.com/k');
    expect(error.message).not.toMatch(/Signature|Credential|abc123/);
  });

  it('keeps a SosUploadError as it is', () => {
    const error = new SosUploadError('TIMEOUT', 'Stalled.', { source: 'network', retryable: true });
    expect(asUploadError(error)).toBe(error);
  });
});

describe('isSosUploadError', () => {
  it('tells upload errors from other errors', () => {
    expect(isSosUploadError(new SosUploadError('ABORTED', 'Stopped.', { source: 'network' }))).toBe(true);
    expect(isSosUploadError(new Error('x'))).toBe(false);
    expect(isSosUploadError({ name: 'SosUploadError' })).toBe(false);
  });
});
