// The fast signer must give exactly the URLs of the SDK's getSignedUrl. This
// differential test draws thousands of requests (keys with any Unicode,
// spaces and reserved characters, dotted buckets, custom endpoints, regions,
// metadata, sizes, checksums, session tokens) and compares byte for byte.
import { PutObjectCommand, type S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Connection, S3ClientCache } from '../connection';
import { signParts } from '../multipart';
import { presignPut } from './presign-put';
import type { ContentDisposition } from './signed-headers';
import { UrlSigner, urlSignerFor } from './url-signer';

const clients = new S3ClientCache({ maxClients: 50 });
const dates = [
  new Date('2026-03-01T10:00:00.000Z'),
  new Date('2026-12-31T23:59:59.999Z'),
  new Date('2027-07-04T12:34:56.789Z'),
];

const printable = (maxLength: number) =>
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength });

const keySegment = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
  printable(12),
  fc.constantFrom('a b', 'c+d=e&f', "!'()*", '%20', '~', '日本語', 'e\u0301', '🦷', '..a', 'file.STL', '#?', ''),
);
const objectKey = fc
  .array(keySegment, { minLength: 1, maxLength: 6 })
  .map((segments) => segments.join('/'))
  .filter(
    (key) =>
      key.length > 0 &&
      Buffer.byteLength(key) <= 1024 &&
      !/[\p{Cc}\p{Cs}]/u.test(key) &&
      !key.split('/').some((segment) => segment === '.' || segment === '..'),
  );

const connectionArb: fc.Arbitrary<Connection> = fc
  .record({
    bucket: fc.oneof(
      fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,20}[a-z0-9]$/),
      fc.constantFrom('lab-uploads', 'lab.uploads.eu', 'a.b.c', 'acme-dental-0001', 'x1y'),
    ),
    region: fc.constantFrom(
      'us-east-1',
      'us-west-2',
      'eu-central-1',
      'eu-north-1',
      'ap-southeast-2',
      'sa-east-1',
      'cn-north-1',
      'us-gov-west-1',
    ),
    endpoint: fc.option(
      fc.constantFrom(
        'http://127.0.0.1:9000',
        'http://localhost:4566',
        'https://minio.example.com',
        'https://minio.example.com:9443/base/',
        'https://s3.example.com:443',
        'https://0123456789abcdef.r2.cloudflarestorage.com',
        'https://s3.eu-central-003.backblazeb2.com',
        'https://s3.eu-central-1.wasabisys.com',
      ),
      { nil: undefined },
    ),
    forcePathStyle: fc.option(fc.boolean(), { nil: undefined }),
    accessKeyId: fc.constantFrom('AKIAIOSFODNN7EXAMPLE', 'ASIAXAMPLE7QWERTY234', 'minio-user'),
    secretAccessKey: fc.constantFrom('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'secret+with/slash=='),
    sessionToken: fc.option(fc.constantFrom('FwoGZXIvYXdzEJr//////////wEaDH+token=', 'IQoJb3JpZ2luX2Vj/a+b='), {
      nil: undefined,
    }),
  })
  .map(({ bucket, region, endpoint, forcePathStyle, accessKeyId, secretAccessKey, sessionToken }) => ({
    bucket,
    region,
    credentials: { accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }) },
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(forcePathStyle === undefined ? {} : { forcePathStyle }),
  }));

const metadataArb = fc.option(
  fc.dictionary(fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,15}$/), printable(40), { maxKeys: 5 }),
  { nil: undefined },
);
const checksumArb = fc.option(
  fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => Buffer.from(bytes).toString('base64')),
  { nil: undefined },
);
const md5Arb = fc.option(
  fc.uint8Array({ minLength: 16, maxLength: 16 }).map((bytes) => Buffer.from(bytes).toString('base64')),
  { nil: undefined },
);
const typeName = fc.string({
  unit: fc.constantFrom(...'abcxyzABCXYZ0189!#$&^_.+-'.split('')),
  minLength: 1,
  maxLength: 20,
});
/** Types checkContentType accepts, and the normalised form it signs (lower-case). */
const contentTypeArb = fc.oneof(
  fc.constantFrom(
    'model/stl',
    'image/png',
    'application/dicom',
    'text/plain; charset=utf-8',
    'application/octet-stream',
    'Model/STL',
  ),
  fc
    .tuple(typeName, typeName)
    .filter(([type, subtype]) => /^[a-z0-9]/i.test(type) && /^[a-z0-9]/i.test(subtype))
    .map(([type, subtype]) => `${type}/${subtype}`),
);
const dispositionArb = fc.constantFrom<ContentDisposition | undefined>(undefined, 'attachment', 'inline');

/** The URL the SDK gives for the same request, signed the documented way. */
async function sdkPutUrl(
  client: S3Client,
  connection: Connection,
  request: {
    key: string;
    contentType: string;
    contentDisposition?: ContentDisposition | undefined;
    contentLength: number | undefined;
    checksumSha256: string | undefined;
    contentMd5?: string | undefined;
    metadata: Record<string, string> | undefined;
    expiresIn: number;
    now: Date;
  },
): Promise<string> {
  const metadata = Object.fromEntries(Object.entries(request.metadata ?? {}).map(([k, v]) => [k, v.trim()]));
  const command = new PutObjectCommand({
    Bucket: connection.bucket,
    Key: request.key,
    ContentType: request.contentType.toLowerCase(),
    ...(request.contentDisposition === undefined ? {} : { ContentDisposition: request.contentDisposition }),
    ...(request.contentLength === undefined ? {} : { ContentLength: request.contentLength }),
    ...(request.checksumSha256 === undefined
      ? {}
      : { ChecksumAlgorithm: 'SHA256' as const, ChecksumSHA256: request.checksumSha256 }),
    ...(request.contentMd5 === undefined ? {} : { ContentMD5: request.contentMd5 }),
    Metadata: metadata,
  });
  const unhoistable = Object.keys(metadata).map((name) => `x-amz-meta-${name}`);
  if (request.checksumSha256 !== undefined) unhoistable.push('x-amz-checksum-sha256', 'x-amz-sdk-checksum-algorithm');
  return getSignedUrl(client, command, {
    expiresIn: request.expiresIn,
    signingDate: request.now,
    // Content-MD5 set on the command is signed by getSignedUrl itself.
    signableHeaders: new Set(['content-type', 'content-disposition']),
    unhoistableHeaders: new Set(unhoistable),
  });
}

describe('the fast presigner, differentially against getSignedUrl', () => {
  it('gives byte-identical PUT URLs for thousands of random requests', async () => {
    await fc.assert(
      fc.asyncProperty(
        connectionArb,
        objectKey,
        contentTypeArb,
        fc.option(fc.integer({ min: 0, max: 5 * 1024 ** 3 }), { nil: undefined }),
        checksumArb,
        md5Arb,
        metadataArb,
        fc.integer({ min: 1, max: 604_800 }),
        fc.constantFrom(...dates),
        dispositionArb,
        async (
          connection,
          key,
          contentType,
          contentLength,
          checksumSha256,
          contentMd5,
          metadata,
          expiresIn,
          now,
          contentDisposition,
        ) => {
          const client = clients.get(connection);
          expect((await urlSignerFor(client, connection.credentials).endpoint(connection.bucket)).kind).toBe('fast');
          const upload = await presignPut({
            connection,
            key,
            contentType,
            ...(contentDisposition === undefined ? {} : { contentDisposition }),
            ...(contentLength === undefined ? {} : { contentLength }),
            ...(checksumSha256 === undefined ? {} : { checksumSha256 }),
            ...(contentMd5 === undefined ? {} : { contentMd5 }),
            ...(metadata === undefined ? {} : { metadata }),
            expiresIn,
            now,
            clients,
          });
          const expected = await sdkPutUrl(client, connection, {
            key,
            contentType,
            contentDisposition,
            contentLength,
            checksumSha256,
            contentMd5,
            metadata,
            expiresIn,
            now,
          });
          expect(upload.url).toBe(expected);
        },
      ),
      { numRuns: 3000 },
    );
  }, 120_000);

  it('gives byte-identical UploadPart URLs, with and without a signed part size', async () => {
    await fc.assert(
      fc.asyncProperty(
        connectionArb,
        objectKey,
        fc.string({ unit: fc.constantFrom(...'abcXYZ019-_.~+/= '.split('')), minLength: 1, maxLength: 60 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 3 }),
        fc.option(fc.integer({ min: 5 * 1024 ** 2, max: 64 * 1024 ** 2 }), { nil: undefined }),
        fc.integer({ min: 1, max: 604_800 }),
        fc.constantFrom(...dates),
        async (connection, key, rawUploadId, partNumbers, partSize, expiresIn, now) => {
          const uploadId = rawUploadId.trim().replace(/ /g, '_') || 'u';
          const partCount = Math.max(...partNumbers);
          const plan =
            partSize === undefined
              ? undefined
              : {
                  size: partSize * partCount,
                  partSize,
                  partCount,
                  parts: Array.from({ length: partCount }, (_, i) => ({
                    partNumber: i + 1,
                    start: i * partSize,
                    end: (i + 1) * partSize,
                    size: partSize,
                  })),
                };
          const signed = await signParts({
            connection,
            key,
            uploadId,
            partNumbers,
            ...(plan === undefined ? {} : { plan }),
            expiresIn,
            now,
            clients,
          });
          const client = clients.get(connection);
          for (const [index, partNumber] of partNumbers.entries()) {
            const command = new UploadPartCommand({
              Bucket: connection.bucket,
              Key: key,
              UploadId: uploadId,
              PartNumber: partNumber,
              ...(partSize === undefined ? {} : { ContentLength: partSize }),
            });
            const expected = await getSignedUrl(client, command, { expiresIn, signingDate: now });
            expect(signed.parts[index]?.url).toBe(expected);
            if (index === 0) {
              const one = await urlSignerFor(client, connection.credentials).presign({
                bucket: connection.bucket,
                key,
                part: { uploadId, partNumber },
                headers: {},
                ...(partSize === undefined ? {} : { contentLength: partSize }),
                expiresIn,
                signingDate: now,
              });
              expect(one).toBe(expected);
            }
          }
        },
      ),
      { numRuns: 500 },
    );
  }, 120_000);

  it('signs an access point ARN bucket as the SDK does', async () => {
    const connection: Connection = {
      bucket: 'arn:aws:s3:us-west-2:123456789012:accesspoint/lab-uploads',
      region: 'us-west-2',
      credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
    };
    const now = dates[0];
    const upload = await presignPut({ connection, key: 'a b/c.stl', contentType: 'model/stl', now, clients });
    expect(new URL(upload.url).host).toBe('lab-uploads-123456789012.s3-accesspoint.us-west-2.amazonaws.com');
    const request = { key: 'a b/c.stl', contentType: 'model/stl', expiresIn: 900, now } as const;
    expect(upload.url).toBe(
      await sdkPutUrl(clients.get(connection), connection, {
        ...request,
        now: now ?? new Date(),
        contentLength: undefined,
        checksumSha256: undefined,
        metadata: undefined,
      }),
    );
  });

  it('leaves a Multi-Region Access Point (SigV4A) to the SDK instead of signing it wrongly', async () => {
    const connection: Connection = {
      bucket: 'arn:aws:s3::123456789012:accesspoint/mfzwi23gnjvgw.mrap',
      region: 'us-east-1',
      forcePathStyle: false,
      credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
    };
    const endpoint = await urlSignerFor(clients.get(connection), connection.credentials).endpoint(connection.bucket);
    expect(endpoint).toEqual({ kind: 'sdk', reason: 'auth scheme sigv4a' });
  });

  it('signs through getSignedUrl, with the same headers, when a bucket needs the SDK', async () => {
    const connection: Connection = {
      bucket: 'lab-uploads',
      region: 'eu-central-1',
      credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
    };
    const client = clients.get(connection);
    const signer = new UrlSigner(client, connection.credentials, async () => ({ kind: 'sdk', reason: 'test' }));
    const now = new Date('2026-03-01T10:00:00Z');
    const checksumSha256 = Buffer.alloc(32, 7).toString('base64');
    const url = await signer.presign({
      bucket: connection.bucket,
      key: 'k/é',
      headers: {
        'content-type': 'model/stl',
        'x-amz-meta-order': 'A-17',
        'x-amz-checksum-sha256': checksumSha256,
        'x-amz-sdk-checksum-algorithm': 'SHA256',
        'content-md5': Buffer.alloc(16, 9).toString('base64'),
      },
      contentLength: 42,
      expiresIn: 600,
      signingDate: now,
    });
    expect(url).toBe(
      await sdkPutUrl(client, connection, {
        key: 'k/é',
        contentType: 'model/stl',
        contentLength: 42,
        checksumSha256,
        contentMd5: Buffer.alloc(16, 9).toString('base64'),
        metadata: { order: 'A-17' },
        expiresIn: 600,
        now,
      }),
    );
  });
});
