// The server side of the upload benchmark, in a process of its own so that the
// embedded S3 server's work (an MD5 and a file write per part) runs beside the
// uploads it receives, not between them: Express with the sos routes, and
// @sos/local-s3 for the bucket, its files in the folder named by the first
// argument (the system's tmpdir without one). The parent drives it over IPC:
// "empty" deletes every object and reports what it found, "stop" shuts both
// servers down and removes the files.
import { DeleteObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { type Connection, createS3Client } from '@sos/core';
import { startLocalS3 } from '@sos/local-s3';
import { startBenchServer } from '../apps';

/** What the parent asks for. */
export type UploadServerCommand = 'empty' | 'stop';

/** Sent once both servers listen. */
export interface UploadServerReady {
  /** The Express app; the sos routes are under `${origin}/sos`. */
  origin: string;
  /** Where the embedded S3 server keeps its files. */
  directory: string;
}

/** An object "empty" found, and deleted. */
export interface StoredObject {
  key: string;
  size: number;
}

/** Files from this size on go up in parts, so that the short run's 40 MB does too. */
const MULTIPART_THRESHOLD = 16 * 1024 * 1024;

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const [filesIn] = process.argv.slice(2);
// startLocalS3 makes its folder in os.tmpdir(), which reads TMPDIR on each call.
if (filesIn) process.env.TMPDIR = filesIn;
const bucket = 'bench-uploads';
const s3 = await startLocalS3({ buckets: [bucket] });
const connection: Connection = {
  bucket,
  region: s3.region,
  credentials: s3.credentials,
  endpoint: s3.endpoint,
  prefix: 'bench',
};
const server = await startBenchServer('express', {
  resolveTenant: () => connection,
  allowEndpoint: (url) => url.origin === s3.endpoint,
  multipartThreshold: MULTIPART_THRESHOLD,
});
const client = createS3Client(connection);

/** Deletes every object in the bucket (one upload's at a time here, so one page). */
async function empty(): Promise<StoredObject[]> {
  const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
  const objects = (listed.Contents ?? []).map((object) => ({ key: object.Key ?? '', size: object.Size ?? 0 }));
  for (const { key } of objects) await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  return objects;
}

process.on('message', async (command: UploadServerCommand) => {
  if (command === 'empty') {
    process.send?.(await empty());
  } else if (command === 'stop') {
    client.destroy();
    await server.close();
    await s3.stop();
    process.disconnect();
  }
});
process.send?.({ origin: server.origin, directory: s3.directory } satisfies UploadServerReady);
