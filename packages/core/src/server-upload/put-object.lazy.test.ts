import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it, vi } from 'vitest';
import { S3ClientCache } from '../connection';

const loaded = vi.hoisted(() => ({ libStorage: false }));
vi.mock('@aws-sdk/lib-storage', async (importOriginal) => {
  loaded.libStorage = true;
  return importOriginal();
});

describe('@aws-sdk/lib-storage', () => {
  it('is loaded by the first putObject, not when the server upload is imported', async () => {
    const { putObject } = await import('./index');
    expect(loaded.libStorage).toBe(false);

    const s3 = mockClient(S3Client);
    s3.on(PutObjectCommand).resolves({ ETag: '"e1"' });
    const connection = {
      bucket: 'lab-uploads',
      region: 'eu-central-1',
      credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
    };
    const result = await putObject({
      connection,
      key: 'orders/a.pdf',
      body: 'x',
      contentType: 'application/pdf',
      clients: new S3ClientCache(),
    });
    expect(result.etag).toBe('"e1"');
    expect(loaded.libStorage).toBe(true);
    s3.restore();
  });
});
