// A scriptable stand-in for an S3 endpoint on 127.0.0.1: by default a small,
// stateful, well-behaved S3 (path-style requests, no signature check), and on
// demand a misbehaving one: refused connections, silence, 5xx answers, a
// connection reset or an error after a 200. The AWS SDK talks to it for real,
// so its serialisation, retries and timeouts run as they do against AWS.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** The S3 operation a request is, read from its method, path and query. */
export type FakeS3Operation =
  | 'PutObject'
  | 'UploadPart'
  | 'CreateMultipartUpload'
  | 'CompleteMultipartUpload'
  | 'ListParts'
  | 'AbortMultipartUpload'
  | 'HeadBucket'
  | 'Other';

/** One request the fake received. */
export interface FakeS3Request {
  operation: FakeS3Operation;
  method: string;
  bucket: string;
  key: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Buffer;
  /** The access key ID the request was signed with (header or presigned query), if any. */
  accessKeyId: string | undefined;
}

/**
 * How to answer one request: a status with an XML body; `hang` (accept, never
 * answer); `reset` (destroy the socket); `error-after-200` (a 200, whitespace,
 * then an `<Error>`, as S3 does when a completion fails after it started).
 * `undefined` answers as the well-behaved fake would.
 */
export type FakeS3Answer =
  | { status: number; body?: string; headers?: Record<string, string> }
  | 'hang'
  | 'reset'
  | { errorAfter200: string }
  | undefined;

/** Decides the answer to a request; `attempt` counts requests for the same operation so far (1 for the first). */
export type FakeS3Behaviour = (request: FakeS3Request, attempt: number) => FakeS3Answer;

/** A running fake. */
export interface FakeS3 {
  /** `http://127.0.0.1:PORT`; use path-style requests. */
  endpoint: string;
  /** Every request received, in order. */
  requests: FakeS3Request[];
  /** Replaces how requests are answered (`undefined` from it means: as a well-behaved S3); attempts count from 1 again. */
  behave(behaviour: FakeS3Behaviour | undefined): void;
  /** Forgets the requests, the uploads and the behaviour: a well-behaved S3 again. */
  reset(): void;
  /** How many requests arrived for an operation. */
  count(operation: FakeS3Operation): number;
  /** Uploads started and not completed or aborted, by upload ID. */
  openUploads(): string[];
  /** Sockets the server holds open right now. */
  openSockets(): number;
  stop(): Promise<void>;
}

/** An S3 error document. */
export function s3ErrorXml(code: string, message = code): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>FAKE${randomUUID().slice(0, 8)}</RequestId></Error>`;
}

const xml = (body: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
const escapeXml = (text: string): string => text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`);

function operationOf(method: string, key: string, query: URLSearchParams): FakeS3Operation {
  if (key === '') return method === 'HEAD' ? 'HeadBucket' : 'Other';
  if (method === 'PUT') return query.has('uploadId') ? 'UploadPart' : 'PutObject';
  if (method === 'POST' && query.has('uploads')) return 'CreateMultipartUpload';
  if (method === 'POST' && query.has('uploadId')) return 'CompleteMultipartUpload';
  if (method === 'GET' && query.has('uploadId')) return 'ListParts';
  if (method === 'DELETE' && query.has('uploadId')) return 'AbortMultipartUpload';
  return 'Other';
}

interface OpenUpload {
  bucket: string;
  key: string;
  parts: Map<number, { etag: string; size: number }>;
}

/** The answers of a well-behaved S3, kept in memory. */
function wellBehaved(uploads: Map<string, OpenUpload>, endpoint: () => string) {
  const noSuchUpload = { status: 404, body: s3ErrorXml('NoSuchUpload', 'The specified upload does not exist.') };
  const uploadOf = (request: FakeS3Request): OpenUpload | undefined => {
    const upload = uploads.get(request.query.get('uploadId') ?? '');
    return upload?.bucket === request.bucket && upload.key === request.key ? upload : undefined;
  };
  return (request: FakeS3Request): Exclude<FakeS3Answer, undefined> => {
    const { bucket, key } = request;
    switch (request.operation) {
      case 'PutObject':
        return { status: 200, headers: { etag: `"${randomUUID().replaceAll('-', '')}"` } };
      case 'HeadBucket':
        return { status: 200 };
      case 'CreateMultipartUpload': {
        const uploadId = `fake-${randomUUID()}`;
        uploads.set(uploadId, { bucket, key, parts: new Map() });
        return {
          status: 200,
          body: xml(
            `<InitiateMultipartUploadResult><Bucket>${escapeXml(bucket)}</Bucket><Key>${escapeXml(key)}</Key><UploadId>${uploadId}</UploadId></InitiateMultipartUploadResult>`,
          ),
        };
      }
      case 'UploadPart': {
        const upload = uploadOf(request);
        if (upload === undefined) return noSuchUpload;
        const etag = `"${randomUUID().replaceAll('-', '')}"`;
        upload.parts.set(Number(request.query.get('partNumber')), { etag, size: request.body.length });
        return { status: 200, headers: { etag } };
      }
      case 'ListParts': {
        const upload = uploadOf(request);
        if (upload === undefined) return noSuchUpload;
        const parts = [...upload.parts]
          .sort(([a], [b]) => a - b)
          .map(
            ([number, part]) =>
              `<Part><PartNumber>${number}</PartNumber><ETag>${escapeXml(part.etag)}</ETag><Size>${part.size}</Size></Part>`,
          );
        return {
          status: 200,
          body: xml(`<ListPartsResult><IsTruncated>false</IsTruncated>${parts.join('')}</ListPartsResult>`),
        };
      }
      case 'AbortMultipartUpload': {
        if (uploadOf(request) === undefined) return noSuchUpload;
        uploads.delete(request.query.get('uploadId') ?? '');
        return { status: 204 };
      }
      case 'CompleteMultipartUpload': {
        const upload = uploadOf(request);
        if (upload === undefined) return noSuchUpload;
        const listed = [...request.body.toString('utf8').matchAll(/<ETag>([^<]*)<\/ETag>/g)].map(([, etag]) =>
          (etag ?? '').replaceAll('&quot;', '"').replaceAll('&#34;', '"'),
        );
        const known = new Set([...upload.parts.values()].map((part) => part.etag));
        if (listed.length === 0 || listed.some((etag) => !known.has(etag))) {
          return {
            status: 400,
            body: s3ErrorXml('InvalidPart', 'One or more of the specified parts could not be found.'),
          };
        }
        uploads.delete(request.query.get('uploadId') ?? '');
        return {
          status: 200,
          body: xml(
            `<CompleteMultipartUploadResult><Location>${escapeXml(`${endpoint()}/${bucket}/${key}`)}</Location><Bucket>${escapeXml(bucket)}</Bucket><Key>${escapeXml(key)}</Key><ETag>"${randomUUID().replaceAll('-', '')}-${listed.length}"</ETag></CompleteMultipartUploadResult>`,
          ),
        };
      }
      default:
        return { status: 501, body: s3ErrorXml('NotImplemented', 'The fake does not implement this.') };
    }
  };
}

function parseRequest(req: IncomingMessage, body: Buffer): FakeS3Request {
  const url = new URL(req.url ?? '/', 'http://fake');
  const [bucket = '', ...keySegments] = url.pathname.slice(1).split('/');
  const key = keySegments.map((segment) => decodeURIComponent(segment)).join('/');
  const method = req.method ?? 'GET';
  const credential =
    url.searchParams.get('X-Amz-Credential') ?? /Credential=([^,]+)/.exec(req.headers.authorization ?? '')?.[1];
  return {
    operation: operationOf(method, key, url.searchParams),
    method,
    bucket: decodeURIComponent(bucket),
    key,
    query: url.searchParams,
    headers: req.headers,
    body,
    accessKeyId: credential?.split('/')[0],
  };
}

function answer(res: ServerResponse, socket: Socket, result: Exclude<FakeS3Answer, undefined>): void {
  if (result === 'hang') return;
  if (result === 'reset') {
    socket.destroy();
    return;
  }
  if ('errorAfter200' in result) {
    res.writeHead(200, { 'content-type': 'application/xml' });
    res.write(' \n');
    setTimeout(() => res.end(s3ErrorXml(result.errorAfter200)), 10).unref();
    return;
  }
  res.writeHead(result.status, {
    ...(result.body === undefined ? {} : { 'content-type': 'application/xml' }),
    'x-amz-request-id': 'FAKE',
    ...result.headers,
  });
  res.end(result.body);
}

/**
 * Starts a fake S3 endpoint on 127.0.0.1, port 0.
 *
 * @example
 * const s3 = await startFakeS3();
 * s3.behave((request) => (request.operation === 'CompleteMultipartUpload' ? { status: 500, body: s3ErrorXml('InternalError') } : undefined));
 */
export async function startFakeS3(behaviour?: FakeS3Behaviour): Promise<FakeS3> {
  const requests: FakeS3Request[] = [];
  const uploads = new Map<string, OpenUpload>();
  const sockets = new Set<Socket>();
  let current = behaviour;
  let endpoint = '';
  const normal = wellBehaved(uploads, () => endpoint);
  const attempts = new Map<FakeS3Operation, number>();

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = parseRequest(req, Buffer.concat(chunks));
      requests.push(request);
      const attempt = (attempts.get(request.operation) ?? 0) + 1;
      attempts.set(request.operation, attempt);
      answer(res, req.socket, current?.(request, attempt) ?? normal(request));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    endpoint,
    requests,
    behave(next) {
      current = next;
      attempts.clear();
    },
    reset() {
      current = undefined;
      attempts.clear();
      requests.length = 0;
      uploads.clear();
    },
    count: (operation) => requests.filter((request) => request.operation === operation).length,
    openUploads: () => [...uploads.keys()],
    openSockets: () => sockets.size,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A 127.0.0.1 URL on which nothing listens: connecting to it is refused. */
export async function refusingEndpoint(): Promise<string> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
