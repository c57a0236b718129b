import { readFile } from 'node:fs/promises';
import {
  type CloudFormationOptions,
  estimateMonthlyCost,
  generateCloudFormationTemplate,
  generateCorsConfiguration,
  generateLifecycleConfiguration,
  generateUploadPolicy,
} from '@sos/core';
import { describe, expect, it } from 'vitest';
import { ANSI_ESCAPE, runSos } from './run-sos';

const ORIGIN = 'https://orders.example.com';

describe('sos --help and --version', () => {
  it('lists every command with a summary', async () => {
    const run = await runSos(['--help']);
    expect(run.status).toBe(0);
    for (const command of ['policy', 'lint-policy', 'check', 'cors', 'lifecycle', 'cloudformation', 'guide', 'cost']) {
      expect(run.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
    expect(run.stdout).toContain('Exit status:');
    expect(run.stderr).toBe('');
  });

  it.each([
    ['policy', '--bucket <name>'],
    ['lint-policy', '<file>'],
    ['check', '--profile <name>'],
    ['cors', '--origin <origin...>'],
    ['lifecycle', '--abort-days <n>'],
    ['cloudformation', '--vendor-account-id <id>'],
    ['guide', '--region <region>'],
    ['cost', '--gb-per-month <n>'],
  ])('shows the help of %s with --help and with sos help', async (command, option) => {
    const viaFlag = await runSos([command, '--help']);
    const viaHelp = await runSos(['help', command]);
    expect(viaFlag.status).toBe(0);
    expect(viaFlag.stdout).toContain(`Usage: sos ${command}`);
    expect(viaFlag.stdout).toContain(option);
    expect(viaHelp).toEqual(viaFlag);
  });

  it('prints the package version', async () => {
    const { version } = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    for (const flag of ['--version', '-v']) {
      expect(await runSos([flag])).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
    }
  });
});

describe('sos policy', () => {
  it('prints the upload-only policy as JSON', async () => {
    const run = await runSos(['policy', '--bucket', 'acme-lab-uploads']);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(generateUploadPolicy({ bucket: 'acme-lab-uploads' }));
    expect(run.stderr).toBe('');
  });

  it('passes prefix, partition, tier, TLS and encryption through', async () => {
    const run = await runSos([
      'policy',
      '--bucket',
      'acme-lab-uploads',
      '--prefix',
      'orders',
      '--partition',
      'aws-cn',
      '--tier',
      'multipart',
      '--require-tls',
      '--require-encryption',
      'aws:kms',
    ]);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(
      generateUploadPolicy({
        bucket: 'acme-lab-uploads',
        prefix: 'orders',
        partition: 'aws-cn',
        tier: 'multipart',
        requireTls: true,
        requireEncryption: 'aws:kms',
      }),
    );
  });

  it('warns on stderr about a bucket name with dots, keeping stdout pure JSON', async () => {
    const run = await runSos(['policy', '--bucket', 'acme.lab.uploads']);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(generateUploadPolicy({ bucket: 'acme.lab.uploads' }));
    expect(run.stderr).toMatch(/^warning: Names with dots work/);
  });
});

describe('sos cors', () => {
  it('prints the console form by default and the put-bucket-cors form with --format s3api', async () => {
    const expected = generateCorsConfiguration({ origins: [ORIGIN, 'http://localhost:3000'] });
    const consoleForm = await runSos(['cors', '--origin', ORIGIN, '--origin', 'http://localhost:3000']);
    expect(consoleForm.status).toBe(0);
    expect(JSON.parse(consoleForm.stdout)).toEqual(expected.rules);
    const apiForm = await runSos(['cors', '--origin', ORIGIN, 'http://localhost:3000', '--format', 's3api']);
    expect(JSON.parse(apiForm.stdout)).toEqual(expected.putBucketCors);
  });

  it('passes methods, headers and max age through, and warns about the wildcard origin on stderr', async () => {
    const run = await runSos([
      'cors',
      '--origin',
      '*',
      '--method',
      'PUT',
      'GET',
      '--allowed-header',
      'content-type',
      '--max-age',
      '600',
    ]);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(
      generateCorsConfiguration({
        origins: ['*'],
        methods: ['PUT', 'GET'],
        allowedHeaders: ['content-type'],
        maxAgeSeconds: 600,
      }).rules,
    );
    expect(run.stderr).toContain('warning: The origin "*" lets any web site upload');
  });
});

describe('sos lifecycle', () => {
  it('prints the expiry and abort rule', async () => {
    const run = await runSos(['lifecycle', '--days', '5', '--abort-days', '2']);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(
      generateLifecycleConfiguration({ expireAfterDays: 5, abortIncompleteAfterDays: 2 }),
    );
  });

  it('keeps files with --days never and limits the rule to a prefix', async () => {
    const run = await runSos(['lifecycle', '--days', 'never', '--prefix', 'orders']);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      Rules: [
        {
          ID: 'sos-expire-uploads',
          Status: 'Enabled',
          Filter: { Prefix: 'orders/' },
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        },
      ],
    });
  });
});

describe('sos cloudformation', () => {
  it('prints the user-mode template as JSON, with notes about CAPABILITY_IAM and the secret output on stderr', async () => {
    const run = await runSos(['cloudformation', '--bucket', 'acme-lab-uploads', '--origin', ORIGIN]);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(
      generateCloudFormationTemplate({ bucket: 'acme-lab-uploads', origins: [ORIGIN] }).template,
    );
    expect(run.stderr).toContain('CAPABILITY_IAM');
    expect(run.stderr).toContain('SecretAccessKey is a secret');
  });

  it('needs no --origin for uploads from servers only: no CORS rule, and a note that says so', async () => {
    const run = await runSos(['cloudformation', '--bucket', 'acme-lab-uploads']);
    expect(run.status).toBe(0);
    const template = JSON.parse(run.stdout) as ReturnType<typeof generateCloudFormationTemplate>['template'];
    expect(template).toEqual(generateCloudFormationTemplate({ bucket: 'acme-lab-uploads' }).template);
    expect(template.Resources.UploadBucket?.Properties).not.toHaveProperty('CorsConfiguration');
    expect(template.Parameters).not.toHaveProperty('AllowedOrigins');
    expect(run.stderr).toContain('note: the bucket has no CORS rule, so browsers cannot upload into it');
    expect(run.stderr).toContain('add --origin');
  });

  it('writes no CORS note when --origin is given', async () => {
    const run = await runSos(['cloudformation', '--bucket', 'acme-lab-uploads', '--origin', ORIGIN]);
    expect(run.stderr).not.toContain('CORS');
  });

  it('prints the role-mode template as YAML with every option passed through', async () => {
    const options: CloudFormationOptions = {
      mode: 'role',
      bucket: 'acme-lab-uploads',
      origins: [ORIGIN],
      vendorAccountId: '123456789012',
      externalId: 'acme-3f1c9a7e',
      prefix: 'orders',
      tier: 'multipart',
      retentionDays: 7,
      abortIncompleteAfterDays: 2,
      requireTls: false,
      encryption: 'aws:kms',
      appName: 'Simple Order System',
    };
    const run = await runSos([
      'cloudformation',
      '--mode',
      'role',
      '--bucket',
      'acme-lab-uploads',
      '--origin',
      ORIGIN,
      '--vendor-account-id',
      '123456789012',
      '--external-id',
      'acme-3f1c9a7e',
      '--prefix',
      'orders',
      '--tier',
      'multipart',
      '--retention-days',
      '7',
      '--abort-days',
      '2',
      '--no-require-tls',
      '--encryption',
      'aws:kms',
      '--app-name',
      'Simple Order System',
      '--format',
      'yaml',
    ]);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(generateCloudFormationTemplate(options).yaml);
    expect(run.stderr).not.toContain('secret');
  });

  it.each([
    [['--mode', 'role'], '--mode role needs --vendor-account-id and --external-id.'],
    [['--external-id', 'acme-3f1c9a7e'], '--vendor-account-id and --external-id only apply to --mode role.'],
    [['--vendor-account-id', '1234'], "argument '1234' is invalid. An AWS account ID is 12 digits."],
  ])('refuses role options that do not fit: %j', async (extra, message) => {
    const run = await runSos(['cloudformation', '--bucket', 'acme-lab-uploads', '--origin', ORIGIN, ...extra]);
    expect(run.status).toBe(64);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain("Run 'sos cloudformation --help' to see its options.");
  });
});

describe('sos guide', () => {
  it('prints the Markdown guide with the bucket, the region resolved from its name and the origin', async () => {
    const run = await runSos([
      'guide',
      '--bucket',
      'acme-lab-uploads',
      '--region',
      'Frankfurt',
      '--origin',
      ORIGIN,
      '--app-name',
      'Simple Order System',
    ]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^# Connect your own Amazon S3 bucket to Simple Order System\n/);
    expect(run.stdout).toContain('`eu-central-1`');
    expect(run.stdout).toContain(ORIGIN);
    expect(run.stdout).toContain('5 days');
    expect(run.stderr).toBe('');
  });

  it('starts sentences with "Our app" without --app-name, and names "US Standard" only for us-east-1', async () => {
    const frankfurt = await runSos([
      'guide',
      '--bucket',
      'acme-lab-uploads',
      '--region',
      'Frankfurt',
      '--origin',
      ORIGIN,
    ]);
    expect(frankfurt.status).toBe(0);
    expect(frankfurt.stdout).toContain('\n\nOur app uploads your files straight from the browser');
    expect(frankfurt.stdout).not.toMatch(/(^|\n|[.!?] )our app/);
    expect(frankfurt.stdout).not.toContain('US Standard');
    const virginia = await runSos([
      'guide',
      '--bucket',
      'acme-lab-uploads',
      '--region',
      'us-east-1',
      '--origin',
      ORIGIN,
    ]);
    expect(virginia.stdout).toContain('(`us-east-1`). Old guides call it "US Standard".');
  });

  it('says which region was meant when the region is misspelt', async () => {
    const run = await runSos(['guide', '--bucket', 'acme-lab-uploads', '--region', 'eu-centrl-1', '--origin', ORIGIN]);
    expect(run.status).toBe(64);
    expect(run.stderr).toContain('error: "eu-centrl-1" is not an AWS region.');
    expect(run.stderr).toContain('hint: Did you mean eu-central-1');
  });
});

describe('sos cost', () => {
  it('prints the estimate line by line with the total, the price table and its date', async () => {
    const run = await runSos(['cost', '--gb-per-month', '50', '--retention-days', '5']);
    const estimate = estimateMonthlyCost({ gbPerMonth: 50, retentionDays: 5, downloadsPerObject: 1 });
    expect(run.status).toBe(0);
    for (const line of estimate.lines) expect(run.stdout).toContain(line.item);
    expect(run.stdout).toContain(`Total: $${estimate.total.toFixed(2)} a month (USD)`);
    expect(run.stdout).toContain(`Prices: S3 Standard in ${estimate.prices.region} as of ${estimate.prices.asOf}`);
    expect(run.stdout).toContain('5.12 × 1,000 requests');
    expect(run.stdout).not.toMatch(ANSI_ESCAPE);
  });

  it('prints the CostEstimate itself with --json', async () => {
    const run = await runSos([
      'cost',
      '--gb-per-month',
      '10',
      '--retention-days',
      '30',
      '--downloads-per-object',
      '2',
      '--average-file-mb',
      '25',
      '--json',
    ]);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(
      estimateMonthlyCost({ gbPerMonth: 10, retentionDays: 30, downloadsPerObject: 2, averageFileMb: 25 }),
    );
  });
});
