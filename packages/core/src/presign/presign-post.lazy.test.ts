import { describe, expect, it, vi } from 'vitest';
import { S3ClientCache } from '../connection';

const loaded = vi.hoisted(() => ({ presignedPost: false }));
vi.mock('@aws-sdk/s3-presigned-post', async (importOriginal) => {
  loaded.presignedPost = true;
  return importOriginal();
});

describe('@aws-sdk/s3-presigned-post', () => {
  it('is loaded by the first presignPost, not when presigning is imported', async () => {
    const { presignPost } = await import('./index');
    expect(loaded.presignedPost).toBe(false);

    const connection = {
      bucket: 'lab-uploads',
      region: 'eu-central-1',
      credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
    };
    const post = await presignPost({
      connection,
      key: 'orders/a.png',
      contentType: 'image/png',
      maxBytes: 1024,
      clients: new S3ClientCache(),
    });
    expect(post.fields.Policy).toBeTruthy();
    expect(loaded.presignedPost).toBe(true);
  });
});
