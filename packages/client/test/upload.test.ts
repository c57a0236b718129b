// Uploads through a real sos server into the embedded S3 server, read back byte for byte.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUploader, type UploadResult } from '../src';
import { bytesOf, type Harness, MiB, randomFile, recordingFetch, sha256Hex, startHarness } from './harness';

type Done = Extract<UploadResult, { status: 'done' }>;
type Failed = Extract<UploadResult, { status: 'failed' }>;

describe('uploads through a real sos server', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('sends a small file as one PUT, byte-exact, with the headers the server signed', async () => {
    const recorder = recordingFetch();
    const file = randomFile('photo.png', 300 * 1024, 'image/png');
    const task = createUploader({ endpoint: harness.endpoint, fetch: recorder.fetch }).upload([file], {
      metadata: { order: '42' },
    });
    const [result] = (await task) as Done[];
    expect(task.state).toBe('done');
    expect(result).toMatchObject({
      status: 'done',
      bucket: 'lab',
      key: expect.stringMatching(/^uploads\/.*photo\.png$/),
    });
    expect(result?.etag).toMatch(/^".+"$/);
    expect(result?.location).not.toContain('?');
    expect(recorder.kinds()).toEqual(['sos /uploads', 's3 PUT']);
    expect(recorder.log[1]?.headers).toMatchObject({ 'content-type': 'image/png', 'x-amz-meta-order': '42' });
    expect(sha256Hex(await harness.readObject(result?.key ?? ''))).toBe(sha256Hex(await bytesOf(file)));
  });

  it('sends a large file in parts, in parallel, completes it by ticket, byte-exact', async () => {
    const recorder = recordingFetch();
    const file = randomFile('scan.bin', 20 * MiB + 123);
    const [result] = (await createUploader({ endpoint: harness.endpoint, fetch: recorder.fetch }).upload(
      file,
    )) as Done[];
    expect(result?.status).toBe('done');
    expect(recorder.kinds().filter((kind) => kind.startsWith('sos'))).toEqual([
      'sos /uploads',
      'sos /uploads/complete',
    ]);
    expect(
      recorder
        .kinds()
        .filter((kind) => kind.startsWith('s3'))
        .sort(),
    ).toEqual(['s3 part 1', 's3 part 2', 's3 part 3']);
    const complete = recorder.log.find((request) => request.kind === 'sos /uploads/complete')?.json;
    expect(complete?.ticket).toEqual(expect.stringMatching(/^v1\./));
    expect((complete?.parts as { partNumber: number }[] | undefined)?.map((part) => part.partNumber)).toEqual([
      1, 2, 3,
    ]);
    expect(result?.location).toContain(result?.key.split('/').pop());
    const stored = await harness.readObject(result?.key ?? '');
    expect(stored.length).toBe(file.size);
    expect(sha256Hex(stored)).toBe(sha256Hex(await bytesOf(file)));
  });

  it('uploads several files in one task, one POST /uploads for all, results in order', async () => {
    const recorder = recordingFetch();
    const files = [
      randomFile('a.png', 1000, 'image/png'),
      randomFile('b.bin', 7 * MiB),
      randomFile('c.txt', 10, 'text/plain'),
    ];
    const results = (await createUploader({ endpoint: harness.endpoint, fetch: recorder.fetch }).upload(
      files,
    )) as Done[];
    expect(results.map((result) => [result.status, result.file])).toEqual(files.map((file) => ['done', file]));
    expect(recorder.count('sos /uploads')).toBe(1);
    for (const [index, file] of files.entries()) {
      expect(sha256Hex(await harness.readObject(results[index]?.key ?? ''))).toBe(sha256Hex(await bytesOf(file)));
    }
  });

  it('with checksum: sha256, signs the PUT with the file’s SHA-256 and reports it, for parts too', async () => {
    const recorder = recordingFetch();
    const small = randomFile('small.bin', 4096);
    const large = randomFile('large.bin', 9 * MiB);
    const results = (await createUploader({ endpoint: harness.endpoint, fetch: recorder.fetch }).upload(
      [small, large],
      {
        checksum: 'sha256',
      },
    )) as Done[];
    const hexes = [sha256Hex(await bytesOf(small)), sha256Hex(await bytesOf(large))];
    expect(results.map((result) => result.sha256)).toEqual(hexes);
    const sentFiles = recorder.log[0]?.json?.files as { checksumSha256?: string }[];
    expect(sentFiles.map((file) => file.checksumSha256)).toEqual(
      hexes.map((hex) => Buffer.from(hex, 'hex').toString('base64')),
    );
    const put = recorder.log.find((request) => request.kind === 's3 PUT');
    expect(put?.headers['x-amz-checksum-sha256']).toBe(Buffer.from(hexes[0] ?? '', 'hex').toString('base64'));
    // Signed as a header (S3 checks it against the bytes), not hoisted into the query where S3 ignores it.
    expect(new URL(put?.url ?? '').searchParams.get('X-Amz-SignedHeaders')).toContain('x-amz-checksum-sha256');
  });

  it('answers a sos refusal as a typed error with its code and hint, and sends nothing to S3', async () => {
    const recorder = recordingFetch();
    const [result] = (await createUploader({ endpoint: harness.endpoint, fetch: recorder.fetch }).upload(
      randomFile('setup.exe', 100, 'application/x-msdownload'),
    )) as Failed[];
    expect(result?.error).toMatchObject({
      name: 'SosUploadError',
      code: 'FILE_TYPE_NOT_ALLOWED',
      source: 'sos',
      status: 415,
      retryable: false,
      hint: expect.any(String),
    });
    expect(recorder.kinds()).toEqual(['sos /uploads']);
  });

  it('answers a tampered signature with S3’s SignatureDoesNotMatch, not retried, and no signature in the message', async () => {
    const recorder = recordingFetch((request) => {
      if (request.kind === 's3 PUT') {
        const url = new URL(request.url);
        url.searchParams.set('X-Amz-Signature', '0'.repeat(64));
        request.url = url.toString();
      }
      return undefined;
    });
    const [result] = (await createUploader({ endpoint: harness.endpoint, fetch: recorder.fetch }).upload(
      randomFile('photo.png', 2000, 'image/png'),
      { retry: { baseDelay: 1 } },
    )) as Failed[];
    expect(result?.error).toMatchObject({ code: 'SignatureDoesNotMatch', source: 's3', status: 403, retryable: false });
    expect(result?.error.file).toEqual({ name: 'photo.png', size: 2000 });
    expect(recorder.count('s3 PUT')).toBe(1);
    expect(`${result?.error.message} ${result?.error.hint ?? ''}`).not.toMatch(/X-Amz-|0000000000/);
  });
});

describe('form POST uploads (singleUpload: post)', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ singleUpload: 'post' });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('posts the signed fields, then the file, byte-exact', async () => {
    const recorder = recordingFetch();
    const file = randomFile('photo.png', 50_000, 'image/png');
    const [result] = (await createUploader({ endpoint: harness.endpoint, fetch: recorder.fetch }).upload(
      file,
    )) as Done[];
    expect(result?.status).toBe('done');
    expect(recorder.kinds()).toEqual(['sos /uploads', 's3 POST']);
    expect(sha256Hex(await harness.readObject(result?.key ?? ''))).toBe(sha256Hex(await bytesOf(file)));
  });
});
