import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListPartsCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { S3ClientCache } from '../connection';
import { abortMultipartUpload } from './abort-multipart-upload';
import { checkCompletedParts, completeMultipartUpload } from './complete-multipart-upload';
import { createMultipartUpload } from './create-multipart-upload';
import { listParts } from './list-parts';
import { planParts } from './plan-parts';
import { signParts } from './sign-parts';

const connection = {
  bucket: 'lab-uploads',
  region: 'eu-central-1',
  credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
  prefix: 'acme',
};
const key = 'acme/2026/scan.dcm';
const uploadId = 'VXBsb2FkIElE-example';
const clients = new S3ClientCache();
const s3 = mockClient(S3Client);
const accessDenied = () =>
  new S3ServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 } });

beforeEach(() => s3.reset());
afterEach(() => s3.reset());

describe('createMultipartUpload', () => {
  it('starts an upload with the content type and validated metadata, and returns its ID', async () => {
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: uploadId });
    const upload = await createMultipartUpload({
      connection,
      key,
      contentType: 'application/dicom',
      metadata: { OrderId: 'A-17' },
      clients,
    });
    expect(upload).toEqual({ bucket: 'lab-uploads', key, uploadId });
    expect(s3.commandCalls(CreateMultipartUploadCommand)[0]?.args[0].input).toEqual({
      Bucket: 'lab-uploads',
      Key: key,
      ContentType: 'application/dicom',
      Metadata: { orderid: 'A-17' },
    });
  });

  it('refuses a key outside the prefix before calling S3', async () => {
    await expect(
      createMultipartUpload({ connection, key: 'other/x', contentType: 'a/b', clients }),
    ).rejects.toMatchObject({ code: 'KEY_OUTSIDE_PREFIX' });
    expect(s3.calls()).toHaveLength(0);
  });
});

describe('signParts', () => {
  const now = new Date('2026-03-01T10:00:00Z');

  it('signs many part URLs in one call, without any request to S3', async () => {
    const partNumbers = Array.from({ length: 500 }, (_, i) => i + 1);
    const signed = await signParts({ connection, key, uploadId, partNumbers, now, clients });
    expect(s3.calls()).toHaveLength(0);
    expect(signed.parts).toHaveLength(500);
    expect(signed.expiresAt.toISOString()).toBe('2026-03-01T10:15:00.000Z');
    const url = new URL(signed.parts[41]?.url ?? '');
    expect(url.searchParams.get('partNumber')).toBe('42');
    expect(url.searchParams.get('uploadId')).toBe(uploadId);
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
    expect(signed.parts[41]).toMatchObject({ partNumber: 42, method: 'PUT', headers: {} });
  });

  it('signs each part’s exact size from the plan, so the object cannot grow past it', async () => {
    const plan = planParts(12 * 1024 ** 2, { partSize: 5 * 1024 ** 2 });
    const signed = await signParts({ connection, key, uploadId, partNumbers: [3, 1], plan, now, clients });
    expect(signed.parts.map((part) => part.size)).toEqual([2 * 1024 ** 2, 5 * 1024 ** 2]);
    expect(new URL(signed.parts[0]?.url ?? '').searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;host');
    await expect(signParts({ connection, key, uploadId, partNumbers: [4], plan, clients })).rejects.toMatchObject({
      code: 'INVALID_PARTS',
    });
  });

  it.each([
    ['no parts', []],
    ['part 0', [0]],
    ['part 10,001', [10_001]],
    ['a fraction', [1.5]],
    ['a duplicate', [2, 2]],
  ])('refuses %s with INVALID_PARTS', async (_case, partNumbers) => {
    await expect(signParts({ connection, key, uploadId, partNumbers, clients })).rejects.toMatchObject({
      code: 'INVALID_PARTS',
    });
  });

  it('refuses an empty upload ID with INVALID_INPUT', async () => {
    await expect(signParts({ connection, key, uploadId: '', partNumbers: [1], clients })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });
});

describe('completeMultipartUpload', () => {
  it('sends the parts sorted by number', async () => {
    s3.on(CompleteMultipartUploadCommand).resolves({ ETag: '"abc-2"' });
    const done = await completeMultipartUpload({
      connection,
      key,
      uploadId,
      parts: [
        { partNumber: 2, etag: '"b"' },
        { partNumber: 1, etag: '"a"' },
      ],
      clients,
    });
    expect(done).toEqual({ bucket: 'lab-uploads', key, etag: '"abc-2"' });
    expect(s3.commandCalls(CompleteMultipartUploadCommand)[0]?.args[0].input.MultipartUpload).toEqual({
      Parts: [
        { PartNumber: 1, ETag: '"a"' },
        { PartNumber: 2, ETag: '"b"' },
      ],
    });
  });

  it('maps S3 refusing the parts to INVALID_PARTS and a vanished upload to NO_SUCH_UPLOAD', async () => {
    s3.on(CompleteMultipartUploadCommand)
      .rejectsOnce(
        new S3ServiceException({ name: 'InvalidPart', $fault: 'client', $metadata: { httpStatusCode: 400 } }),
      )
      .rejectsOnce(
        new S3ServiceException({ name: 'NoSuchUpload', $fault: 'client', $metadata: { httpStatusCode: 404 } }),
      );
    const input = { connection, key, uploadId, parts: [{ partNumber: 1, etag: '"a"' }], clients };
    await expect(completeMultipartUpload(input)).rejects.toMatchObject({ code: 'INVALID_PARTS' });
    await expect(completeMultipartUpload(input)).rejects.toMatchObject({ code: 'NO_SUCH_UPLOAD', status: 404 });
  });
});

describe('checkCompletedParts', () => {
  it.each([
    ['no parts', []],
    [
      'a duplicate part number',
      [
        { partNumber: 1, etag: 'a' },
        { partNumber: 1, etag: 'b' },
      ],
    ],
    ['part number 0', [{ partNumber: 0, etag: 'a' }]],
    ['part number 10,001', [{ partNumber: 10_001, etag: 'a' }]],
    ['a missing ETag', [{ partNumber: 1, etag: '' }]],
    ['an ETag of spaces', [{ partNumber: 1, etag: '   ' }]],
    ['more than 10,000 parts', Array.from({ length: 10_001 }, (_, i) => ({ partNumber: i + 1, etag: 'a' }))],
  ])('refuses %s with INVALID_PARTS before calling S3', (_case, parts) => {
    expect(() => checkCompletedParts(parts)).toThrow(expect.objectContaining({ code: 'INVALID_PARTS' }));
  });

  it('returns the parts sorted', () => {
    expect(
      checkCompletedParts([
        { partNumber: 3, etag: 'c' },
        { partNumber: 1, etag: 'a' },
      ]).map((part) => part.partNumber),
    ).toEqual([1, 3]);
  });
});

describe('listParts and abortMultipartUpload with the seed’s PutObject-only policy', () => {
  it('turn AccessDenied into MULTIPART_PERMISSION_MISSING with a hint naming the multipart tier', async () => {
    s3.on(ListPartsCommand).rejects(accessDenied());
    s3.on(AbortMultipartUploadCommand).rejects(accessDenied());
    for (const call of [listParts, abortMultipartUpload]) {
      await expect(call({ connection, key, uploadId, clients })).rejects.toMatchObject({
        code: 'MULTIPART_PERMISSION_MISSING',
        status: 403,
        hint: expect.stringContaining('`multipart` policy tier'),
      });
    }
  });
});

describe('listParts', () => {
  it('follows pagination and returns the parts in order', async () => {
    s3.on(ListPartsCommand)
      .resolvesOnce({
        Parts: [{ PartNumber: 2, ETag: '"b"', Size: 5 }],
        IsTruncated: true,
        NextPartNumberMarker: '2',
      })
      .resolvesOnce({ Parts: [{ PartNumber: 1, ETag: '"a"', Size: 7 }], IsTruncated: false });
    expect(await listParts({ connection, key, uploadId, clients })).toEqual([
      { partNumber: 1, etag: '"a"', size: 7 },
      { partNumber: 2, etag: '"b"', size: 5 },
    ]);
    expect(s3.commandCalls(ListPartsCommand)[1]?.args[0].input.PartNumberMarker).toBe('2');
  });
});
