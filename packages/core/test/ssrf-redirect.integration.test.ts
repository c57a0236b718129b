// Server-side request forgery through a tenant's S3 endpoint: the endpoint
// comes from the tenant's stored settings, so the connection check must never
// follow its redirects nor report anything the redirect's target answered.
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Connection, type EndpointFilter, type VerifyResult, verifyConnection } from '../src';
import { type FakeS3, startFakeS3 } from './fake-s3';
import { METADATA_MARKER, METADATA_PATH, type SsrfServers, startSsrfServers } from './ssrf-servers';

const ORIGIN = 'https://orders.example.com';
const credentials = {
  accessKeyId: 'AKIA2ZQXEXAMPLEBRT6W',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzyxwvutsrq',
};

let servers: SsrfServers;
let fakeS3: FakeS3;

beforeAll(async () => {
  [servers, fakeS3] = await Promise.all([startSsrfServers(), startFakeS3()]);
});
afterEach(() => {
  fakeS3.reset();
});
afterAll(async () => {
  await Promise.all([servers?.close(), fakeS3?.stop()]);
});

/** Allows exactly one origin, as an app allows the storage service it runs itself. */
const allowOnly =
  (origin: string): EndpointFilter =>
  (url) =>
    url.origin === origin;

const statuses = (result: VerifyResult) =>
  Object.fromEntries(result.checks.map((check) => [check.id, `${check.status} ${check.code}`]));

function expectNothingOfTheTarget(result: VerifyResult): void {
  for (const text of [JSON.stringify(result), inspect(result, { depth: Number.POSITIVE_INFINITY })]) {
    expect(text).not.toContain(METADATA_MARKER);
    expect(text).not.toContain(servers.metadataOrigin);
    expect(text).not.toContain(METADATA_PATH);
    expect(text).not.toContain(credentials.secretAccessKey);
  }
}

describe('verifyConnection never follows a tenant endpoint’s redirect', () => {
  it('sends nothing to the 307 target of an endpoint that redirects everything, and reports none of its answer', async () => {
    const connection: Connection = { bucket: 'acme-lab-uploads', region: 'eu-central-1', credentials };
    const result = await verifyConnection(
      { ...connection, endpoint: servers.endpoint },
      { origins: [ORIGIN], allowEndpoint: allowOnly(servers.endpoint), timeoutMs: 5_000 },
    );
    expect(servers.endpointHits()).toBeGreaterThan(0);
    expect(servers.metadataHits()).toBe(0);
    expect(result.status).toBe('failed');
    expect(result.suggestedRegion).toBeUndefined();
    expect(result.checks.find((check) => check.id === 'bucket')).toMatchObject({
      status: 'fail',
      code: 'S3_UNEXPECTED_RESPONSE',
      details: { status: 307 },
    });
    expectNothingOfTheTarget(result);
  });

  it('treats a 3xx to the presigned upload and to the CORS preflights as the answer', async () => {
    const target = `${servers.metadataOrigin}${METADATA_PATH}`;
    fakeS3.behave((request) =>
      request.method === 'OPTIONS' || request.query.has('X-Amz-Signature')
        ? { status: 307, headers: { location: target } }
        : undefined,
    );
    const result = await verifyConnection(
      { bucket: 'acme-lab-uploads', region: 'eu-central-1', credentials, endpoint: fakeS3.endpoint },
      { origins: [ORIGIN], allowEndpoint: allowOnly(fakeS3.endpoint), timeoutMs: 5_000 },
    );
    expect(servers.metadataHits()).toBe(0);
    expect(statuses(result)).toMatchObject({
      bucket: 'pass BUCKET_OK',
      write: 'pass WRITE_OK',
      'presigned-write': 'fail S3_UNEXPECTED_RESPONSE',
      cors: 'fail CORS_REFUSED',
    });
    expect(result.checks.find((check) => check.id === 'presigned-write')?.details).toMatchObject({ status: 307 });
    expect(fakeS3.requests.filter((request) => request.method === 'OPTIONS')).toHaveLength(2);
    expectNothingOfTheTarget(result);
  });

  it('refuses the redirecting endpoint itself by default (a loopback address), sending nothing', async () => {
    const before = servers.endpointHits();
    const result = await verifyConnection(
      { bucket: 'acme-lab-uploads', region: 'eu-central-1', credentials, endpoint: servers.endpoint },
      { origins: [ORIGIN] },
    );
    expect(statuses(result).format).toBe('fail ENDPOINT_NOT_ALLOWED');
    expect(result.checks.slice(1).every((check) => check.status === 'skip')).toBe(true);
    expect(servers.endpointHits()).toBe(before);
    expect(servers.metadataHits()).toBe(0);
  });
});
