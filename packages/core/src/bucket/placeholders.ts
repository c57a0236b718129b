/**
 * Names that setup guides and the AWS documentation use as stand-ins. They are
 * compared after lower-casing and dropping everything but letters and digits,
 * so `YOUR_BUCKET`, `your-bucket` and `<your bucket>` are all caught.
 */
const PLACEHOLDER_NAMES = new Set([
  'bucket',
  'bucketname',
  'bucketnamehere',
  'yourbucket',
  'yourbucketname',
  'yourbucketnamehere',
  'yours3bucket',
  'mybucket',
  'mybucketname',
  'mys3bucket',
  'examplebucket',
  'samplebucket',
  'insertbucketname',
  'replacewithbucketname',
  'changeme',
  'replaceme',
  'yourlabname',
  'sosyourlabname',
  'bucketnameplaceholder',
  'placeholder',
  'xxx',
  'xxxx',
]);

/** Stand-in prefixes from the AWS documentation (`DOC-EXAMPLE-BUCKET1`, `awsexamplebucket`, `amzn-s3-demo-bucket`). */
const PLACEHOLDER_PREFIXES = ['docexample', 'awsexample', 'amzns3demo'];

/** Text still wrapped in template brackets: `<bucket>`, `{bucket}`, `${BUCKET}`, `[bucket]`, `%BUCKET%`. */
const TEMPLATE_MARKERS = /^(?:<.*>|\{.*\}|\$\{.*\}|\[.*\]|%.*%|\{\{.*\}\})$/s;

/**
 * Whether a bucket name is a stand-in left over from a guide rather than a
 * name the customer chose. Such names are owned by someone else (or by
 * nobody), so a policy or connection that uses them never works.
 *
 * @example
 * isPlaceholderBucketName('yourbucketname'); // true
 * isPlaceholderBucketName('ronssosbucket'); // false
 */
export function isPlaceholderBucketName(name: string): boolean {
  const trimmed = name.trim();
  if (TEMPLATE_MARKERS.test(trimmed)) return true;
  const squashed = trimmed.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (squashed === '') return false;
  if (PLACEHOLDER_NAMES.has(squashed) || PLACEHOLDER_NAMES.has(squashed.replace(/\d+$/, ''))) return true;
  return PLACEHOLDER_PREFIXES.some((prefix) => squashed.startsWith(prefix));
}
