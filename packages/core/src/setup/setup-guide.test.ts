import { describe, expect, it } from 'vitest';
import { generateUploadPolicy, lintPolicy } from '../policy';
import { generateTrustPolicy } from '../roles';
import { generateCorsConfiguration } from './cors';
import { renderSetupGuide } from './setup-guide';

const options = {
  appName: 'Simple Order System',
  bucket: 'ronssosbucket',
  region: 'N. Virginia',
  origins: ['https://orders.example-lab.com'],
};

/** The JSON code blocks of a section of the guide, parsed. */
function jsonBlocks(markdown: string, heading: string): unknown[] {
  const start = markdown.indexOf(heading);
  const end = markdown.indexOf('\n## ', start + heading.length);
  const section = markdown.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/```json\n([\s\S]*?)\n```/g)].map((match) => JSON.parse(match[1] ?? '') as unknown);
}

describe('renderSetupGuide', () => {
  const guide = renderSetupGuide(options);

  it("fills in the customer's bucket, region and origins, and no placeholder is left", () => {
    expect(guide).toContain('`ronssosbucket`');
    expect(guide).toContain('US East (N. Virginia) (`us-east-1`)');
    expect(guide).toContain('https://orders.example-lab.com');
    expect(guide).not.toMatch(/yourbucketname|YOUR-BUCKET|<bucket>/i);
  });

  it('gives the console path and the AWS CLI command for every step', () => {
    for (const heading of ['## 1.', '## 2.', '## 3.', '## 4.', '## 5.']) {
      const start = guide.indexOf(heading);
      const section = guide.slice(start, guide.indexOf('\n## ', start + 1));
      expect(section).toContain('**In the console:**');
      expect(section).toContain('**With the AWS CLI');
      expect(section).toMatch(/```sh\naws /);
    }
  });

  it('pastes the policy, CORS and lifecycle documents the generators write', () => {
    const [policy] = jsonBlocks(guide, '## 4.');
    expect(policy).toEqual(generateUploadPolicy({ bucket: 'ronssosbucket' }));
    expect(lintPolicy(policy as object, { bucket: 'ronssosbucket' })).toEqual([]);
    const cors = generateCorsConfiguration({ origins: options.origins });
    expect(jsonBlocks(guide, '## 2.')).toEqual([cors.rules, cors.putBucketCors]);
    expect(jsonBlocks(guide, '## 3.')[0]).toMatchObject({ Rules: [{ Expiration: { Days: 5 } }] });
  });

  it('creates us-east-1 buckets without a location constraint, others with one', () => {
    expect(guide).toContain('aws s3api create-bucket --bucket ronssosbucket --region us-east-1\n');
    expect(guide).not.toContain('LocationConstraint=us-east-1');
    const frankfurt = renderSetupGuide({ ...options, region: 'Frankfurt' });
    expect(frankfurt).toContain('--create-bucket-configuration LocationConstraint=eu-central-1');
    expect(frankfurt).toContain('https://console.aws.amazon.com/s3/bucket/create?region=eu-central-1');
  });

  it('starts no sentence with a lower-case "our app" when no app name is given', () => {
    const { appName: _name, ...unnamed } = options;
    for (const role of [undefined, { vendorAccountId: '123456789012', externalId: 'c0ffee-42-lab' }]) {
      const plain = renderSetupGuide(role === undefined ? unnamed : { ...unnamed, role });
      expect(plain).toContain('Our app uploads your files straight from the browser');
      expect(plain).toContain('# Connect your own Amazon S3 bucket to our app');
      // At the start of a paragraph, or after a sentence's end.
      expect(plain).not.toMatch(/(^|\n|[.!?] )our app/);
    }
  });

  it('writes a given app name as given, also at the start of a sentence', () => {
    const named = renderSetupGuide({ ...options, appName: 'dentalab.io' });
    expect(named).toContain('dentalab.io uploads your files straight from the browser');
    expect(named).not.toContain('Dentalab.io');
  });

  it('names "US Standard" only for us-east-1, the region old guides called so', () => {
    expect(guide).toContain('(`us-east-1`). Old guides call it "US Standard".');
    for (const region of ['Frankfurt', 'us-west-2', 'cn-north-1']) {
      expect(renderSetupGuide({ ...options, region })).not.toContain('US Standard');
    }
  });

  it('uses the partition of the region for ARNs and console links', () => {
    const china = renderSetupGuide({ ...options, region: 'cn-north-1' });
    expect(china).toContain('"arn:aws-cn:s3:::ronssosbucket/*"');
    expect(china).toContain('https://console.amazonaws.cn/');
  });

  it('shows the cost estimate with its price table and date, and takes other prices', () => {
    expect(guide).toContain('## What it costs');
    expect(guide).toContain('**$0.94 a month**');
    expect(guide).toMatch(/Prices of us-east-1 on \d{4}-\d{2}-\d{2}/);
    const custom = renderSetupGuide({
      ...options,
      usage: { gbPerMonth: 100, downloadsPerObject: 2 },
      prices: { region: 'eu-central-1', asOf: '2026-02-01', storagePerGbMonth: 0.0245 },
    });
    expect(custom).toContain('Prices of eu-central-1 on 2026-02-01');
    expect(custom).toContain('downloaded twice each');
    expect(custom).toContain('$0.0245 per GB-month');
  });

  it('scopes everything to the prefix, and can keep files', () => {
    const scoped = renderSetupGuide({ ...options, prefix: 'orders', tier: 'multipart', retentionDays: null });
    expect(jsonBlocks(scoped, '## 4.')[0]).toEqual(
      generateUploadPolicy({ bucket: 'ronssosbucket', prefix: 'orders', tier: 'multipart' }),
    );
    expect(scoped).toContain('Prefix: `orders/`');
    expect(scoped).toContain('## 3. Clean up unfinished uploads');
    expect(jsonBlocks(scoped, '## 3.')[0]).not.toHaveProperty('Rules.0.Expiration');
  });

  it('offers the one-click stack only when given a link', () => {
    expect(guide).not.toContain('The fast way');
    const link =
      'https://console.aws.amazon.com/cloudformation/home?region=us-east-1#/stacks/create/review?stackName=(x)';
    const fast = renderSetupGuide({ ...options, quickCreateUrl: link });
    expect(fast).toContain('## The fast way: one click');
    expect(fast).toContain('stackName=%28x%29');
  });

  it('warns about dots in the bucket name', () => {
    expect(renderSetupGuide({ ...options, bucket: 'orders.acme-lab.com' })).toContain('> Note: Names with dots work');
  });

  it('escapes the app name', () => {
    expect(renderSetupGuide({ ...options, appName: 'Lab *Orders* <script>' })).toContain(
      'Lab \\*Orders\\* \\<script\\>',
    );
  });

  it.each([
    [{ bucket: 'yourbucketname' }, /placeholder/],
    [{ region: 'Atlantis' }, /not an AWS region/],
    [{ origins: ['https://orders.example-lab.com/'] }, /slash/],
    [{ userName: 'sos orders' }, /IAM user names/],
  ])('refuses %j', (override, message) => {
    expect(() => renderSetupGuide({ ...options, ...override })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringMatching(message) }),
    );
  });
});

describe('renderSetupGuide with a role', () => {
  const role = { vendorAccountId: '123456789012', externalId: 'sos-5b1d0c1e-7a0e-4f55' };
  const guide = renderSetupGuide({ ...options, role });
  const headings = [...guide.matchAll(/^#{2,3} .+$/gm)].map((match) => match[0]);

  it('offers the role first and the access key as the fallback, after it', () => {
    expect(headings).toEqual([
      '## 1. Create the bucket',
      '## 2. Let Simple Order System upload from the browser (CORS)',
      '## 3. Delete old files automatically (lifecycle)',
      '## 4. Create the upload role',
      '## 5. Enter the details in Simple Order System',
      '## If you cannot create a role: an access key instead',
      '### A. Create the upload user',
      '### B. Create the access key',
      '### C. Enter the details in Simple Order System',
      '## What it costs',
      '## If something goes wrong',
    ]);
    expect(guide).toContain('an IAM role `sos-upload`');
    expect(guide).toContain('nothing secret leaves your account');
  });

  it('pastes the upload policy and the trust policy, with the console steps and the CLI', () => {
    const [policy, trust] = jsonBlocks(guide, '## 4.');
    expect(policy).toEqual(generateUploadPolicy({ bucket: 'ronssosbucket' }));
    expect(trust).toEqual(generateTrustPolicy(role));
    const start = guide.indexOf('## 4.');
    const section = guide.slice(start, guide.indexOf('\n## ', start + 1));
    expect(section).toContain('**Require external ID**');
    expect(section).toContain('`123456789012`');
    expect(section).toContain(
      'aws iam create-role --role-name sos-upload --assume-role-policy-document file://trust-policy.json',
    );
    expect(section).toContain('aws iam put-role-policy --role-name sos-upload');
  });

  it('asks for the role ARN, not for keys, in the role path', () => {
    const start = guide.indexOf('## 5.');
    const section = guide.slice(start, guide.indexOf('\n## ', start + 1));
    expect(section).toContain('| Role ARN |');
    expect(section).toContain('`sos-5b1d0c1e-7a0e-4f55`');
    expect(section).not.toContain('Secret access key');
  });

  it('keeps the access-key steps complete in the fallback', () => {
    const start = guide.indexOf('## If you cannot create a role');
    const fallback = guide.slice(start, guide.indexOf('\n## ', start + 1));
    expect(fallback).toContain('aws iam create-user --user-name sos-orders');
    expect(fallback).toContain('aws iam create-access-key --user-name sos-orders');
    expect(fallback).toContain('from step B (40 characters)');
  });

  it('explains the role errors, and numbers the one-click path for the role', () => {
    expect(guide).toContain('ROLE_EXTERNAL_ID_NOT_ENFORCED');
    expect(guide).toContain('attached to the role `sos-upload`');
    const fast = renderSetupGuide({
      ...options,
      role,
      quickCreateUrl: 'https://console.aws.amazon.com/cloudformation/x',
    });
    expect(fast).toContain('(step 5). You can then skip steps 1 to 4.');
  });

  it.each([
    [{ ...role, vendorAccountId: '1234' }, /12 digits/],
    [{ ...role, externalId: 'x' }, /external ID/],
    [{ ...role, roleName: 'sos upload' }, /role names/],
  ])('refuses %j', (bad, message) => {
    expect(() => renderSetupGuide({ ...options, role: bad })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringMatching(message) }),
    );
  });
});
