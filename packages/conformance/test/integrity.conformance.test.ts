// Binding an upload to its bytes, on Ceph RGW.
import { createHash } from 'node:crypto';
import { presignPut } from '@sos/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { connectionFor, createBucket, httpOutcome, rgw, unique } from './rgw';

let bucket: string;
beforeAll(async () => {
  bucket = await createBucket(unique('sos-integrity'));
});

describe('presignPut integrity options on RGW', () => {
  it('contentMd5: the right bytes are stored, other bytes of the same length are refused with BadDigest', async () => {
    const connection = connectionFor(bucket, rgw.admin);
    const bytes = Buffer.from('intraoral scan, 42 bytes of it............');
    const contentMd5 = createHash('md5').update(bytes).digest('base64');
    const upload = await presignPut({
      connection,
      key: 'scan.stl',
      contentType: 'model/stl',
      contentLength: bytes.length,
      contentMd5,
    });
    const tampered = Buffer.from(bytes);
    tampered[0] = 0x49;
    expect(await httpOutcome(await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: tampered }))).toBe(
      'BadDigest',
    );
    expect(await httpOutcome(await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: bytes }))).toBe(
      'OK',
    );
  });

  it('contentLength: a body of another length is refused', async () => {
    const connection = connectionFor(bucket, rgw.admin);
    const upload = await presignPut({
      connection,
      key: 'sized.bin',
      contentType: 'application/octet-stream',
      contentLength: 10,
    });
    const response = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: 'eleven byte' });
    expect(response.ok).toBe(false);
    expect(
      await httpOutcome(await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: 'ten bytes!' })),
    ).toBe('OK');
  });

  it('RGW artefact: checksumSha256 is signed but RGW 16 does not verify the bytes against it (AWS does)', async () => {
    const connection = connectionFor(bucket, rgw.admin);
    const checksumSha256 = createHash('sha256').update('the real bytes').digest('base64');
    const upload = await presignPut({
      connection,
      key: 'sha.bin',
      contentType: 'application/octet-stream',
      checksumSha256,
    });
    // Changing the signed header is refused; the bytes themselves are not checked by this engine.
    const otherHeader = {
      ...upload.headers,
      'x-amz-checksum-sha256': createHash('sha256').update('x').digest('base64'),
    };
    expect(await httpOutcome(await fetch(upload.url, { method: 'PUT', headers: otherHeader, body: 'x' }))).toBe(
      'SignatureDoesNotMatch',
    );
    expect(
      await httpOutcome(await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: 'other bytes' })),
    ).toBe('OK');
  });
});
