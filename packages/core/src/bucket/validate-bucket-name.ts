import type { ValidationIssue } from '../errors';
import { isPlaceholderBucketName } from './placeholders';

/** What {@link validateBucketName} found. */
export interface BucketNameValidation {
  /** True when there is no error (warnings may remain). */
  ok: boolean;
  /** The input without surrounding whitespace: the name to store when `ok`. */
  name: string;
  /** Problems that make S3 refuse the name, or make it certainly wrong. */
  errors: ValidationIssue[];
  /** Names S3 accepts but that cause trouble later. */
  warnings: ValidationIssue[];
}

const MIN_LENGTH = 3;
const MAX_LENGTH = 63;
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/**
 * The bucket name inside an ARN, `s3://` URI or S3 URL that someone pasted
 * instead of the bare name, or undefined when the input is not one of those.
 */
function bucketFromReference(input: string): string | undefined {
  const arn = /^arn:[^:]*:s3:::([^/]+)/i.exec(input);
  if (arn) return arn[1];
  const uri = /^s3:\/\/([^/]+)/i.exec(input);
  if (uri) return uri[1];
  if (!/^https?:\/\//i.test(input)) return undefined;
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return undefined;
  }
  const virtualHosted = /^(.+?)\.s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?$/.exec(url.hostname);
  if (virtualHosted) return virtualHosted[1];
  if (/^s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?$/.test(url.hostname)) {
    return url.pathname.split('/').find((segment) => segment !== '');
  }
  return undefined;
}

/** The closest name S3 would accept, used to make hints concrete. */
function repairedName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
    .replace(/[^a-z0-9.-]/g, '')
    .replace(/\.{2,}/g, '.')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
    .slice(0, MAX_LENGTH)
    .replace(/[^a-z0-9]+$/, '');
}

function describeCharacters(characters: Iterable<string>): string {
  return [...new Set(characters)]
    .map((character) =>
      character === ' ' ? 'spaces' : /\s/.test(character) ? 'line breaks or tabs' : `"${character}"`,
    )
    .filter((label, index, all) => all.indexOf(label) === index)
    .join(', ');
}

/**
 * Checks a bucket name against S3's naming rules for general purpose buckets,
 * and against the mistakes people make when following a setup guide: a
 * placeholder left in, upper case, an ARN or URL pasted instead of the name.
 * Dots are accepted with a warning: they break HTTPS on virtual-hosted URLs
 * and Transfer Acceleration.
 *
 * @example
 * validateBucketName('yourbucketname').errors[0]?.code; // 'BUCKET_NAME_PLACEHOLDER'
 * validateBucketName(' ronssosbucket ').name; // 'ronssosbucket'
 */
export function validateBucketName(name: string): BucketNameValidation {
  const trimmed = name.trim();
  const errors: ValidationIssue[] = [];
  const warnings: ValidationIssue[] = [];
  const result = (): BucketNameValidation => ({ ok: errors.length === 0, name: trimmed, errors, warnings });

  if (trimmed === '') {
    errors.push({
      code: 'BUCKET_NAME_EMPTY',
      message: 'The bucket name is empty.',
      hint: 'Enter the name you gave the bucket when you created it in the S3 console.',
    });
    return result();
  }

  const referenced = bucketFromReference(trimmed);
  if (referenced !== undefined) {
    errors.push({
      code: 'BUCKET_NAME_IS_URL',
      message: 'This is an ARN or URL, not a bucket name.',
      hint: `Enter only the bucket name: "${referenced}".`,
    });
    return result();
  }

  if (isPlaceholderBucketName(trimmed)) {
    errors.push({
      code: 'BUCKET_NAME_PLACEHOLDER',
      // Not only the setup guide's: AWS's documentation and other guides have their own (my-bucket, DOC-EXAMPLE-BUCKET).
      message: `"${trimmed}" is a placeholder from an example, not the name of your bucket.`,
      hint: 'Replace it with the name you gave your own bucket in the S3 console (for example sos-your-lab).',
    });
    return result();
  }

  const repaired = repairedName(trimmed);
  const repairHint = repaired.length >= MIN_LENGTH && repaired !== trimmed ? ` For example "${repaired}".` : '';

  if (trimmed.length < MIN_LENGTH || trimmed.length > MAX_LENGTH) {
    errors.push({
      code: 'BUCKET_NAME_LENGTH',
      message: `A bucket name must be ${MIN_LENGTH} to ${MAX_LENGTH} characters long; this one has ${trimmed.length}.`,
      hint:
        trimmed.length < MIN_LENGTH
          ? 'Choose a longer name, such as sos-your-lab.'
          : `Shorten the name to at most ${MAX_LENGTH} characters.`,
    });
  }

  if (/[A-Z]/.test(trimmed)) {
    const lower = trimmed.toLowerCase();
    errors.push({
      code: 'BUCKET_NAME_UPPERCASE',
      message: 'Bucket names are all lower case; this one has capital letters.',
      hint: `Use "${lower === repaired ? lower : repaired || lower}", exactly as the S3 console shows it.`,
    });
  }

  const lower = trimmed.toLowerCase();
  const invalid = lower.match(/[^a-z0-9.-]/g);
  if (invalid) {
    errors.push({
      code: 'BUCKET_NAME_INVALID_CHARACTERS',
      message: `A bucket name may only contain lower-case letters, digits, dots and hyphens; this one has ${describeCharacters(invalid)}.`,
      hint: `Use hyphens instead of spaces or underscores.${repairHint}`,
    });
  }

  if (!/^[a-z0-9]/.test(lower) || !/[a-z0-9]$/.test(lower)) {
    errors.push({
      code: 'BUCKET_NAME_EDGE',
      message: 'A bucket name must start and end with a letter or a digit.',
      hint: `Remove the dot or hyphen at the start or end.${repairHint}`,
    });
  }

  if (lower.includes('..')) {
    errors.push({
      code: 'BUCKET_NAME_ADJACENT_DOTS',
      message: 'A bucket name must not contain two dots in a row.',
      hint: `Use a single dot, or better a hyphen.${repairHint}`,
    });
  }

  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(lower)) {
    errors.push({
      code: 'BUCKET_NAME_IP_ADDRESS',
      message: 'A bucket name must not look like an IP address.',
      hint: 'Choose a name made of words, such as sos-your-lab.',
    });
  }

  const prefix = RESERVED_PREFIXES.find((reserved) => lower.startsWith(reserved));
  if (prefix !== undefined) {
    errors.push({
      code: 'BUCKET_NAME_RESERVED_PREFIX',
      message: `Bucket names starting with "${prefix}" are reserved by AWS.`,
      hint: 'Choose a name that starts differently, such as sos-your-lab.',
    });
  }

  const suffix = RESERVED_SUFFIXES.find((reserved) => lower.endsWith(reserved));
  if (suffix !== undefined) {
    errors.push({
      code: 'BUCKET_NAME_RESERVED_SUFFIX',
      message: `Bucket names ending in "${suffix}" are reserved by AWS.`,
      hint: 'Choose a name that ends differently.',
    });
  }

  if (errors.length === 0 && trimmed.includes('.')) {
    warnings.push({
      code: 'BUCKET_NAME_HAS_DOTS',
      message:
        'Names with dots work, but HTTPS certificates do not cover them on virtual-hosted URLs, and Transfer Acceleration is not available.',
      hint: `If you are creating the bucket now, prefer hyphens ("${trimmed.replace(/\./g, '-')}"); an existing bucket keeps working with path-style URLs.`,
    });
  }

  return result();
}
