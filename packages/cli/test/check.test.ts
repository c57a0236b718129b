import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHECK_IDS, type VerifyResult } from '@sos/core';
import { type LocalS3, startLocalS3 } from '@sos/local-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSI_ESCAPE, runSos, type SosRun } from './run-sos';

const ORIGIN = 'https://orders.example.com';
let s3: LocalS3;
let directory: string;
let goodKeys: Record<string, string>;

beforeAll(async () => {
  s3 = await startLocalS3({
    buckets: [
      {
        name: 'acme-lab-uploads',
        cors: [
          { AllowedOrigins: [ORIGIN], AllowedMethods: ['PUT', 'POST'], AllowedHeaders: ['*'], ExposeHeaders: ['ETag'] },
        ],
      },
      'acme-lab-plain',
    ],
  });
  goodKeys = { AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey };
  directory = await mkdtemp(join(tmpdir(), 'sos-check-'));
  await writeFile(
    join(directory, 'credentials'),
    `[lab]\naws_access_key_id = ${s3.credentials.accessKeyId}\naws_secret_access_key = ${s3.credentials.secretAccessKey}\n`,
  );
});
afterAll(async () => {
  await s3?.stop();
  if (directory !== undefined) await rm(directory, { recursive: true, force: true });
});

const target = (bucket = 'acme-lab-uploads') => ['--bucket', bucket, '--region', s3.region, '--endpoint', s3.endpoint];

function check(args: string[], env: Record<string, string>): Promise<SosRun> {
  return runSos(['check', ...args], { env });
}

function expectNoSecret(run: SosRun): void {
  expect(run.stdout + run.stderr).not.toContain(s3.credentials.secretAccessKey);
}

const statuses = (result: VerifyResult) =>
  Object.fromEntries(result.checks.map((item) => [item.id, `${item.status} ${item.code}`]));

describe('sos check against the embedded S3 server', () => {
  it('prints the checklist for good keys from the environment, and exits 1 because the admin key can do more', async () => {
    const run = await check([...target(), '--prefix', 'orders', '--origin', ORIGIN], goodKeys);
    expect(run.status).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(
      `Checking bucket "acme-lab-uploads" in ${s3.region} at ${s3.endpoint} with key ` +
        `${s3.credentials.accessKeyId.slice(0, 4)}…${s3.credentials.accessKeyId.slice(-4)} from the environment.`,
    );
    expect(lines).toContain('✓ format           The bucket name, region and access key look right.');
    expect(lines).toContain('✓ write            The key can upload: it wrote orders/.sos/connection-check.');
    expect(lines).toContain(`✓ cors             Browsers at ${ORIGIN} may upload (PUT and POST).`);
    expect(run.stdout).toMatch(/^- identity {9}Not checked: /m);
    expect(run.stdout).toMatch(/^! least-privilege {2}The key can do more than uploads need/m);
    // The hint and the policy to paste are indented under the warning.
    expect(run.stdout).toMatch(/^! least-privilege .*\n {19}If the app’s database ever leaked/m);
    expect(run.stdout).toContain('                   the policy to paste:');
    expect(run.stdout).not.toContain('details.');
    expect(run.stdout).toContain('"Resource": "arn:aws:s3:::acme-lab-uploads/orders/*"');
    expect(lines.at(-2)).toBe('! Degraded: uploads work, but see the 1 warning above.');
    expect(run.stdout).not.toMatch(ANSI_ESCAPE);
    expect(run.stderr).toBe('');
    expectNoSecret(run);
  });

  it('prints the VerifyResult exactly with --json', async () => {
    const run = await check([...target(), '--origin', ORIGIN, '--json'], goodKeys);
    expect(run.status).toBe(1);
    const result = JSON.parse(run.stdout) as VerifyResult;
    expect(Object.keys(result)).toEqual(['status', 'checks']);
    expect(result.status).toBe('degraded');
    expect(result.checks.map((item) => item.id)).toEqual([...CHECK_IDS]);
    for (const item of result.checks) {
      expect(Object.keys(item)).toEqual(
        expect.arrayContaining(['id', 'status', 'code', 'message', 'hint', 'durationMs']),
      );
    }
    expect(statuses(result)).toMatchObject({ write: 'pass WRITE_OK', cors: 'pass CORS_OK' });
    expectNoSecret(run);
  });

  it('cleans pasted whitespace and quotes off the keys before using them', async () => {
    const run = await check([...target(), '--origin', ORIGIN, '--json'], {
      AWS_ACCESS_KEY_ID: ` ${s3.credentials.accessKeyId}\n`,
      AWS_SECRET_ACCESS_KEY: `"${s3.credentials.secretAccessKey}" `,
    });
    expect(statuses(JSON.parse(run.stdout) as VerifyResult).write).toBe('pass WRITE_OK');
  });

  it('fails with a wrong secret, exits 2, and prints neither secret', async () => {
    const wrongSecret = 'x'.repeat(40);
    const run = await check([...target(), '--origin', ORIGIN], { ...goodKeys, AWS_SECRET_ACCESS_KEY: wrongSecret });
    expect(run.status).toBe(2);
    expect(run.stdout).toMatch(/^✗ write {12}The secret access key does not match the access key ID\.\n {19}\S/m);
    expect(run.stdout).toContain('- presigned-write  Not checked: an earlier check failed.');
    expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(/^✗ Failed: uploads will not work\./);
    expect(run.stdout + run.stderr).not.toContain(wrongSecret);
    expectNoSecret(run);
  });

  it('says the storage service, not AWS, does not know a key ID when the endpoint is not AWS', async () => {
    const run = await check([...target(), '--origin', ORIGIN], {
      ...goodKeys,
      AWS_ACCESS_KEY_ID: 'AKIAZZZZZZZEXAMPLEZZ',
    });
    expect(run.status).toBe(2);
    expect(run.stdout).toContain('✗ write            The storage service does not know this access key ID.');
    expect(run.stdout).not.toContain('AWS does not know');
  });

  it.each([
    ['an unknown key ID', { AWS_ACCESS_KEY_ID: 'AKIAZZZZZZZEXAMPLEZZ' }, [], 'write', 'fail S3_INVALID_ACCESS_KEY_ID'],
    ['a missing bucket', {}, ['--bucket', 'no-such-lab-bucket'], 'bucket', 'fail S3_NO_SUCH_BUCKET'],
    ['a bucket without CORS', {}, ['--bucket', 'acme-lab-plain'], 'cors', 'fail CORS_REFUSED'],
    ['the example bucket name', {}, ['--bucket', 'yourbucketname'], 'format', 'fail BUCKET_NAME_PLACEHOLDER'],
  ])('fails %s with exit status 2 and its code in the JSON', async (_case, env, args, id, expected) => {
    const run = await check([...target(), '--origin', ORIGIN, ...args, '--json'], { ...goodKeys, ...env });
    expect(run.status).toBe(2);
    const result = JSON.parse(run.stdout) as VerifyResult;
    expect(result.status).toBe('failed');
    expect(statuses(result)[id]).toBe(expected);
    expectNoSecret(run);
  });

  it('prints the CORS rule to paste under a refused origin', async () => {
    const run = await check([...target('acme-lab-plain'), '--origin', ORIGIN], goodKeys);
    expect(run.status).toBe(2);
    expect(run.stdout).toMatch(/^✗ cors /m);
    expect(run.stdout).toContain('                   the CORS rule to paste:');
    expect(run.stdout).not.toContain('details.');
  });

  it('reads the keys of --profile from AWS_SHARED_CREDENTIALS_FILE', async () => {
    const run = await check([...target(), '--origin', ORIGIN, '--profile', 'lab'], {
      AWS_SHARED_CREDENTIALS_FILE: join(directory, 'credentials'),
      AWS_CONFIG_FILE: join(directory, 'no-config'),
    });
    expect(run.status).toBe(1);
    expect(run.stdout.split('\n')[0]).toMatch(/ from profile "lab"\.$/);
    expect(run.stdout).toContain('✓ write ');
    expectNoSecret(run);
  });

  it('prefers --profile over the environment, and uses AWS_PROFILE when no keys are set', async () => {
    const files = {
      AWS_SHARED_CREDENTIALS_FILE: join(directory, 'credentials'),
      AWS_CONFIG_FILE: join(directory, 'no-config'),
    };
    const flag = await check([...target(), '--profile', 'lab', '--json'], {
      ...files,
      AWS_ACCESS_KEY_ID: 'AKIAZZZZZZZEXAMPLEZZ',
      AWS_SECRET_ACCESS_KEY: 'x'.repeat(40),
    });
    expect(statuses(JSON.parse(flag.stdout) as VerifyResult).write).toBe('pass WRITE_OK');
    const variable = await check([...target()], { ...files, AWS_PROFILE: 'lab' });
    expect(variable.stdout.split('\n')[0]).toMatch(/ from profile "lab"\.$/);
  });

  it('is a usage error when the profile does not exist', async () => {
    const run = await check([...target(), '--profile', 'nope'], {
      AWS_SHARED_CREDENTIALS_FILE: join(directory, 'credentials'),
      AWS_CONFIG_FILE: join(directory, 'no-config'),
    });
    expect(run.status).toBe(64);
    expect(run.stderr).toMatch(/^error: Could not read the keys of profile "nope"/);
    expect(run.stderr).toContain("Run 'sos check --help' to see its options.");
  });

  it('is a usage error, explaining where keys come from, without keys and without a terminal', async () => {
    const run = await check(target(), {});
    expect(run.status).toBe(64);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('error: No AWS credentials to check');
    expect(run.stderr).toContain('hint: Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY');
    expect(run.stderr).toContain('--profile NAME');
  });

  it('is a usage error when only half of the key is in the environment', async () => {
    const run = await check(target(), { AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId });
    expect(run.status).toBe(64);
    expect(run.stderr).toContain('error: AWS_SECRET_ACCESS_KEY is not set, but the other half of the key is.');
  });

  it('stops after --timeout seconds when the server never answers, and reports it as failed', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const endpoint = `http://127.0.0.1:${port}`;
      const started = Date.now();
      const run = await check(
        ['--bucket', 'acme-lab-uploads', '--region', 'us-east-1', '--endpoint', endpoint, '--timeout', '1.5', '--json'],
        goodKeys,
      );
      const elapsed = Date.now() - started;
      expect(run.status).toBe(2);
      const result = JSON.parse(run.stdout) as VerifyResult;
      expect(statuses(result).bucket).toBe('fail S3_TIMEOUT');
      expect(elapsed).toBeGreaterThanOrEqual(1_500);
      expect(elapsed).toBeLessThan(8_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  it('checks an endpoint on a loopback address, which the admin typed, and never follows its redirects', async () => {
    let targetHits = 0;
    const target = createHttpServer((_req, res) => {
      targetHits += 1;
      res.writeHead(200, { 'x-amz-bucket-region': 'redirect-target-answer' }).end();
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    const targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/latest/meta-data/`;
    const redirecting = createHttpServer((req, res) => {
      req.resume();
      res.writeHead(307, { location: targetUrl, 'content-length': '0' }).end();
    });
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}`;
    try {
      const run = await check(
        ['--bucket', 'acme-lab-uploads', '--region', 'us-east-1', '--endpoint', endpoint, '--json'],
        goodKeys,
      );
      expect(run.status).toBe(2);
      const result = JSON.parse(run.stdout) as VerifyResult;
      expect(statuses(result)).toMatchObject({ format: 'pass FORMAT_OK', bucket: 'fail S3_UNEXPECTED_RESPONSE' });
      expect(targetHits).toBe(0);
      expect(run.stdout).not.toContain('redirect-target-answer');
    } finally {
      redirecting.closeAllConnections();
      target.closeAllConnections();
      await Promise.all([
        new Promise((resolve) => redirecting.close(resolve)),
        new Promise((resolve) => target.close(resolve)),
      ]);
    }
  });

  it('reports an endpoint that refuses connections as a failed check', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const run = await check(
      ['--bucket', 'acme-lab-uploads', '--region', 'us-east-1', '--endpoint', `http://127.0.0.1:${port}`, '--json'],
      goodKeys,
    );
    expect(run.status).toBe(2);
    expect(statuses(JSON.parse(run.stdout) as VerifyResult).bucket).toBe('fail S3_CONNECTION_REFUSED');
  });

  it('says in words that a closed port on 127.0.0.1 refused the connection', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const run = await check(
      ['--bucket', 'acme-lab-uploads', '--region', 'us-east-1', '--endpoint', `http://127.0.0.1:${port}`],
      goodKeys,
    );
    expect(run.status).toBe(2);
    expect(run.stdout).toContain('✗ region           The S3 endpoint refused the connection.');
    expect(run.stdout).toContain('✗ bucket           The S3 endpoint refused the connection.');
    expect(run.stdout).toContain('Check the endpoint URL and port, and that the storage service is running.');
  });

  it('says that browsers refuse port 1 (--endpoint http://127.0.0.1:1), instead of an unexpected answer', async () => {
    const args = ['--bucket', 'acme-lab-uploads', '--region', 'us-east-1', '--endpoint', 'http://127.0.0.1:1'];
    const text = await check(args, goodKeys);
    expect(text.status).toBe(2);
    expect(text.stdout).toMatch(/^✗ region {11}Browsers refuse to connect to port 1,/m);
    expect(text.stdout).toContain('Run the storage service on another port');
    expect(text.stdout).not.toContain('unexpected way');
    const json = await check([...args, '--json'], goodKeys);
    const result = JSON.parse(json.stdout) as VerifyResult;
    expect(statuses(result).region).toBe('fail S3_PORT_BLOCKED');
    expect(result.checks.find((entry) => entry.id === 'region')?.details).toEqual({ cause: 'ERR_UNSAFE_PORT' });
  });

  it('says to use http:// when --endpoint is https:// but the server speaks plain HTTP', async () => {
    const plain = createHttpServer((_request, response) => response.end());
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const { port } = plain.address() as AddressInfo;
    try {
      const run = await check(
        ['--bucket', 'acme-lab-uploads', '--region', 'us-east-1', '--endpoint', `https://127.0.0.1:${port}`, '--json'],
        goodKeys,
      );
      const result = JSON.parse(run.stdout) as VerifyResult;
      expect(statuses(result).bucket).toBe('fail S3_TLS_FAILURE');
      expect(result.checks.find((entry) => entry.id === 'bucket')?.hint).toContain('http://');
    } finally {
      plain.close();
    }
  });

  it('reports a host name that does not resolve as a DNS failure', async () => {
    const run = await check(
      [
        '--bucket',
        'acme-lab-uploads',
        '--region',
        'us-east-1',
        '--endpoint',
        'http://sos-check.invalid:9000',
        '--json',
      ],
      goodKeys,
    );
    expect(run.status).toBe(2);
    expect(statuses(JSON.parse(run.stdout) as VerifyResult).bucket).toBe('fail S3_DNS_FAILURE');
  });
});
