// The upload policy sos generates, applied to real users on Ceph RGW: what RGW
// allows and refuses must match what the policy promises, and what sos's own
// evaluator decides.
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  abortMultipartUpload,
  type Connection,
  completeMultipartUpload,
  createMultipartUpload,
  evaluatePolicy,
  generateUploadPolicy,
  listParts,
  presignPost,
  presignPut,
  signParts,
  type UploadPolicyOptions,
} from '@sos/core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  adminS3,
  connectionFor,
  createBucket,
  createUser,
  decisionOf,
  grantThroughBucketPolicy,
  httpOutcome,
  outcome,
  rgw,
  s3For,
  unique,
} from './rgw';

const MiB = 1024 * 1024;

let bucket: string;
let otherBucket: string;
beforeAll(async () => {
  bucket = await createBucket(unique('sos-lab'));
  otherBucket = await createBucket(unique('sos-other'));
  // Objects the tenant did not write: RGW lets a user read what it uploaded itself
  // (it owns it), so read and delete rights are probed on objects another user owns.
  for (const key of ['admin/existing.txt', 'orders/admin-existing.txt']) {
    await adminS3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'owned by the bucket owner' }));
  }
});

async function uploadWithPut(connection: Connection, key: string): Promise<string> {
  const upload = await presignPut({ connection, key, contentType: 'model/stl' });
  return httpOutcome(await fetch(upload.url, { method: upload.method, headers: upload.headers, body: 'solid' }));
}

async function uploadWithPost(connection: Connection, key: string): Promise<string> {
  const post = await presignPost({ connection, key, contentType: 'image/png', maxBytes: 1024 });
  const form = new FormData();
  for (const [name, value] of Object.entries(post.fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(100)], { type: 'image/png' }));
  return httpOutcome(await fetch(post.url, { method: 'POST', body: form }));
}

async function uploadMultipart(connection: Connection, key: string): Promise<string> {
  const { uploadId } = await createMultipartUpload({ connection, key, contentType: 'application/zip' });
  const sizes = [5 * MiB, 5 * MiB, 1024];
  const { parts } = await signParts({ connection, key, uploadId, partNumbers: [1, 2, 3] });
  const etags: { partNumber: number; etag: string }[] = [];
  for (const part of parts) {
    const response = await fetch(part.url, {
      method: 'PUT',
      headers: part.headers,
      body: new Uint8Array(sizes[part.partNumber - 1] ?? 0).fill(part.partNumber),
    });
    expect(response.status).toBe(200);
    etags.push({ partNumber: part.partNumber, etag: response.headers.get('etag') ?? '' });
  }
  await completeMultipartUpload({ connection, key, uploadId, parts: etags });
  return 'OK';
}

describe.each<[string, Omit<UploadPolicyOptions, 'bucket'>, string]>([
  ['the seed’s put-only policy', {}, ''],
  ['a prefix-scoped policy', { prefix: 'orders' }, 'orders/'],
  ['the multipart tier', { prefix: 'orders', tier: 'multipart' }, 'orders/'],
])('RGW enforces %s', (_name, policyOptions, folder) => {
  let connection: Connection;
  let policy: ReturnType<typeof generateUploadPolicy>;
  beforeAll(async () => {
    policy = generateUploadPolicy({ bucket, ...policyOptions });
    connection = connectionFor(bucket, await createUser(policy), policyOptions.prefix);
  });

  it('lets uploads through presignPut and multipart', async () => {
    expect(await uploadWithPut(connection, `${folder}put/scan.stl`)).toBe('OK');
    expect(await uploadMultipart(connection, `${folder}multipart/cbct.zip`)).toBe('OK');
    // On RGW the uploader owns the object, and only it (not the bucket owner) may read it back.
    const stored = await s3For(connection.credentials).send(
      new GetObjectCommand({ Bucket: bucket, Key: `${folder}multipart/cbct.zip` }),
    );
    expect(stored.ContentLength).toBe(10 * MiB + 1024);
  });

  it('refuses reading, listing and deleting others’ files, and writing to another bucket', async () => {
    const s3 = s3For(connection.credentials);
    const existing = `${folder}${folder ? 'admin-existing.txt' : 'admin/existing.txt'}`;
    expect(await outcome(s3.send(new GetObjectCommand({ Bucket: bucket, Key: existing })))).toBe('AccessDenied');
    expect(await outcome(s3.send(new ListObjectsV2Command({ Bucket: bucket })))).toBe('AccessDenied');
    expect(await outcome(s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: existing })))).toBe('AccessDenied');
    expect(await outcome(s3.send(new PutObjectCommand({ Bucket: otherBucket, Key: `${folder}x`, Body: 'x' })))).toBe(
      'AccessDenied',
    );
  });

  it.runIf(folder !== '')('refuses writes outside the prefix', async () => {
    const s3 = s3For(connection.credentials);
    expect(await outcome(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'elsewhere/x', Body: 'x' })))).toBe(
      'AccessDenied',
    );
  });

  it('lets uploads through presignPost, with the same statements granted in a bucket policy', async () => {
    // RGW 16 does not apply IAM user policies to browser POST uploads (AWS does), so
    // this one grant goes through a bucket of its own whose policy holds the same statements.
    const postBucket = await createBucket(unique('sos-post'));
    const user = await createUser();
    const postPolicy = generateUploadPolicy({ bucket: postBucket, ...policyOptions });
    await grantThroughBucketPolicy(postBucket, user.uid, postPolicy);
    const postConnection = connectionFor(postBucket, user, policyOptions.prefix);
    expect(await uploadWithPost(postConnection, `${folder}post/photo.png`)).toBe('OK');
    expect(await uploadWithPut(postConnection, `${folder}put/scan.stl`)).toBe('OK');
    if (folder) {
      // sos itself refuses to sign outside the prefix; sign without it to see RGW refuse too.
      const { prefix: _prefix, ...unscoped } = postConnection;
      expect(await uploadWithPost(unscoped, 'elsewhere/photo.png')).toBe('AccessDenied');
    }
  });

  it(`${policyOptions.tier === 'multipart' ? 'lets' : 'does not let'} the key list parts and abort multipart uploads`, async () => {
    // Started by the bucket owner: RGW also lets the initiator of an upload list its parts
    // whatever the policy says (see the next test), so only someone else's upload shows the policy.
    const key = `${folder}abandoned/scan.zip`;
    const { uploadId } = await createMultipartUpload({
      connection: connectionFor(bucket, rgw.admin),
      key,
      contentType: 'application/zip',
    });
    if (policyOptions.tier === 'multipart') {
      await expect(listParts({ connection, key, uploadId })).resolves.toEqual([]);
      await expect(abortMultipartUpload({ connection, key, uploadId })).resolves.toBeUndefined();
    } else {
      await expect(listParts({ connection, key, uploadId })).rejects.toMatchObject({
        code: 'MULTIPART_PERMISSION_MISSING',
      });
      await expect(abortMultipartUpload({ connection, key, uploadId })).rejects.toMatchObject({
        code: 'MULTIPART_PERMISSION_MISSING',
        hint: expect.stringContaining('multipart'),
      });
    }
  });

  it('RGW artefact: the initiator of an upload may list its parts without s3:ListMultipartUploadParts', async () => {
    const key = `${folder}own/scan.zip`;
    const { uploadId } = await createMultipartUpload({ connection, key, contentType: 'application/zip' });
    await expect(listParts({ connection, key, uploadId })).resolves.toEqual([]);
    expect(
      evaluatePolicy(policy, { action: 's3:ListMultipartUploadParts', resource: `arn:aws:s3:::${bucket}/${key}` })
        .decision,
    ).toBe(policyOptions.tier === 'multipart' ? 'allow' : 'implicit-deny');
  });

  it('is decided by evaluatePolicy exactly as RGW decides it, action by action', async () => {
    const s3 = s3For(connection.credentials);
    const own = `${folder}differential/own.txt`;
    const admins = `${folder}${folder ? 'admin-existing.txt' : 'admin/existing.txt'}`;
    const { uploadId } = await createMultipartUpload({
      connection: connectionFor(bucket, rgw.admin),
      key: `${folder}differential/mpu.bin`,
      contentType: 'application/octet-stream',
    });
    const cases: [action: string, resource: string, call: () => Promise<unknown>][] = [
      [
        's3:PutObject',
        `${bucket}/${own}`,
        () => s3.send(new PutObjectCommand({ Bucket: bucket, Key: own, Body: 'x' })),
      ],
      [
        's3:PutObject',
        `${bucket}/outside/x`,
        () => s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'outside/x', Body: 'x' })),
      ],
      [
        's3:PutObject',
        `${otherBucket}/${own}`,
        () => s3.send(new PutObjectCommand({ Bucket: otherBucket, Key: own, Body: 'x' })),
      ],
      ['s3:GetObject', `${bucket}/${admins}`, () => s3.send(new GetObjectCommand({ Bucket: bucket, Key: admins }))],
      ['s3:ListBucket', bucket, () => s3.send(new ListObjectsV2Command({ Bucket: bucket }))],
      [
        's3:DeleteObject',
        `${bucket}/${admins}`,
        () => s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: admins })),
      ],
      [
        's3:ListMultipartUploadParts',
        `${bucket}/${folder}differential/mpu.bin`,
        () => listParts({ connection, key: `${folder}differential/mpu.bin`, uploadId }),
      ],
      [
        's3:AbortMultipartUpload',
        `${bucket}/${folder}differential/mpu.bin`,
        () => abortMultipartUpload({ connection, key: `${folder}differential/mpu.bin`, uploadId }),
      ],
    ];
    const decisions = [];
    for (const [action, resource, call] of cases) {
      const rgwDecision = decisionOf(await outcome(call()));
      const ours =
        evaluatePolicy(policy, { action, resource: `arn:aws:s3:::${resource}` }).decision === 'allow'
          ? 'allow'
          : 'deny';
      decisions.push({ action, resource, rgw: rgwDecision, evaluator: ours });
    }
    expect(decisions.filter((decision) => decision.rgw !== decision.evaluator)).toEqual([]);
    expect(decisions.filter((decision) => decision.rgw === 'allow').length).toBeGreaterThan(0);
  });
});
