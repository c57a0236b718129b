import type { AddressInfo } from 'node:net';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { type Connection, createS3Client } from '@sos/core';
import { type LocalS3, startLocalS3 } from '@sos/local-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app';

let s3: LocalS3;
let connection: Connection;
let baseUrl: string;
let close: () => void;

beforeAll(async () => {
  s3 = await startLocalS3({ buckets: ['demo'] });
  connection = {
    bucket: 'demo',
    region: s3.region,
    credentials: s3.credentials,
    endpoint: s3.endpoint,
    prefix: 'uploads',
  };
  const server = createApp(connection).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => {
    server.closeAllConnections();
    server.close();
  };
});
afterAll(async () => {
  close();
  await s3.stop();
});

describe('the express example', () => {
  it('serves the upload page and its script', async () => {
    const page = await fetch(baseUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<input id="files" type="file" multiple');
    const script = await fetch(`${baseUrl}/upload.js`);
    expect(await script.text()).toContain("fetch('/api/sos/uploads'");
  });

  it('lets a client upload a file straight into the bucket, as the page does', async () => {
    const signed = await fetch(`${baseUrl}/api/sos/uploads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ files: [{ name: 'bite scan.stl', type: 'model/stl', size: 11 }] }),
    });
    const { uploads } = (await signed.json()) as {
      uploads: { method: string; url: string; headers: Record<string, string>; key: string }[];
    };
    const [upload] = uploads;
    if (upload === undefined) throw new Error('no upload signed');
    const put = await fetch(upload.url, { method: upload.method, headers: upload.headers, body: 'solid model' });
    expect(put.status).toBe(200);
    const object = await createS3Client(connection).send(new GetObjectCommand({ Bucket: 'demo', Key: upload.key }));
    expect(await object.Body?.transformToString()).toBe('solid model');
    expect(upload.key).toMatch(/^uploads\/\d{4}\/\d{2}\/\d{2}\/[0-9a-f-]{36}\/bite scan\.stl$/);
  });
});
