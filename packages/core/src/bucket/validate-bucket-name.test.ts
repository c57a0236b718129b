import { describe, expect, it } from 'vitest';
import { isPlaceholderBucketName } from './placeholders';
import { validateBucketName } from './validate-bucket-name';

const codes = (name: string) => validateBucketName(name).errors.map((issue) => issue.code);

describe('validateBucketName', () => {
  it.each([
    // [code, a name that triggers it, a near miss that does not]
    ['BUCKET_NAME_EMPTY', '   ', 'abc'],
    ['BUCKET_NAME_IS_URL', 'arn:aws:s3:::ronssosbucket/*', 'arn-notes-bucket'],
    ['BUCKET_NAME_IS_URL', 's3://ronssosbucket/orders', 's3-ronssosbucket'],
    ['BUCKET_NAME_IS_URL', 'https://ronssosbucket.s3.eu-central-1.amazonaws.com/', 'ronssosbucket.eu'],
    ['BUCKET_NAME_PLACEHOLDER', 'yourbucketname', 'ronssosbucket'],
    ['BUCKET_NAME_PLACEHOLDER', 'DOC-EXAMPLE-BUCKET', 'doc-bucket-lab'],
    ['BUCKET_NAME_PLACEHOLDER', '<bucket>', 'bucket-of-lab'],
    ['BUCKET_NAME_PLACEHOLDER', 'YOUR_BUCKET', 'your-lab-uploads'],
    ['BUCKET_NAME_PLACEHOLDER', 'my-bucket', 'my-lab-bucket'],
    ['BUCKET_NAME_PLACEHOLDER', 'sos-your-lab-name', 'sos-acme-lab'],
    ['BUCKET_NAME_LENGTH', 'ab', 'abc'],
    ['BUCKET_NAME_LENGTH', 'a'.repeat(64), 'a'.repeat(63)],
    ['BUCKET_NAME_UPPERCASE', 'RonsSOSBucket', 'ronssosbucket'],
    ['BUCKET_NAME_INVALID_CHARACTERS', 'rons_sos_bucket', 'rons-sos-bucket'],
    ['BUCKET_NAME_INVALID_CHARACTERS', 'rons sos bucket', 'rons.sos.bucket'],
    ['BUCKET_NAME_EDGE', '-ronssos', 'r-onssos'],
    ['BUCKET_NAME_EDGE', 'ronssos.', 'ronssos.1'],
    ['BUCKET_NAME_ADJACENT_DOTS', 'rons..sos', 'rons.s.os'],
    ['BUCKET_NAME_IP_ADDRESS', '192.168.5.4', '192.168.5.4a'],
    ['BUCKET_NAME_RESERVED_PREFIX', 'xn--lab', 'xn-lab'],
    ['BUCKET_NAME_RESERVED_PREFIX', 'sthree-lab', 'three-lab'],
    ['BUCKET_NAME_RESERVED_SUFFIX', 'lab-s3alias', 'lab-s3aliases'],
    ['BUCKET_NAME_RESERVED_SUFFIX', 'lab--ol-s3', 'lab-ol-s3'],
    ['BUCKET_NAME_RESERVED_SUFFIX', 'lab.mrap', 'lab.mrapx'],
    ['BUCKET_NAME_RESERVED_SUFFIX', 'lab--x-s3', 'lab-x-s3'],
    ['BUCKET_NAME_RESERVED_SUFFIX', 'lab--table-s3', 'lab-table-s3'],
  ])('%s: %j is refused, %j is not', (code, bad, good) => {
    expect(codes(bad)).toContain(code);
    expect(codes(good)).not.toContain(code);
  });

  it('accepts a good name, trims it, and says nothing', () => {
    expect(validateBucketName('  ronssosbucket\n')).toEqual({
      ok: true,
      name: 'ronssosbucket',
      errors: [],
      warnings: [],
    });
  });

  it('accepts dots with a warning about HTTPS and acceleration', () => {
    const result = validateBucketName('orders.acme-lab.com');
    expect(result.ok).toBe(true);
    expect(result.warnings.map((issue) => issue.code)).toEqual(['BUCKET_NAME_HAS_DOTS']);
    expect(result.warnings[0]?.message).toMatch(/HTTPS/);
    expect(result.warnings[0]?.hint).toContain('orders-acme-lab-com');
    expect(validateBucketName('orders-acme-lab').warnings).toEqual([]);
  });

  it('hints the lower-case name for upper-case input', () => {
    const [issue] = validateBucketName('RonsSOSBucket').errors;
    expect(issue?.hint).toContain('"ronssosbucket"');
  });

  it('names the bucket inside a pasted ARN or URL', () => {
    expect(validateBucketName('arn:aws:s3:::ronssosbucket/*').errors[0]?.hint).toContain('"ronssosbucket"');
    expect(validateBucketName('https://s3.us-west-2.amazonaws.com/lab-files/a.stl').errors[0]?.hint).toContain(
      '"lab-files"',
    );
  });

  it('suggests a repaired name for underscores and spaces', () => {
    expect(
      validateBucketName('Rons SOS_Bucket')
        .errors.map((issue) => issue.hint)
        .join(' '),
    ).toContain('"rons-sos-bucket"');
  });

  it('gives every issue a code, a message and a hint', () => {
    for (const name of ['', 'x', 'A_B..', '10.0.0.1', 'xn--a--ol-s3', 'a.b']) {
      const { errors, warnings } = validateBucketName(name);
      for (const issue of [...errors, ...warnings]) {
        expect(issue.code).toMatch(/^[A-Z0-9_]+$/);
        expect(issue.message.length).toBeGreaterThan(10);
        expect(issue.hint.length).toBeGreaterThan(10);
      }
    }
  });
});

describe('validateBucketName on placeholders', () => {
  it.each(['My_Bucket', 'DOC-EXAMPLE-BUCKET', '<bucket>', 'yourbucketname'])(
    'calls %j a placeholder from an example, never the setup guide’s own example name',
    (name) => {
      const [first] = validateBucketName(name).errors;
      expect(first?.code).toBe('BUCKET_NAME_PLACEHOLDER');
      expect(first?.message).toBe(`"${name}" is a placeholder from an example, not the name of your bucket.`);
      expect(first?.message).not.toMatch(/setup guide/);
    },
  );

  it('gives a real name with capital letters and an underscore (Acme_Lab) the capital-letters message', () => {
    expect(validateBucketName('Acme_Lab').errors[0]).toMatchObject({
      code: 'BUCKET_NAME_UPPERCASE',
      hint: 'Use "acme-lab", exactly as the S3 console shows it.',
    });
  });
});

describe('isPlaceholderBucketName', () => {
  it.each([
    'yourbucketname',
    'DOC-EXAMPLE-BUCKET1',
    'amzn-s3-demo-bucket',
    '{{bucket}}',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text a template left behind
    '${BUCKET}',
    'awsexamplebucket1',
  ])('recognises %j', (name) => expect(isPlaceholderBucketName(name)).toBe(true));
  it.each(['ronssosbucket', 'acme-dental-orders', 'bucketlab', 'mybucketsofteeth'])('leaves %j alone', (name) =>
    expect(isPlaceholderBucketName(name)).toBe(false),
  );
});
