import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUploadHandler, generateCorsConfiguration } from '@sos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoConfig } from './config';
import { type Demo, startDemo } from './demo';

const ORIGIN = 'http://localhost:3000';
let dataDir: string;
let demo: Demo;
let sos: (labId: string, method: string, path: string, body?: unknown) => Promise<Response>;
const logged: string[] = [];

/** A request to the demo's own routes, as the pages send it. */
function call(method: string, path: string, body?: unknown): Promise<Response> {
  return demo.handle(
    new Request(`${ORIGIN}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    }),
  );
}

async function errorOf(response: Response): Promise<{ code: string; message: string; hint?: string; field?: string }> {
  return ((await response.json()) as { error: { code: string; message: string; hint?: string; field?: string } }).error;
}

async function placeOrder(labId: string, number: string): Promise<{ id: string }> {
  const response = await call('POST', '/api/orders', { labId, number, patientInitials: 'J.D.', notes: '' });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string };
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sos-demo-api-'));
  demo = await startDemo(readDemoConfig({ PORT: '3000' }, { dataDir, log: (line) => logged.push(line) }));
  await demo.listening(3000);
  // The sos handler with the demo's options, as the Express router and the Fastify plugin mount it.
  const handle = createUploadHandler(demo.uploadOptions<{ path: string }>(({ path }) => path));
  sos = (labId, method, path, body) =>
    handle(
      new Request(`${ORIGIN}${path}`, {
        method,
        ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      }),
      { path: `/api/labs/${labId}/sos${path}` },
    );
}, 30_000);

afterAll(async () => {
  await demo?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the demo labs', () => {
  it('start with their own bucket and key each, checked, with the secret stored only sealed', async () => {
    const labs = (await (await call('GET', '/api/labs')).json()) as { id: string; secret: string }[];
    expect(labs.map((lab) => lab.id)).toEqual(['bright-teeth-lab', 'smile-dental-lab']);
    const records = demo.labs.listRecords();
    expect(new Set(records.map((lab) => lab.accessKeyId)).size).toBe(2);
    for (const record of records) {
      const { secretAccessKey } = (await demo.labs.connection(record)).credentials;
      expect(record.sealedCredentials.startsWith('sos1.')).toBe(true);
      expect(record.sealedCredentials).not.toContain(secretAccessKey);
      expect(JSON.stringify(labs)).not.toContain(secretAccessKey);
      expect(record.lastCheck?.status).toBe('degraded');
    }
    expect(labs.every((lab) => lab.secret === 'sealed')).toBe(true);
  });
});

describe('the lab settings API', () => {
  const keys = () => demo.storage.localS3?.createAccessKey() ?? { accessKeyId: '', secretAccessKey: '' };

  it('refuses the guide’s placeholder bucket name, naming the field and what to do', async () => {
    const response = await call('POST', '/api/labs', {
      name: 'Acme Lab',
      bucket: 'yourbucketname',
      region: 'us-east-1',
      ...keys(),
    });
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ code: 'BUCKET_NAME_PLACEHOLDER', field: 'bucket' });
  });

  it('adds a lab and checks it; an empty secret keeps the stored one, a new key ID needs its secret', async () => {
    await demo.storage.localS3?.createBucket({
      name: 'acme-lab-orders',
      cors: generateCorsConfiguration({ origins: [...demo.origins] }).rules,
    });
    const pair = keys();
    const created = await call('POST', '/api/labs', {
      name: 'Acme Lab',
      bucket: 'acme-lab-orders',
      region: 'us-east-1',
      ...pair,
    });
    expect(created.status).toBe(201);
    const { lab, check } = (await created.json()) as { lab: { id: string }; check: { status: string } };
    expect(lab.id).toBe('acme-lab');
    expect(check.status).toBe('degraded');

    const kept = await call('PUT', '/api/labs/acme-lab', {
      name: 'Acme Dental Lab',
      bucket: 'acme-lab-orders',
      region: 'us-east-1',
      accessKeyId: pair.accessKeyId,
      secretAccessKey: '',
    });
    expect(((await kept.json()) as { check: { status: string } }).check.status).toBe('degraded');

    const newKey = await call('PUT', '/api/labs/acme-lab', {
      bucket: 'acme-lab-orders',
      region: 'us-east-1',
      accessKeyId: keys().accessKeyId,
    });
    expect(await errorOf(newKey)).toMatchObject({ code: 'FIELD_REQUIRED', field: 'secretAccessKey' });
  });

  it('checks values from the form without saving them: a wrong secret fails with its code and hint', async () => {
    const lab = demo.labs.find('smile-dental-lab');
    const response = await call('POST', '/api/labs/check', {
      id: 'smile-dental-lab',
      bucket: lab?.bucket,
      region: lab?.region,
      accessKeyId: lab?.accessKeyId,
      secretAccessKey: 'wJalrXUtnFEMIK7MDENGbPxRfiCYzzzzzzzzzzzz',
    });
    const result = (await response.json()) as { status: string; checks: { id: string; code: string; hint: string }[] };
    expect(result.status).toBe('failed');
    expect(result.checks.find((check) => check.id === 'write')).toMatchObject({ code: 'S3_SIGNATURE_MISMATCH' });
    expect(demo.labs.find('smile-dental-lab')?.lastCheck?.status).toBe('degraded');
  });
});

describe('labs that share a bucket', () => {
  it('warns when a lab is checked or saved with a bucket another lab uses, and says how to give it its own prefix', async () => {
    const pair = demo.storage.localS3?.createAccessKey() ?? { accessKeyId: '', secretAccessKey: '' };
    const values = { name: 'Second Smile Lab', bucket: 'smile-dental-lab', region: 'us-east-1', ...pair };
    type Notices = { notices: { code: string; message: string; hint: string }[] };
    const checked = (await (await call('POST', '/api/labs/check', values)).json()) as Notices;
    expect(checked.notices).toHaveLength(1);
    const [notice] = checked.notices;
    expect(notice?.code).toBe('BUCKET_SHARED');
    expect(notice?.message).toContain('Smile Dental Lab already uses the bucket smile-dental-lab');
    expect(notice?.message).toContain('orders/');
    expect(notice?.hint).toContain('prefix');
    expect(notice?.hint).toContain('sos policy --bucket smile-dental-lab --prefix orders/');

    const saved = await call('POST', '/api/labs', values);
    expect(saved.status).toBe(201);
    const answer = (await saved.json()) as Notices & { lab: { id: string } };
    expect(answer.notices.map((entry) => entry.code)).toEqual(['BUCKET_SHARED']);
    expect(answer.notices[0]?.hint).toContain(`orders/${answer.lab.id}`);

    // A lab alone in its bucket, checked with its own ID, hears nothing.
    const lab = demo.labs.find('bright-teeth-lab');
    const alone = (await (
      await call('POST', '/api/labs/check', {
        id: 'bright-teeth-lab',
        bucket: lab?.bucket,
        region: lab?.region,
        accessKeyId: lab?.accessKeyId,
      })
    ).json()) as Notices;
    expect(alone.notices).toEqual([]);
  });
});

describe('uploads through sos, per lab', () => {
  it('signs a form upload only into an order of that lab, under the order number', async () => {
    const order = await placeOrder('smile-dental-lab', 'A-7');
    const response = await sos(
      'smile-dental-lab',
      'GET',
      `/s3/params?filename=jaw.stl&type=model/stl&metadata[order]=${order.id}`,
    );
    expect(response.status).toBe(200);
    const { fields } = (await response.json()) as { fields: Record<string, string> };
    expect(fields.key).toMatch(/^orders\/A-7\/[0-9a-f-]{36}\/jaw\.stl$/);
    const [file] = demo.orders.list().find((entry) => entry.id === order.id)?.files ?? [];
    expect(file).toMatchObject({ key: fields.key, status: 'signed', method: 'POST', bucket: 'smile-dental-lab' });

    const otherLab = await sos('bright-teeth-lab', 'GET', `/s3/params?filename=jaw.stl&metadata[order]=${order.id}`);
    expect(otherLab.status).toBe(403);
    const noOrder = await sos('smile-dental-lab', 'GET', '/s3/params?filename=jaw.stl');
    expect(await errorOf(noOrder)).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses a file type no lab takes before signing anything', async () => {
    const order = await placeOrder('smile-dental-lab', 'A-8');
    const response = await sos(
      'smile-dental-lab',
      'GET',
      `/s3/params?filename=setup.exe&type=application/x-msdownload&metadata[order]=${order.id}`,
    );
    expect(response.status).toBe(415);
    expect((await errorOf(response)).code).toBe('FILE_TYPE_NOT_ALLOWED');
    expect(logged.some((line) => line.includes('FILE_TYPE_NOT_ALLOWED'))).toBe(true);
  });

  it('refuses a lab that does not exist', async () => {
    const response = await sos('no-such-lab', 'POST', '/connection/verify');
    expect(response.status).toBe(403);
  });

  it('refuses uploads in parts through Uppy Companion’s routes, which send no size to hold to the limit', async () => {
    const order = await placeOrder('smile-dental-lab', 'A-9');
    const response = await sos('smile-dental-lab', 'POST', '/s3/multipart', {
      filename: 'scan.zip',
      type: 'application/zip',
      metadata: { order: order.id },
    });
    expect(response.status).toBe(403);
    expect((await errorOf(response)).code).toBe('MULTIPART_SIZE_UNKNOWN');
  });

  it("answers the lab's setup documents and connection check on sos's own routes", async () => {
    const setup = (await (await sos('bright-teeth-lab', 'GET', '/setup')).json()) as {
      cors: { AllowedOrigins: string[] }[];
    };
    expect(setup.cors[0]?.AllowedOrigins).toEqual(['http://localhost:3000', 'http://127.0.0.1:3000']);
    const verify = (await (await sos('bright-teeth-lab', 'POST', '/connection/verify')).json()) as { status: string };
    expect(verify.status).toBe('degraded');
  });
});

describe('the orders API', () => {
  interface Instruction {
    method: string;
    key: string;
    uploadId?: string;
    ticket: string;
    parts?: { partNumber: number; url: string; headers: Record<string, string>; size: number }[];
  }

  async function signUpload(labId: string, orderId: string, name: string, size: number): Promise<Instruction> {
    const response = await sos(labId, 'POST', '/uploads', {
      files: [{ name, size, type: 'application/zip' }],
      metadata: { order: orderId },
    });
    expect(response.status).toBe(200);
    const { uploads } = (await response.json()) as { uploads: Instruction[] };
    return uploads[0] as Instruction;
  }

  function report(orderId: string, body: unknown): Promise<Response> {
    return call('POST', `/api/orders/${orderId}/files`, body);
  }

  it('records what the page reports, only for files signed for that order, with the size signed', async () => {
    const order = await placeOrder('bright-teeth-lab', 'B-1');
    const { key, method } = await signUpload('bright-teeth-lab', order.id, 'bite.zip', 1200);
    expect(method).toBe('PUT');
    const reported = await report(order.id, { key, status: 'uploaded', size: 12 });
    expect(await reported.json()).toMatchObject({ key, status: 'uploaded', size: 1200, method: 'PUT' });
    const other = await placeOrder('bright-teeth-lab', 'B-2');
    const wrongOrder = await report(other.id, { key, status: 'uploaded', size: 1200 });
    expect(wrongOrder.status).toBe(404);
  });

  it('lists an upload in parts as uploaded only once S3 completed it, and keeps it so', async () => {
    const order = await placeOrder('bright-teeth-lab', 'B-3');
    const size = 9 * 1024 * 1024;
    const upload = await signUpload('bright-teeth-lab', order.id, 'cbct.zip', size);
    expect(upload.method).toBe('MULTIPART');
    const early = await report(order.id, { key: upload.key, status: 'uploaded', size });
    expect(early.status).toBe(409);
    expect((await errorOf(early)).code).toBe('UPLOAD_NOT_COMPLETE');

    const parts = [];
    for (const part of upload.parts ?? []) {
      const sent = await fetch(part.url, { method: 'PUT', headers: part.headers, body: new Uint8Array(part.size) });
      expect(sent.status).toBe(200);
      parts.push({ partNumber: part.partNumber, etag: sent.headers.get('etag') ?? '' });
    }
    const completed = await sos('bright-teeth-lab', 'POST', '/uploads/complete', { ticket: upload.ticket, parts });
    expect(completed.status).toBe(200);
    const files = demo.orders.list().find((entry) => entry.id === order.id)?.files;
    expect(files).toMatchObject([{ key: upload.key, status: 'uploaded', size, method: 'MULTIPART' }]);

    // The object is in the bucket: a failure the page reports afterwards does not hide it.
    const late = await report(order.id, { name: 'cbct.zip', status: 'failed', error: 'The connection was lost.' });
    expect(late.status).toBe(404);
    const byKey = await report(order.id, { key: upload.key, status: 'cancelled', note: 'Nothing stays.' });
    expect(await byKey.json()).toMatchObject({ status: 'uploaded', note: null });
  });

  it('records a cancelled upload with where its parts went, and a failed one found by its name', async () => {
    const order = await placeOrder('smile-dental-lab', 'B-4');
    const cancelled = await signUpload('smile-dental-lab', order.id, 'jaw.zip', 9 * 1024 * 1024);
    const aborted = await sos('smile-dental-lab', 'POST', '/uploads/abort', { ticket: cancelled.ticket });
    expect(await aborted.json()).toEqual({ aborted: true });
    const note = 'Cancelled: the parts already sent were removed from the bucket.';
    const reported = await report(order.id, { key: cancelled.key, status: 'cancelled', note });
    expect(await reported.json()).toMatchObject({ status: 'cancelled', note });

    const failed = await signUpload('smile-dental-lab', order.id, 'photo.zip', 1000);
    const error = '“photo.zip” was not uploaded: the connection was lost.';
    const byName = await report(order.id, { name: 'photo.zip', status: 'failed', error });
    expect(await byName.json()).toMatchObject({ key: failed.key, status: 'failed', note: error });
    const statuses = demo.orders
      .list()
      .find((entry) => entry.id === order.id)
      ?.files.map((file) => file.status);
    expect(statuses).toEqual(['cancelled', 'failed']);
  });

  it('refuses a repeated order number and a full name as initials, naming the field', async () => {
    await placeOrder('smile-dental-lab', 'C-1');
    const again = await call('POST', '/api/orders', {
      labId: 'smile-dental-lab',
      number: 'C-1',
      patientInitials: 'JD',
    });
    expect(await errorOf(again)).toMatchObject({ code: 'ORDER_EXISTS', field: 'number' });
    const name = await call('POST', '/api/orders', {
      labId: 'smile-dental-lab',
      number: 'C-2',
      patientInitials: 'Jane Doe',
    });
    expect(await errorOf(name)).toMatchObject({ code: 'INITIALS_INVALID', field: 'patientInitials' });
  });

  it('refuses orders for a lab whose last connection check failed, and says why', async () => {
    const created = await call('POST', '/api/labs', {
      name: 'Broken Lab',
      bucket: 'no-such-bucket-here',
      region: 'us-east-1',
      ...(demo.storage.localS3?.createAccessKey() ?? {}),
    });
    expect(((await created.json()) as { check: { status: string } }).check.status).toBe('failed');
    const response = await call('POST', '/api/orders', { labId: 'broken-lab', number: 'D-1', patientInitials: 'JD' });
    expect(response.status).toBe(409);
    const error = await errorOf(response);
    expect(error).toMatchObject({ code: 'LAB_CONNECTION_FAILED', field: 'labId' });
    expect(error.hint).toContain('Labs page');
  });
});

describe('pages, files and setup documents', () => {
  it('serves the pages at their paths and nothing outside the public folder', async () => {
    for (const path of ['/', '/labs', '/orders/new', '/orders']) {
      const response = await call('GET', path);
      expect(response.headers.get('content-type'), path).toBe('text/html; charset=utf-8');
    }
    expect((await call('GET', '/vendor/sos-client/index.js')).headers.get('content-type')).toBe(
      'text/javascript; charset=utf-8',
    );
    for (const path of ['/index.html', '/../package.json', '/%2e%2e/package.json', '/js/../../src/demo.ts']) {
      expect((await call('GET', path)).status, path).toBe(404);
    }
  });

  it('answers an unknown page with the styled not-found page for browsers', async () => {
    const page = await demo.handle(new Request(`${ORIGIN}/no-such-page`, { headers: { accept: 'text/html,*/*' } }));
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toContain('<link rel="stylesheet" href="/css/app.css" />');
    expect(html).toContain('<h1>Page not found</h1>');
    expect(html).toContain('href="/labs"');
    const script = await call('GET', '/no-such-file.js');
    expect(script.status).toBe(404);
    expect(script.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  });

  it('answers unknown API routes and methods in the error format', async () => {
    const missing = await call('GET', '/api/nothing');
    expect(await errorOf(missing)).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
    const method = await call('PUT', '/api/orders', {});
    expect(method.status).toBe(405);
    expect(method.headers.get('allow')).toBe('GET, POST');
  });

  it('fills in the setup guide, policy and CloudFormation template for a bucket the lab has yet to create', async () => {
    const response = await call('GET', '/api/setup?bucket=sos-acme&region=Frankfurt');
    const setup = (await response.json()) as {
      region: string;
      documents: { policy: { Statement: { Resource: string }[] } };
      guide: string;
      cloudFormation: { quickCreateUrl: string | null; yamlUrl: string };
    };
    expect(setup.region).toBe('eu-central-1');
    expect(setup.documents.policy.Statement[0]?.Resource).toBe('arn:aws:s3:::sos-acme/orders/*');
    expect(setup.guide).toContain('# Connect your own Amazon S3 bucket to Simple Order System');
    expect(setup.cloudFormation.quickCreateUrl).toBeNull();
    const template = await call('GET', setup.cloudFormation.yamlUrl);
    expect(template.headers.get('content-disposition')).toBe('attachment; filename="sos-sos-acme.yaml"');
    expect(await template.text()).toContain('AWSTemplateFormatVersion');
    const bad = await call('GET', '/api/setup?bucket=My_Bucket&region=eu-central-1');
    expect((await errorOf(bad)).field).toBe('bucket');
  });
});
