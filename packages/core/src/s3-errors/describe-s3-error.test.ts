import { S3ServiceException } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '../errors';
import { describeS3Error } from './describe-s3-error';

/** What `fetch` throws when the network fails: a TypeError whose cause says why. */
const fetchFailure = (cause: unknown): TypeError => Object.assign(new TypeError('fetch failed'), { cause });
const networkCause = (code: string): Error => Object.assign(new Error(code), { code });
const s3Error = (name: string, status: number): S3ServiceException =>
  new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status } });

describe('describeS3Error', () => {
  it.each([
    ['ECONNREFUSED', 'S3_CONNECTION_REFUSED'],
    ['ENOTFOUND', 'S3_DNS_FAILURE'],
    ['EAI_AGAIN', 'S3_DNS_FAILURE'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'S3_TLS_FAILURE'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'S3_TLS_FAILURE'],
    ['UND_ERR_CONNECT_TIMEOUT', 'S3_TIMEOUT'],
    ['UND_ERR_HEADERS_TIMEOUT', 'S3_TIMEOUT'],
    ['EHOSTUNREACH', 'S3_CONNECTION_REFUSED'],
  ])('reads the code %s from the cause of a fetch failure: %s', (code, expected) => {
    expect(describeS3Error(fetchFailure(networkCause(code)))).toMatchObject({ code: expected, cause: code });
  });

  it('reads the code of the first attempt when fetch tried several addresses (AggregateError)', () => {
    const cause = Object.assign(new AggregateError([networkCause('ECONNREFUSED'), networkCause('ECONNREFUSED')]), {
      code: undefined,
    });
    expect(describeS3Error(fetchFailure(cause))).toMatchObject({
      code: 'S3_CONNECTION_REFUSED',
      cause: 'ECONNREFUSED',
    });
  });

  it('names a port fetch refuses to connect to (its "bad port", a browser’s ERR_UNSAFE_PORT), with the port', () => {
    const problem = describeS3Error(fetchFailure(new Error('bad port')), { endpoint: 'http://127.0.0.1:1' });
    expect(problem).toMatchObject({ code: 'S3_PORT_BLOCKED', cause: 'ERR_UNSAFE_PORT' });
    expect(problem.message).toMatch(/^Browsers refuse to connect to port 1,/);
    expect(problem.hint).toMatch(/another port/);
    expect(ERROR_STATUS[problem.code]).toBe(502);
  });

  it('tells a plain-HTTP answer to a secure connection from a certificate problem', () => {
    const problem = describeS3Error(fetchFailure(networkCause('ERR_SSL_WRONG_VERSION_NUMBER')));
    expect(problem.message).toMatch(/does not speak HTTPS/);
    expect(problem.hint).toMatch(/http:\/\//);
    expect(describeS3Error(fetchFailure(networkCause('CERT_HAS_EXPIRED'))).message).toMatch(/certificate/);
  });

  it('does not call a reset connection a refused one', () => {
    expect(describeS3Error(fetchFailure(networkCause('ECONNRESET'))).message).toBe(
      'The S3 endpoint closed the connection without answering.',
    );
    expect(describeS3Error(fetchFailure(networkCause('ECONNREFUSED'))).message).toBe(
      'The S3 endpoint refused the connection.',
    );
  });

  it('shows the error name in the message of an unexpected answer, as its hint asks the reader to note it', () => {
    const problem = describeS3Error(s3Error('WeirdThing', 400));
    expect(problem).toMatchObject({ code: 'S3_UNEXPECTED_RESPONSE', cause: 'WeirdThing' });
    expect(problem.message).toBe('S3 answered in an unexpected way (WeirdThing).');
    expect(problem.hint).toMatch(/note the error name/);
  });

  it.each(['http://127.0.0.1:9000', 'https://minio.example.com', 'https://abc123.r2.cloudflarestorage.com'])(
    'speaks of the storage service, not AWS, for the endpoint %s',
    (endpoint) => {
      for (const name of ['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'RequestTimeTooSkewed']) {
        const problem = describeS3Error(s3Error(name, 403), { endpoint });
        expect(`${problem.message} ${problem.hint}`).not.toMatch(/\bAWS\b|IAM user|AKIA/);
      }
      expect(describeS3Error(s3Error('InvalidAccessKeyId', 403), { endpoint }).message).toBe(
        'The storage service does not know this access key ID.',
      );
    },
  );

  it.each([undefined, 'https://s3.eu-central-1.amazonaws.com', 'https://s3.cn-north-1.amazonaws.com.cn'])(
    'keeps AWS in the words for Amazon S3 (endpoint %s)',
    (endpoint) => {
      expect(describeS3Error(s3Error('InvalidAccessKeyId', 403), { endpoint }).message).toBe(
        'AWS does not know this access key ID.',
      );
    },
  );

  it('names no function of the library in the hints a person reads', () => {
    for (const name of ['NoSuchUpload', 'InvalidPart', 'InvalidAccessKeyId', 'Weird']) {
      expect(describeS3Error(name).hint).not.toMatch(/createMultipartUpload|planParts|details\./);
    }
  });
});
