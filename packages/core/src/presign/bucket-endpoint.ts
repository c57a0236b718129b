import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type {
  FinalizeHandler,
  FinalizeHandlerArguments,
  FinalizeHandlerOutput,
  HandlerExecutionContext,
  HttpRequest,
  MetadataBearer,
  MiddlewareStack,
} from '@smithy/types';
import { SosError } from '../errors';
import { scrubError } from '../redaction';

/** Where the fast signer sends requests for one bucket, as the SDK resolved it. */
export interface FastBucketEndpoint {
  kind: 'fast';
  /** `https://lab.s3.eu-central-1.amazonaws.com` or `http://127.0.0.1:9000`. */
  origin: string;
  /** The `host` header: host name, and port when there is one. */
  host: string;
  /** What comes before the key in the path: `''` (virtual-hosted) or `/bucket` (path-style). */
  basePath: string;
  signingRegion: string;
  signingService: string;
}

/** The SDK resolved something the fast signer does not reproduce: sign with the SDK instead. */
export interface SdkBucketEndpoint {
  kind: 'sdk';
  /** Why the fast path is not used, for logs and tests. */
  reason: string;
}

/** How to sign for one bucket. */
export type BucketEndpoint = FastBucketEndpoint | SdkBucketEndpoint;

const PROBE_KEY = 'k';
// Headers the SDK adds before signing and the presigner removes or ignores.
const EXPECTED_HEADERS = new Set([
  'host',
  'content-type',
  'user-agent',
  'x-amz-user-agent',
  'amz-sdk-invocation-id',
  'amz-sdk-request',
]);

interface Probe {
  request: HttpRequest;
  context: HandlerExecutionContext & { signing_region?: string; signing_service?: string };
}

/**
 * Asks the SDK, once, how it would address a PUT into `bucket`: it runs a
 * PutObject through the client's own middleware (endpoint rules, path or
 * virtual-hosted style, custom endpoint, signing region) and stops just
 * before signing, where `getSignedUrl` takes over. Nothing is sent.
 */
export async function resolveBucketEndpoint(client: S3Client, bucket: string): Promise<BucketEndpoint> {
  const command = new PutObjectCommand({ Bucket: bucket, Key: PROBE_KEY });
  const stack = client.middlewareStack.clone() as MiddlewareStack<object, MetadataBearer>;
  let probe: Probe | undefined;
  stack.addRelativeTo(
    (_next: FinalizeHandler<object, MetadataBearer>, context: HandlerExecutionContext) =>
      async (args: FinalizeHandlerArguments<object>): Promise<FinalizeHandlerOutput<MetadataBearer>> => {
        probe = { request: args.request as HttpRequest, context };
        return { response: {}, output: { $metadata: {} } };
      },
    { name: 'sosEndpointProbe', relation: 'before', toMiddleware: 'awsAuthMiddleware', override: true },
  );
  const handler = command.resolveMiddleware(stack, client.config, {});
  try {
    await handler({ input: command.input });
  } catch (error) {
    // Endpoint rules refuse the combination before anything is sent.
    throw new SosError(
      'INVALID_INPUT',
      `The bucket '${bucket.slice(0, 100)}' cannot be addressed with this connection.`,
      {
        hint: 'Check the bucket name, region and endpoint; an ARN cannot be used with path-style URLs or a custom endpoint.',
        cause: scrubError(error),
      },
    );
  }
  if (probe === undefined) return { kind: 'sdk', reason: 'the SDK did not reach signing' };
  return describeProbe(probe);
}

function describeProbe({ request, context }: Probe): BucketEndpoint {
  const authScheme = context.endpointV2?.properties?.authSchemes?.[0] as
    | { name?: string; signingRegion?: string; signingName?: string }
    | undefined;
  if (authScheme !== undefined && authScheme.name !== 'sigv4') {
    return { kind: 'sdk', reason: `auth scheme ${authScheme.name}` };
  }
  if ((context as { s3ExpressIdentity?: unknown }).s3ExpressIdentity !== undefined) {
    return { kind: 'sdk', reason: 'S3 Express session credentials' };
  }
  const queryNames = Object.keys(request.query ?? {});
  if (queryNames.length !== 1 || request.query?.['x-id'] !== 'PutObject') {
    return { kind: 'sdk', reason: `unexpected query ${queryNames.join(',')}` };
  }
  const extraHeader = Object.keys(request.headers).find((name) => !EXPECTED_HEADERS.has(name.toLowerCase()));
  if (extraHeader !== undefined) return { kind: 'sdk', reason: `unexpected header ${extraHeader}` };
  if (!request.path.endsWith(`/${PROBE_KEY}`) || request.username != null || request.password != null) {
    return { kind: 'sdk', reason: 'unexpected path' };
  }
  const signingRegion = context.signing_region ?? authScheme?.signingRegion;
  if (signingRegion === undefined) return { kind: 'sdk', reason: 'no signing region' };

  const protocol = request.protocol.endsWith(':') ? request.protocol : `${request.protocol}:`;
  const hostWithPort = `${request.hostname}${request.port ? `:${request.port}` : ''}`;
  // The presigner keeps a host header already set, and only adds the port when it is missing.
  const currentHost = request.headers.host;
  const host =
    !currentHost || (currentHost === request.hostname && request.port != null)
      ? `${request.hostname}${request.port != null ? `:${request.port}` : ''}`
      : currentHost;
  return {
    kind: 'fast',
    origin: `${protocol}//${hostWithPort}`,
    host,
    basePath: request.path.slice(0, -(PROBE_KEY.length + 1)),
    signingRegion,
    signingService: context.signing_service ?? authScheme?.signingName ?? 's3',
  };
}
