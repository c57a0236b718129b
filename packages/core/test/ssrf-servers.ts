// Two real servers on 127.0.0.1 for server-side request forgery tests: a
// hostile "tenant endpoint" that answers every request with a 307 to a
// stand-in for a cloud metadata service, which counts what reaches it and
// marks its answer so that a leak of it is easy to find.
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** In every header and body the metadata stand-in sends; a result that contains it leaked the answer. */
export const METADATA_MARKER = 'sos-ssrf-metadata-answer-7f3a';

/** The path the hostile endpoint redirects to, as in the credentials theft it imitates. */
export const METADATA_PATH = '/latest/meta-data/iam/security-credentials/';

/** The running pair. */
export interface SsrfServers {
  /** The hostile tenant endpoint, `http://127.0.0.1:PORT`: every request gets a 307 to the metadata stand-in. */
  endpoint: string;
  /** The metadata stand-in's origin (the redirect's target), `http://127.0.0.1:PORT`. */
  metadataOrigin: string;
  /** How many requests reached the metadata stand-in. */
  metadataHits(): number;
  /** How many requests reached the hostile endpoint. */
  endpointHits(): number;
  /** Stops both servers and closes their open connections. */
  close(): Promise<void>;
}

async function listen(server: Server): Promise<{ origin: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * Starts the hostile tenant endpoint and the metadata stand-in it redirects
 * to, both on 127.0.0.1, port 0. The metadata stand-in answers 200 with
 * {@link METADATA_MARKER} in `x-amz-bucket-region` (a header the connection
 * check reads), in `x-metadata-token` and in a credentials-like JSON body.
 *
 * @example
 * const servers = await startSsrfServers();
 * const result = await verifyConnection({ ...connection, endpoint: servers.endpoint }, { allowEndpoint });
 * expect(servers.metadataHits()).toBe(0);
 * await servers.close();
 */
export async function startSsrfServers(): Promise<SsrfServers> {
  let metadataHits = 0;
  let endpointHits = 0;
  const metadata = await listen(
    createServer((req, res) => {
      metadataHits += 1;
      req.resume();
      res.writeHead(200, {
        'content-type': 'application/json',
        'x-amz-bucket-region': METADATA_MARKER,
        'x-metadata-token': METADATA_MARKER,
        date: new Date().toUTCString(),
      });
      res.end(JSON.stringify({ Code: 'Success', AccessKeyId: 'ASIAMETADATAEXAMPLE1', Token: METADATA_MARKER }));
    }),
  );
  const hostile = await listen(
    createServer((req, res) => {
      endpointHits += 1;
      req.resume();
      res.writeHead(307, { location: `${metadata.origin}${METADATA_PATH}`, 'content-length': '0' });
      res.end();
    }),
  );
  return {
    endpoint: hostile.origin,
    metadataOrigin: metadata.origin,
    metadataHits: () => metadataHits,
    endpointHits: () => endpointHits,
    close: async () => {
      await Promise.all([hostile.close(), metadata.close()]);
    },
  };
}
