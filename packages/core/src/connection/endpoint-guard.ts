import { BlockList, isIP } from 'node:net';
import { SosError } from '../errors';

/**
 * Decides whether sos may send requests to a tenant's S3 endpoint, given the
 * parsed URL; `true` allows it. It replaces the default checks of
 * {@link assertEndpointAllowed} entirely.
 *
 * @example
 * // Your own MinIO, and nothing else:
 * const allowEndpoint: EndpointFilter = (url) => url.origin === 'http://10.0.0.5:9000';
 */
export type EndpointFilter = (url: URL) => boolean;

type AddressKind = 'cloud metadata' | 'loopback' | 'unspecified' | 'link-local' | 'private';

function blockList(ranges: ReadonlyArray<readonly [address: string, prefix: number]>): BlockList {
  const list = new BlockList();
  for (const [address, prefix] of ranges) list.addSubnet(address, prefix, isIP(address) === 6 ? 'ipv6' : 'ipv4');
  return list;
}

// Checked in this order, so that 169.254.169.254 is named as the metadata service it is.
// A BlockList also matches the IPv4-mapped IPv6 form of its IPv4 ranges (::ffff:127.0.0.1).
const REFUSED_RANGES: ReadonlyArray<readonly [AddressKind, BlockList]> = [
  [
    'cloud metadata',
    blockList([
      ['169.254.169.254', 32],
      ['fd00:ec2::254', 128],
      // Alibaba Cloud's metadata service, in the shared address space below.
      ['100.100.100.200', 32],
    ]),
  ],
  [
    'loopback',
    blockList([
      ['127.0.0.0', 8],
      ['::1', 128],
    ]),
  ],
  [
    'unspecified',
    blockList([
      // "This network": Linux connects 0.0.0.0 to the local host.
      ['0.0.0.0', 8],
      ['::', 128],
    ]),
  ],
  [
    'link-local',
    blockList([
      ['169.254.0.0', 16],
      ['fe80::', 10],
    ]),
  ],
  [
    'private',
    blockList([
      ['10.0.0.0', 8],
      ['172.16.0.0', 12],
      ['192.168.0.0', 16],
      // Shared address space (carrier-grade NAT), internal to providers.
      ['100.64.0.0', 10],
      ['fc00::', 7],
    ]),
  ],
];

// IPv6 ranges that carry an IPv4 address in their last 32 bits and reach it:
// IPv4-compatible (deprecated) and NAT64's well-known prefix.
const IPV4_CARRIERS = blockList([
  ['::', 96],
  ['64:ff9b::', 96],
]);

/** Names that always mean this machine or a cloud metadata service, whatever DNS says. */
function refusedName(hostname: string): AddressKind | undefined {
  const name = hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;
  if (name === 'localhost' || name.endsWith('.localhost')) return 'loopback';
  if (name === 'metadata.google.internal') return 'cloud metadata';
  return undefined;
}

/** The 16 bytes of an IPv6 address as the URL parser serialises it (hex groups, `::` at most once). */
function ipv6Groups(address: string): number[] {
  const [head = '', tail] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : new Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => Number.parseInt(group, 16));
}

function refusedAddress(address: string): AddressKind | undefined {
  const family = isIP(address);
  const type = family === 6 ? 'ipv6' : 'ipv4';
  for (const [kind, list] of REFUSED_RANGES) if (list.check(address, type)) return kind;
  if (family === 6 && IPV4_CARRIERS.check(address, 'ipv6')) {
    const [high = 0, low = 0] = ipv6Groups(address).slice(6);
    return refusedAddress(`${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`);
  }
  return undefined;
}

const ARTICLE: Record<AddressKind, string> = {
  'cloud metadata': 'a cloud metadata address',
  loopback: 'a loopback address',
  unspecified: 'an unspecified address',
  'link-local': 'a link-local address',
  private: 'a private network address',
};

/**
 * Refuses a tenant's S3 endpoint that would make this server send requests
 * inside its own network: the endpoint comes from the tenant's settings, so a
 * tenant could aim it at the cloud metadata service or an internal service.
 * An `undefined` endpoint (Amazon S3 itself) always passes; only `http:` and
 * `https:` URLs ever pass.
 *
 * Without `allowEndpoint`, hosts that are IP literals in loopback, link-local,
 * cloud metadata, private, shared (carrier-grade NAT) or unspecified ranges
 * are refused, in any spelling the URL parser accepts (`http://2130706433/`,
 * `http://0x7f.1/`, `http://[::ffff:127.0.0.1]/`), and so are `localhost`,
 * `*.localhost` and `metadata.google.internal`. Other names are not resolved:
 * a name whose DNS points inside your network passes, so give
 * `allowEndpoint` an allow-list if tenants may not pick any endpoint, and
 * block the metadata service at the network too.
 *
 * With `allowEndpoint`, it alone decides: return `true` to allow.
 *
 * @throws SosError `ENDPOINT_NOT_ALLOWED` (403), naming the host (never credentials in the URL).
 * @example
 * assertEndpointAllowed(connection.endpoint); // throws for http://169.254.169.254
 * assertEndpointAllowed(connection.endpoint, (url) => url.origin === 'http://127.0.0.1:9000'); // your own MinIO
 */
export function assertEndpointAllowed(endpoint: string | undefined, allowEndpoint?: EndpointFilter): void {
  if (endpoint === undefined) return;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new SosError('ENDPOINT_NOT_ALLOWED', 'The S3 endpoint is not a valid URL.', {
      hint: 'Give the endpoint as http://host:port or https://host.',
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SosError('ENDPOINT_NOT_ALLOWED', `The S3 endpoint must be an http or https URL, not ${url.protocol}.`, {
      hint: 'Give the endpoint as http://host:port or https://host.',
      details: { protocol: url.protocol },
    });
  }
  if (allowEndpoint !== undefined) {
    if (allowEndpoint(url)) return;
    throw new SosError('ENDPOINT_NOT_ALLOWED', `The S3 endpoint ${url.host} is not allowed here.`, {
      hint: 'The app’s allowEndpoint refused it. If this storage service is yours, make allowEndpoint return true for it.',
      details: { host: url.host },
    });
  }
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const kind = isIP(hostname) === 0 ? refusedName(hostname) : refusedAddress(hostname);
  if (kind === undefined) return;
  throw new SosError('ENDPOINT_NOT_ALLOWED', `The S3 endpoint ${url.host} is not allowed: it is ${ARTICLE[kind]}.`, {
    hint:
      'sos sends no request to loopback, link-local, private or cloud metadata addresses for a tenant. If this storage ' +
      `service is yours, allow it with allowEndpoint: (url) => url.origin === '${url.origin}' in the upload handler's ` +
      'options and in verifyConnection’s.',
    details: { host: url.host, kind },
  });
}
