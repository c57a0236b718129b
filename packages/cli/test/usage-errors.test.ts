import { describe, expect, it } from 'vitest';
import { runSos } from './run-sos';

/** A usage error is a short message on stderr, never a stack trace, and exit status 64. */
function expectUsageError(run: { status: number; stdout: string; stderr: string }, helpLine: string): void {
  expect(run.status).toBe(64);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(/^error: /);
  expect(run.stderr.trimEnd().split('\n').at(-1)).toBe(helpLine);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stderr).not.toContain('CommanderError');
}

describe('usage errors', () => {
  it.each([
    [
      'an unknown command, with a suggestion',
      ['polcy'],
      "error: unknown command 'polcy'",
      "Run 'sos --help' to see the commands.",
    ],
    [
      'an unknown global option',
      ['--bucket', 'x'],
      "error: unknown option '--bucket'",
      "Run 'sos --help' to see the commands.",
    ],
    [
      'an unknown option of a command',
      ['policy', '--bucket', 'acme-lab-uploads', '--secret', 'x'],
      "error: unknown option '--secret'",
      "Run 'sos policy --help' to see its options.",
    ],
    [
      'a missing required option',
      ['policy'],
      "error: required option '--bucket <name>' not specified",
      "Run 'sos policy --help' to see its options.",
    ],
    [
      'a value outside the choices',
      ['policy', '--bucket', 'acme-lab-uploads', '--tier', 'everything'],
      "error: option '--tier <tier>' argument 'everything' is invalid. Allowed choices are put-only, multipart.",
      "Run 'sos policy --help' to see its options.",
    ],
    [
      'an extra argument',
      ['policy', '--bucket', 'acme-lab-uploads', 'extra'],
      'error: too many arguments for',
      "Run 'sos policy --help' to see its options.",
    ],
    [
      'a missing file argument',
      ['lint-policy', '--bucket', 'acme-lab-uploads'],
      "error: missing required argument 'file'",
      "Run 'sos lint-policy --help' to see its options.",
    ],
    [
      'a number that is not one',
      ['lifecycle', '--days', 'five'],
      "error: option '--days <n>' argument 'five' is invalid. Give a whole number from 1 to 36500.",
      "Run 'sos lifecycle --help' to see its options.",
    ],
    [
      'a negative amount',
      ['cost', '--gb-per-month', '-5', '--retention-days', '5'],
      "error: option '--gb-per-month <n>' argument '-5' is invalid. Give a number of at least 0.",
      "Run 'sos cost --help' to see its options.",
    ],
    [
      'a zero timeout',
      ['check', '--bucket', 'acme-lab-uploads', '--region', 'us-east-1', '--timeout', '0'],
      "error: option '--timeout <seconds>' argument '0' is invalid. Give a number above 0 and at most 600.",
      "Run 'sos check --help' to see its options.",
    ],
    [
      'an endpoint that is not a URL',
      ['check', '--bucket', 'acme-lab-uploads', '--region', 'us-east-1', '--endpoint', 'localhost:9000'],
      "error: option '--endpoint <url>' argument 'localhost:9000' is invalid.",
      "Run 'sos check --help' to see its options.",
    ],
    [
      'an origin without a scheme',
      ['cors', '--origin', 'orders.example.com'],
      'error: The origin "orders.example.com" has no scheme.\nhint: Write it with https:// in front: "https://orders.example.com".',
      "Run 'sos cors --help' to see its options.",
    ],
    [
      'a local origin without a scheme, which is http://',
      ['cors', '--origin', 'localhost:3000'],
      'error: The origin "localhost:3000" has no scheme.\nhint: Write it with http:// in front: "http://localhost:3000".',
      "Run 'sos cors --help' to see its options.",
    ],
  ])('%s', async (_case, args, message, helpLine) => {
    const run = await runSos(args);
    expectUsageError(run, helpLine);
    expect(run.stderr).toContain(message);
  });

  it('gives the bucket validator’s message and hint for an invalid bucket name', async () => {
    const run = await runSos(['policy', '--bucket', 'yourbucketname']);
    expectUsageError(run, "Run 'sos policy --help' to see its options.");
    expect(run.stderr).toBe(
      'error: "yourbucketname" is a placeholder from an example, not the name of your bucket.\n' +
        'hint: Replace it with the name you gave your own bucket in the S3 console (for example sos-your-lab).\n' +
        "Run 'sos policy --help' to see its options.\n",
    );
  });

  it.each([
    ['My_Bucket', 'error: "My_Bucket" is a placeholder from an example, not the name of your bucket.'],
    ['Acme_Lab', 'error: Bucket names are all lower case; this one has capital letters.\nhint: Use "acme-lab"'],
  ])(
    'names what is wrong with --bucket %s, and never credits the setup guide with another name',
    async (bucket, text) => {
      const run = await runSos(['policy', '--bucket', bucket]);
      expectUsageError(run, "Run 'sos policy --help' to see its options.");
      expect(run.stderr).toContain(text);
      expect(run.stderr).not.toContain('setup guide');
    },
  );

  it('suggests the command meant', async () => {
    const run = await runSos(['lint-polciy']);
    expect(run.stderr).toContain('(Did you mean lint-policy?)');
  });

  it('prints the help on stderr with status 64 when no command is given', async () => {
    const run = await runSos([]);
    expect(run.status).toBe(64);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Usage: sos [options] [command]');
  });

  it('never accepts the secret as a flag', async () => {
    const run = await runSos([
      'check',
      '--bucket',
      'acme-lab-uploads',
      '--region',
      'us-east-1',
      '--secret-access-key',
      'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    ]);
    expectUsageError(run, "Run 'sos check --help' to see its options.");
    expect(run.stderr).toContain("error: unknown option '--secret-access-key'");
    expect(run.stderr).not.toContain('wJalrXUtnFEMI');
  });
});
