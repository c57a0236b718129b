import type { Connection } from '@sos/core';
import { startLocalS3 } from '@sos/local-s3';
import { createApp } from './app';

const port = Number(process.env.PORT ?? 3000);
const origins = [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
const bucket = 'demo-lab-uploads';

const s3 = await startLocalS3({
  buckets: [
    {
      name: bucket,
      cors: [
        {
          AllowedOrigins: origins,
          AllowedMethods: ['PUT', 'POST'],
          AllowedHeaders: ['*'],
          ExposeHeaders: ['ETag', 'Location'],
          MaxAgeSeconds: 3000,
        },
      ],
    },
  ],
});
const connection: Connection = {
  bucket,
  region: s3.region,
  credentials: s3.credentials,
  endpoint: s3.endpoint,
  prefix: 'uploads',
};

const server = createApp(connection).listen(port, '127.0.0.1', () => {
  console.log(`sos example running: open http://localhost:${port}`);
  console.log(`embedded S3 at ${s3.endpoint}, bucket "${bucket}", files under ${s3.directory}`);
});

const shutdown = (): void => {
  server.close();
  void s3.stop().then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
