import { inspect } from 'node:util';
import { S3ServiceException } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { SosError } from '../errors';
import { ScrubbedError } from '../redaction';
import { type S3Operation, s3OperationError } from './s3-operation-error';

const s3Error = (name: string, status: number): S3ServiceException =>
  new S3ServiceException({ name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status } });

describe('s3OperationError', () => {
  it.each<[S3Operation, string, number, string]>([
    ['ListParts', 'AccessDenied', 403, 'MULTIPART_PERMISSION_MISSING'],
    ['AbortMultipartUpload', 'AccessDenied', 403, 'MULTIPART_PERMISSION_MISSING'],
    ['PutObject', 'AccessDenied', 403, 'S3_ACCESS_DENIED'],
    ['CreateMultipartUpload', 'InvalidAccessKeyId', 403, 'S3_INVALID_ACCESS_KEY_ID'],
    ['PutObject', 'SignatureDoesNotMatch', 403, 'S3_SIGNATURE_MISMATCH'],
    ['PutObject', 'ExpiredToken', 400, 'CREDENTIALS_EXPIRED'],
    ['CompleteMultipartUpload', 'NoSuchUpload', 404, 'NO_SUCH_UPLOAD'],
    ['CompleteMultipartUpload', 'InvalidPart', 400, 'INVALID_PARTS'],
    ['CompleteMultipartUpload', 'EntityTooSmall', 400, 'INVALID_PARTS'],
    ['ListParts', 'MethodNotAllowed', 405, 'S3_OPERATION_UNSUPPORTED'],
    ['PutObject', 'SlowDown', 503, 'S3_SERVER_ERROR'],
    ['PutObject', 'NoSuchBucket', 404, 'S3_NO_SUCH_BUCKET'],
    ['PutObject', 'Weird', 400, 'S3_UNEXPECTED_RESPONSE'],
  ])('maps %s failing with %s (%i) to %s', (operation, name, status, code) => {
    const error = s3OperationError(s3Error(name, status), operation);
    expect(error).toBeInstanceOf(SosError);
    expect(error.code).toBe(code);
    expect(error.hint).toEqual(expect.any(String));
    expect(error.details).toMatchObject({ operation, s3Code: name, status });
  });

  it('names the multipart policy tier and the missing actions in its hint', () => {
    const error = s3OperationError(s3Error('AccessDenied', 403), 'AbortMultipartUpload');
    expect(error.status).toBe(403);
    expect(error.message).toContain('s3:AbortMultipartUpload');
    expect(error.hint).toContain('`multipart` policy tier');
    expect(error.hint).toContain('AbortIncompleteMultipartUpload');
  });

  it('names refused connections and timeouts, with a 5xx status', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(s3OperationError(refused, 'PutObject')).toMatchObject({ code: 'S3_CONNECTION_REFUSED', status: 503 });
    const timeout = Object.assign(new Error('timed out'), { name: 'TimeoutError' });
    expect(s3OperationError(timeout, 'UploadPart')).toMatchObject({ code: 'S3_TIMEOUT', status: 504 });
  });

  it('keeps a scrubbed copy of the SDK error as the cause and never copies its message', () => {
    const original = Object.assign(s3Error('AccessDenied', 403), { message: 'User arn:aws:iam::1:user/x denied' });
    const error = s3OperationError(original, 'PutObject');
    expect(error.cause).toBeInstanceOf(ScrubbedError);
    expect(error.cause).toMatchObject({
      name: 'AccessDenied',
      message: original.message,
      $metadata: { httpStatusCode: 403 },
    });
    expect(JSON.stringify(error.toJSON())).not.toContain('arn:aws');
  });

  it('leaves behind what S3 echoes of the request, such as the session token in the canonical request', () => {
    const token = 'IQoJb3JpZ2luX2VjEcAnArYtOkEn0123456789abcdef==';
    const original = Object.assign(s3Error('SignatureDoesNotMatch', 403), {
      CanonicalRequest: `PUT\n/k\n\nx-amz-security-token:${token}`,
      SignatureProvided: 'f'.repeat(64),
    });
    const error = s3OperationError(original, 'PutObject');
    expect(error.code).toBe('S3_SIGNATURE_MISMATCH');
    expect(inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true })).not.toContain(token);
  });

  it('passes a SosError through unchanged', () => {
    const original = new SosError('INVALID_PARTS', 'x');
    expect(s3OperationError(original, 'CompleteMultipartUpload')).toBe(original);
  });
});
