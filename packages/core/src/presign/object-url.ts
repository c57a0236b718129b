import { type Connection, defaultClientCache, type S3ClientCache } from '../connection';
import { presignPut } from './presign-put';
import { encodeKeyPath } from './sigv4';
import { urlSignerFor } from './url-signer';

/**
 * The plain URL of an object (no signature), as S3 addresses it for this
 * connection: virtual-hosted or path-style, custom endpoint or AWS. It is what
 * S3 calls an object's `Location`; it only opens for someone allowed to read.
 *
 * @example
 * await objectUrl(connection, 'orders/42/scan.stl'); // 'https://lab.s3.eu-central-1.amazonaws.com/orders/42/scan.stl'
 */
export async function objectUrl(
  connection: Connection,
  key: string,
  clients: S3ClientCache = defaultClientCache,
): Promise<string> {
  const signer = urlSignerFor(clients.get(connection), connection.credentials);
  const endpoint = signer.knownEndpoint(connection.bucket) ?? (await signer.endpoint(connection.bucket));
  if (endpoint.kind === 'fast') return `${endpoint.origin}${endpoint.basePath}/${encodeKeyPath(key)}`;
  // Addressing the fast signer does not reproduce: let the SDK sign once and drop the query.
  const { url } = await presignPut({
    connection,
    key,
    contentType: 'application/octet-stream',
    expiresIn: 60,
    clients,
  });
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}
