import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateUploadPolicy, lintPolicy } from '@sos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSI_ESCAPE, runSos } from './run-sos';

const BUCKET = 'acme-lab-uploads';
const PLACEHOLDER_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::yourbucketname/*' }],
});
const TOO_BROAD_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: `arn:aws:s3:::${BUCKET}/*` }],
});
const NO_VERSION_POLICY = JSON.stringify({
  Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}/*` }],
});

let directory: string;
const file = (name: string) => join(directory, name);

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sos-lint-'));
  await writeFile(file('good.json'), JSON.stringify(generateUploadPolicy({ bucket: BUCKET }), null, 2));
  await writeFile(file('placeholder.json'), PLACEHOLDER_POLICY);
  await writeFile(file('broad.json'), TOO_BROAD_POLICY);
  await writeFile(file('no-version.json'), NO_VERSION_POLICY);
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('sos lint-policy', () => {
  it('says there is nothing to fix in the generated policy, and exits 0', async () => {
    const run = await runSos(['lint-policy', file('good.json'), '--bucket', BUCKET]);
    expect(run).toEqual({
      status: 0,
      stdout: '✓ No findings: the policy lets uploads work and allows nothing more.\n',
      stderr: '',
    });
  });

  it('prints each finding with its severity, code, path, message and hint, and exits 1 on an error', async () => {
    const run = await runSos(['lint-policy', file('placeholder.json'), '--bucket', BUCKET]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('✗ error PLACEHOLDER_BUCKET at /Statement/0/Resource');
    expect(run.stdout).toContain('The policy still says "yourbucketname", a placeholder from an example');
    expect(run.stdout).toMatch(/finding(s)?: .*error/);
    expect(run.stdout).not.toMatch(ANSI_ESCAPE);
  });

  it('exits 1 on a security warning alone', async () => {
    const findings = lintPolicy(TOO_BROAD_POLICY, { bucket: BUCKET });
    expect(findings.map((finding) => finding.severity)).not.toContain('error');
    const run = await runSos(['lint-policy', file('broad.json'), '--bucket', BUCKET]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('security warning');
    // What a person can find, not a function of the library.
    expect(run.stdout).toContain('the policy from the setup guide is exactly that.');
    expect(run.stdout).not.toContain('generateUploadPolicy');
  });

  it('exits 0 when only warnings remain', async () => {
    const run = await runSos(['lint-policy', file('no-version.json'), '--bucket', BUCKET]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('! warning MISSING_VERSION');
  });

  it('prints { findings } exactly as lintPolicy returns them with --json, reading standard input for -', async () => {
    const run = await runSos(['lint-policy', '-', '--bucket', BUCKET, '--json'], { input: PLACEHOLDER_POLICY });
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({ findings: lintPolicy(PLACEHOLDER_POLICY, { bucket: BUCKET }) });
  });

  it('prints { "findings": [] } for a clean policy', async () => {
    const run = await runSos(['lint-policy', file('good.json'), '--bucket', BUCKET, '--json']);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ findings: [] });
  });

  it('checks the prefix and the multipart tier', async () => {
    const run = await runSos(
      ['lint-policy', '-', '--bucket', BUCKET, '--prefix', 'orders', '--tier', 'multipart', '--json'],
      { input: JSON.stringify(generateUploadPolicy({ bucket: BUCKET, prefix: 'orders' })) },
    );
    expect(run.status).toBe(1);
    const { findings } = JSON.parse(run.stdout) as { findings: { code: string }[] };
    expect(findings.map((finding) => finding.code)).toContain('MULTIPART_NOT_ALLOWED');
  });

  it('locates broken JSON', async () => {
    const run = await runSos(['lint-policy', '-', '--bucket', BUCKET], { input: '{"Version": "2012-10-17",}' });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('MALFORMED_JSON');
    expect(run.stdout).toContain('line 1, column');
  });

  it('is a usage error when the file cannot be read', async () => {
    const run = await runSos(['lint-policy', file('missing.json'), '--bucket', BUCKET]);
    expect(run.status).toBe(64);
    expect(run.stderr).toContain(`error: Cannot read the policy file "${file('missing.json')}": no such file.`);
    expect(run.stderr).toContain("Run 'sos lint-policy --help' to see its options.");
  });
});
