import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { S3ClientCache } from '../connection';
import { putObject, type UploadProgress } from './put-object';

const connection = {
  bucket: 'lab-uploads',
  region: 'eu-central-1',
  credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
  prefix: 'acme',
};
const clients = new S3ClientCache();
const s3 = mockClient(S3Client);
const denied = (name = 'AccessDenied') =>
  new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 403 } });

afterEach(() => s3.reset());

describe('putObject', () => {
  it('uploads a small buffer with one PutObject, its type and metadata, and reports progress', async () => {
    s3.on(PutObjectCommand).resolves({ ETag: '"e1"' });
    const progress: UploadProgress[] = [];
    const result = await putObject({
      connection,
      key: 'acme/orders/A-17/order.pdf',
      body: Buffer.from('%PDF-1.7'),
      contentType: 'application/pdf',
      metadata: { OrderId: 'A-17' },
      onProgress: (event) => progress.push(event),
      clients,
    });
    expect(result).toEqual({
      bucket: 'lab-uploads',
      key: 'acme/orders/A-17/order.pdf',
      etag: '"e1"',
      versionId: undefined,
    });
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toMatchObject({
      Bucket: 'lab-uploads',
      Key: 'acme/orders/A-17/order.pdf',
      ContentType: 'application/pdf',
      Metadata: { orderid: 'A-17' },
    });
    expect(progress.at(-1)).toEqual({ loaded: 8, total: 8 });
  });

  it('maps a refused PutObject to S3_ACCESS_DENIED', async () => {
    s3.on(PutObjectCommand).rejects(denied());
    await expect(
      putObject({ connection, key: 'acme/a.pdf', body: 'x', contentType: 'application/pdf', clients }),
    ).rejects.toMatchObject({ code: 'S3_ACCESS_DENIED', status: 403 });
  });

  it('reports the part that failed, not the refused abort, when a multipart upload fails', async () => {
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u-1' });
    s3.on(UploadPartCommand).rejects(denied('SignatureDoesNotMatch'));
    s3.on(AbortMultipartUploadCommand).rejects(denied());
    const body = Readable.from([Buffer.alloc(6 * 1024 ** 2, 1)]);
    await expect(
      putObject({
        connection,
        key: 'acme/big.bin',
        body,
        contentType: 'application/octet-stream',
        partSize: 5 * 1024 ** 2,
        clients,
      }),
    ).rejects.toMatchObject({ code: 'S3_SIGNATURE_MISMATCH', message: expect.stringContaining('secret') });
    expect(s3.commandCalls(AbortMultipartUploadCommand)[0]?.args[0].input).toEqual({
      Bucket: 'lab-uploads',
      Key: 'acme/big.bin',
      UploadId: 'u-1',
    });
  });

  it('stops at once for an already aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      putObject({
        connection,
        key: 'acme/a',
        body: 'x',
        contentType: 'text/plain',
        signal: controller.signal,
        clients,
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(s3.calls()).toHaveLength(0);
  });

  it.each([
    ['a key outside the prefix', { key: 'other/a' }, 'KEY_OUTSIDE_PREFIX'],
    ['parts under 5 MiB', { partSize: 1024 }, 'INVALID_INPUT'],
    ['no parallelism', { queueSize: 0 }, 'INVALID_INPUT'],
    ['non-ASCII metadata', { metadata: { name: 'Müller' } }, 'INVALID_INPUT'],
  ])('refuses %s before sending anything', async (_case, override, code) => {
    await expect(
      putObject({ connection, key: 'acme/a', body: 'x', contentType: 'text/plain', clients, ...override }),
    ).rejects.toMatchObject({ code });
    expect(s3.calls()).toHaveLength(0);
  });
});
