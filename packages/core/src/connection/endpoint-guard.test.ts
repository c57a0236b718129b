import { describe, expect, it } from 'vitest';
import { isSosError, type SosError } from '../errors';
import { assertEndpointAllowed, type EndpointFilter } from './endpoint-guard';

function refusal(endpoint: string, allowEndpoint?: EndpointFilter): SosError {
  try {
    assertEndpointAllowed(endpoint, allowEndpoint);
  } catch (error) {
    if (isSosError(error)) return error;
    throw error;
  }
  throw new Error(`${endpoint} was allowed`);
}

describe('assertEndpointAllowed by default', () => {
  it('allows no endpoint at all (Amazon S3 itself)', () => {
    expect(() => assertEndpointAllowed(undefined)).not.toThrow();
    expect(() => assertEndpointAllowed(undefined, () => false)).not.toThrow();
  });

  it.each([
    'https://s3.eu-central-1.amazonaws.com',
    'https://account.r2.cloudflarestorage.com',
    'https://s3.wasabisys.com:443/',
    'http://minio.example.com:9000',
    'http://93.184.216.34:9000',
    'http://[2606:4700:4700::1111]:9000',
    'http://172.15.255.255',
    'http://172.32.0.1',
    'http://192.169.0.1',
    'http://100.63.255.255',
    'http://169.253.255.255',
    'http://[::ffff:93.184.216.34]',
    'http://[2002:a9fe:a9fe::1]',
    'http://localhost.example.com',
    'http://notlocalhost',
  ])('allows the public endpoint %s', (endpoint) => {
    expect(() => assertEndpointAllowed(endpoint)).not.toThrow();
  });

  it.each([
    ['http://127.0.0.1:9000', 'loopback'],
    ['http://127.255.255.254', 'loopback'],
    ['http://[::1]:9000', 'loopback'],
    ['http://169.254.169.254', 'cloud metadata'],
    ['http://169.254.169.254/latest/meta-data/iam/security-credentials/', 'cloud metadata'],
    ['http://[fd00:ec2::254]', 'cloud metadata'],
    ['http://100.100.100.200', 'cloud metadata'],
    ['http://169.254.1.1', 'link-local'],
    ['http://[fe80::1]', 'link-local'],
    ['http://[febf:ffff::1]', 'link-local'],
    ['http://10.0.0.5:9000', 'private'],
    ['http://172.16.0.1', 'private'],
    ['http://172.31.255.255', 'private'],
    ['http://192.168.1.10', 'private'],
    ['http://100.64.0.1', 'private'],
    ['http://[fc00::1]', 'private'],
    ['http://[fd12:3456::1]', 'private'],
    ['http://0.0.0.0:9000', 'unspecified'],
    ['http://[::]:9000', 'unspecified'],
  ])('refuses %s: %s', (endpoint, kind) => {
    const error = refusal(endpoint);
    expect(error.code).toBe('ENDPOINT_NOT_ALLOWED');
    expect(error.status).toBe(403);
    expect(error.details).toMatchObject({ kind });
    expect(error.message).toContain(kind === 'private' ? 'private network' : kind);
  });

  it.each([
    ['http://2130706433/', 'loopback'],
    ['http://0x7f.1/', 'loopback'],
    ['http://0x7f000001/', 'loopback'],
    ['http://0177.0.0.1/', 'loopback'],
    ['http://127.1/', 'loopback'],
    ['http://127.000.000.001/', 'loopback'],
    ['http://127.0.0.1./', 'loopback'],
    ['http://%31%32%37.0.0.1/', 'loopback'],
    ['http://０x７f.1/', 'loopback'],
    ['http://0/', 'unspecified'],
    ['http://2852039166/', 'cloud metadata'],
    ['http://0xa9.0xfe.0xa9.0xfe/', 'cloud metadata'],
    ['http://0251.0376.0251.0376/', 'cloud metadata'],
    ['http://0xa9fea9fe/', 'cloud metadata'],
    ['http://167772165/', 'private'],
  ])('refuses the IPv4 spelled %s (%s), as the URL parser reads it', (endpoint, kind) => {
    expect(refusal(endpoint).details).toMatchObject({ kind });
  });

  it.each([
    ['http://[::ffff:127.0.0.1]', 'loopback'],
    ['http://[::ffff:7f00:1]', 'loopback'],
    ['http://[0:0:0:0:0:ffff:7f00:1]', 'loopback'],
    ['http://[::ffff:a9fe:a9fe]', 'cloud metadata'],
    ['http://[::ffff:169.254.169.254]', 'cloud metadata'],
    ['http://[::ffff:10.0.0.1]', 'private'],
    ['http://[::ffff:0.0.0.0]', 'unspecified'],
    ['http://[::127.0.0.1]', 'loopback'],
    ['http://[::a9fe:a9fe]', 'cloud metadata'],
    ['http://[64:ff9b::a9fe:a9fe]', 'cloud metadata'],
    ['http://[64:ff9b::192.168.0.1]', 'private'],
    ['http://[0:0:0:0:0:0:0:1]:9000', 'loopback'],
    ['http://[FD00:EC2:0::254]', 'cloud metadata'],
  ])('refuses the IPv6 form %s (%s)', (endpoint, kind) => {
    expect(refusal(endpoint).details).toMatchObject({ kind });
  });

  it.each(['http://[64:ff9b::5db8:d822]', 'http://[::ffff:5db8:d822]'])(
    'allows %s, which carries a public IPv4 address',
    (endpoint) => {
      expect(() => assertEndpointAllowed(endpoint)).not.toThrow();
    },
  );

  it.each([
    'http://localhost:9000',
    'http://LOCALHOST',
    'http://localhost.',
    'http://minio.localhost:9000',
    'http://a.b.localhost./',
    'http://metadata.google.internal/computeMetadata/v1/',
  ])('refuses the name %s', (endpoint) => {
    expect(refusal(endpoint).code).toBe('ENDPOINT_NOT_ALLOWED');
  });

  it.each([
    'file:///etc/passwd',
    'ftp://files.example.com',
    'gopher://127.0.0.1:6379/_INFO',
    'ws://s3.example.com',
    'javascript:alert(1)',
    'data:text/plain,hi',
  ])('refuses the protocol of %s', (endpoint) => {
    expect(refusal(endpoint).message).toMatch(/must be an http or https URL, not [a-z]+:\.$/);
  });

  it.each(['', 's3.example.com', 'http://', 'http://[::1', 'http://1.2.3.4.5/', 'http://exa mple.com'])(
    'refuses %j, which is not a URL',
    (endpoint) => {
      expect(refusal(endpoint).message).toBe('The S3 endpoint is not a valid URL.');
    },
  );

  it('names the host and port, never the credentials in the URL, and says how to allow it', () => {
    const error = refusal('http://AKIAEXAMPLE:secret-in-url@10.0.0.5:9000/bucket?X-Amz-Signature=sig');
    const text = JSON.stringify({ ...error.toJSON(), details: error.details });
    expect(error.message).toBe('The S3 endpoint 10.0.0.5:9000 is not allowed: it is a private network address.');
    expect(error.hint).toContain("allowEndpoint: (url) => url.origin === 'http://10.0.0.5:9000'");
    for (const secret of ['AKIAEXAMPLE', 'secret-in-url', 'X-Amz-Signature', 'sig']) expect(text).not.toContain(secret);
  });
});

describe('assertEndpointAllowed with allowEndpoint', () => {
  it('lets the filter alone decide, with the parsed URL', () => {
    const seen: URL[] = [];
    const own: EndpointFilter = (url) => {
      seen.push(url);
      return url.origin === 'http://127.0.0.1:9000';
    };
    expect(() => assertEndpointAllowed('http://127.0.0.1:9000/', own)).not.toThrow();
    expect(seen[0]).toBeInstanceOf(URL);
    expect(seen[0]?.hostname).toBe('127.0.0.1');
    // Another port of the same loopback host, and a public host, are refused by this filter.
    expect(refusal('http://127.0.0.1:9001', own).message).toBe('The S3 endpoint 127.0.0.1:9001 is not allowed here.');
    expect(refusal('https://s3.amazonaws.com', own).hint).toContain('allowEndpoint refused it');
  });

  it('allows any http(s) endpoint when the filter returns true, but never another protocol', () => {
    for (const endpoint of ['http://169.254.169.254', 'http://[::1]:9000', 'http://localhost:9000']) {
      expect(() => assertEndpointAllowed(endpoint, () => true)).not.toThrow();
    }
    expect(refusal('file:///etc/passwd', () => true).code).toBe('ENDPOINT_NOT_ALLOWED');
    expect(refusal('not a url', () => true).code).toBe('ENDPOINT_NOT_ALLOWED');
  });

  it('sees the normalised host, so an odd spelling cannot slip past an allow-list', () => {
    const noLoopback: EndpointFilter = (url) => url.hostname !== '127.0.0.1';
    expect(refusal('http://0x7f.1:9000', noLoopback).code).toBe('ENDPOINT_NOT_ALLOWED');
  });
});
