import type { S3Client } from '@aws-sdk/client-s3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FastBucketEndpoint } from './bucket-endpoint';
import { sortHeaderNames, UrlSigner } from './url-signer';

const endpoint: FastBucketEndpoint = {
  kind: 'fast',
  origin: 'https://lab.s3.eu-central-1.amazonaws.com',
  host: 'lab.s3.eu-central-1.amazonaws.com',
  basePath: '',
  signingRegion: 'eu-central-1',
  signingService: 's3',
};
const credentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  sessionToken: 'FwoGZXIvYXdzEJr//////////wEaDH+token=',
};
const newSigner = (): UrlSigner =>
  new UrlSigner({} as S3Client, credentials, () => Promise.reject(new Error('no endpoint lookups in this test')));

describe('sortHeaderNames (property)', () => {
  it('orders any names as Array#sort does', () => {
    const name = fc.oneof(
      fc.constantFrom('host', 'content-length', 'content-type', 'content-md5', 'x-amz-meta-a', 'x-amz-meta-A'),
      fc.string({ maxLength: 12 }),
      fc.string({ unit: 'binary', maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(name, { maxLength: 40 }), (names) => {
        expect(sortHeaderNames([...names])).toEqual([...names].sort());
      }),
      { numRuns: 5000 },
    );
  });
});

describe('UrlSigner.sign, reusing the query head of the last signing time and lifetime', () => {
  it('signs as a new signer would while the time and the lifetime change in any order', () => {
    const signer = newSigner();
    const times = [
      new Date('2026-03-01T10:00:00.000Z'),
      new Date('2026-03-01T10:00:00.999Z'),
      new Date('2026-03-01T10:00:01.000Z'),
      new Date('2026-03-02T00:00:00.000Z'),
    ];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...times), fc.constantFrom(1, 900, 604_800)), { minLength: 1, maxLength: 8 }),
        (calls) => {
          for (const [signingDate, expiresIn] of calls) {
            const request = {
              bucket: 'lab',
              key: 'tenant-a/a b.stl',
              headers: { 'content-type': 'model/stl' },
              contentLength: 48_213,
              expiresIn,
              signingDate,
            };
            expect(signer.sign(endpoint, request)).toBe(newSigner().sign(endpoint, request));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
