import { createSecretKey, type KeyObject } from 'node:crypto';
import { PutObjectCommand, type S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { AccessKeyCredentials } from '../connection';
import { type BucketEndpoint, type FastBucketEndpoint, resolveBucketEndpoint } from './bucket-endpoint';
import { signingError } from './signing-error';
import {
  ALGORITHM,
  canonicalHeaderValue,
  deriveSigningKey,
  encodeKeyPath,
  escapeUri,
  hmacHex,
  longDateOf,
  sha256Hex,
  UNSIGNED_PAYLOAD,
} from './sigv4';

/** One PUT to presign: an object (PutObject) or one part of a multipart upload (UploadPart). */
export interface PresignRequest {
  bucket: string;
  key: string;
  /** Present for a part: the upload and part number. */
  part?: { uploadId: string; partNumber: number };
  /**
   * Headers to sign, lower-case names, besides `host` and `content-length`.
   * The client must send every one of them with exactly these values.
   */
  headers: Readonly<Record<string, string>>;
  /** The exact body size to sign as `content-length`, when known. */
  contentLength?: number;
  expiresIn: number;
  signingDate: Date;
}

/** One part to sign in {@link UrlSigner.signParts}. */
export interface PartToSign {
  partNumber: number;
  /** The exact part size to sign as `content-length`, when known. */
  contentLength?: number;
}

/** Many parts of one multipart upload, signed together by {@link UrlSigner.signParts}. */
export interface PartBatch {
  bucket: string;
  key: string;
  uploadId: string;
  parts: readonly PartToSign[];
  expiresIn: number;
  signingDate: Date;
}

interface ScopeEntry {
  /** `20260301/eu-central-1/s3/aws4_request`. */
  name: string;
  shortDate: string;
  region: string;
  service: string;
  /** The derived key, padded once for the HMAC of every URL of the day. */
  signingKey: KeyObject;
  /** `X-Amz-Credential`, already escaped for the query. */
  credential: string;
  /** The query up to `X-Amz-Signature` for the last signing time and lifetime: one per second in a busy service. */
  query: { longDate: string; expiresIn: number; text: string };
}

const MAX_CACHED_SCOPES = 8;

// Header names are tokens; of those characters only `;` needs escaping in the common case.
const escapeSignedHeaders = (names: string): string =>
  /^[a-z0-9._;-]*$/.test(names) ? names.replaceAll(';', '%3B') : escapeUri(names);
const MAX_CACHED_BUCKETS = 64;

/**
 * Sorts header names in place as `Array#sort` does, by UTF-16 code units. A
 * URL signs a handful of headers, and for a handful an insertion sort takes
 * a third of the time of `Array#sort`; equal names are the same string, so
 * the order of ties does not matter.
 */
export function sortHeaderNames(names: string[]): string[] {
  if (names.length > 16) return names.sort();
  for (let index = 1; index < names.length; index++) {
    const name = names[index] as string;
    let before = index - 1;
    while (before >= 0 && (names[before] as string) > name) {
      names[before + 1] = names[before] as string;
      before--;
    }
    names[before + 1] = name;
  }
  return names;
}

/**
 * Presigns S3 PUT URLs for one client's credentials, byte for byte as
 * `getSignedUrl` would, without running the SDK's middleware stack per URL.
 *
 * What is reused: the bucket's endpoint (asked from the SDK once per bucket),
 * the derived signing key, padded for HMAC, and credential scope (once per day
 * and region), the escaped session token, and the query up to the signed
 * headers (once per second). What is left per URL is building two strings,
 * one SHA-256 and one HMAC.
 * When the SDK resolves an endpoint this signer does not reproduce
 * (Multi-Region Access Points, S3 Express), it hands that bucket's URLs to
 * `getSignedUrl` instead, so the output is never different.
 */
export class UrlSigner {
  readonly #client: S3Client;
  readonly #resolveEndpoint: (client: S3Client, bucket: string) => Promise<BucketEndpoint>;
  readonly #accessKeyId: string;
  readonly #secretAccessKey: string;
  readonly #credentials: AccessKeyCredentials;
  readonly #tokenQuery: string;
  readonly #scopes = new Map<string, ScopeEntry>();
  #lastScope: ScopeEntry | undefined;
  readonly #endpoints = new Map<string, BucketEndpoint>();
  readonly #pending = new Map<string, Promise<BucketEndpoint>>();

  /**
   * @param client The tenant's cached client: its configuration decides endpoints, and it signs any fallback.
   * @param credentials The same credentials the client was built with.
   * @param resolveEndpoint How a bucket's endpoint is found; replaced only in tests.
   */
  constructor(
    client: S3Client,
    credentials: AccessKeyCredentials,
    resolveEndpoint: (client: S3Client, bucket: string) => Promise<BucketEndpoint> = resolveBucketEndpoint,
  ) {
    this.#client = client;
    this.#resolveEndpoint = resolveEndpoint;
    this.#accessKeyId = credentials.accessKeyId;
    this.#secretAccessKey = credentials.secretAccessKey;
    this.#credentials = credentials;
    this.#tokenQuery = credentials.sessionToken ? `&X-Amz-Security-Token=${escapeUri(credentials.sessionToken)}` : '';
  }

  /** How URLs for this bucket are signed, if already known. */
  knownEndpoint(bucket: string): BucketEndpoint | undefined {
    return this.#endpoints.get(bucket);
  }

  /** How URLs for this bucket are signed; asks the SDK the first time. */
  async endpoint(bucket: string): Promise<BucketEndpoint> {
    const known = this.#endpoints.get(bucket);
    if (known !== undefined) return known;
    let pending = this.#pending.get(bucket);
    if (pending === undefined) {
      pending = this.#resolveEndpoint(this.#client, bucket).finally(() => this.#pending.delete(bucket));
      this.#pending.set(bucket, pending);
    }
    const endpoint = await pending;
    if (this.#endpoints.size >= MAX_CACHED_BUCKETS) this.#endpoints.clear();
    this.#endpoints.set(bucket, endpoint);
    return endpoint;
  }

  /** The presigned URL for one request. */
  async presign(request: PresignRequest): Promise<string> {
    const endpoint = this.#endpoints.get(request.bucket) ?? (await this.endpoint(request.bucket));
    return endpoint.kind === 'fast' ? this.sign(endpoint, request) : this.presignWithSdk(request);
  }

  /**
   * Signs synchronously for a bucket whose endpoint is known, for loops such
   * as signing 10,000 part URLs. `endpoint` must come from {@link endpoint}
   * for `request.bucket`.
   */
  sign(endpoint: FastBucketEndpoint, request: PresignRequest): string {
    const longDate = longDateOf(request.signingDate);
    const shortDate = longDate.slice(0, 8);
    let scope = this.#lastScope;
    if (
      scope === undefined ||
      scope.shortDate !== shortDate ||
      scope.region !== endpoint.signingRegion ||
      scope.service !== endpoint.signingService
    ) {
      scope = this.#scope(shortDate, endpoint);
    }

    const { headers, contentLength } = request;
    const names = Object.keys(headers);
    names.push('host');
    if (contentLength !== undefined) names.push('content-length');
    sortHeaderNames(names);
    let canonicalHeaders = '';
    for (const name of names) {
      // A number prints without blanks or line breaks: it is its own canonical value.
      const value =
        name === 'content-length' && contentLength !== undefined
          ? String(contentLength)
          : canonicalHeaderValue(name === 'host' ? endpoint.host : (headers[name] as string));
      canonicalHeaders += `${name}:${value}\n`;
    }
    const signedHeaders = names.join(';');
    const path = `${endpoint.basePath}/${encodeKeyPath(request.key)}`;
    const { part } = request;
    const operationQuery =
      part === undefined
        ? '&x-id=PutObject'
        : `&partNumber=${part.partNumber}&uploadId=${escapeUri(part.uploadId)}&x-id=UploadPart`;
    const head = this.#queryHead(scope, longDate, request.expiresIn);
    const tail = `&X-Amz-SignedHeaders=${escapeSignedHeaders(signedHeaders)}${operationQuery}`;

    const canonicalRequest = `PUT\n${path}\n${head}${tail}\n${canonicalHeaders}\n${signedHeaders}\n${UNSIGNED_PAYLOAD}`;
    const stringToSign = `${ALGORITHM}\n${longDate}\n${scope.name}\n${sha256Hex(canonicalRequest)}`;
    const signature = hmacHex(scope.signingKey, stringToSign);
    return `${endpoint.origin}${path}?${head}&X-Amz-Signature=${signature}${tail}`;
  }

  /**
   * Signs URLs for many parts of one multipart upload, byte for byte as
   * {@link sign} would one by one, but builds everything the parts share
   * (path, query, scope, headers) once: per part there is only the part
   * number, the optional size, one SHA-256 and one HMAC.
   */
  signParts(endpoint: FastBucketEndpoint, batch: PartBatch): string[] {
    const longDate = longDateOf(batch.signingDate);
    const shortDate = longDate.slice(0, 8);
    let scope = this.#lastScope;
    if (
      scope === undefined ||
      scope.shortDate !== shortDate ||
      scope.region !== endpoint.signingRegion ||
      scope.service !== endpoint.signingService
    ) {
      scope = this.#scope(shortDate, endpoint);
    }
    const path = `${endpoint.basePath}/${encodeKeyPath(batch.key)}`;
    const head = this.#queryHead(scope, longDate, batch.expiresIn);
    const uploadIdQuery = `&uploadId=${escapeUri(batch.uploadId)}&x-id=UploadPart`;
    const hostLine = `host:${canonicalHeaderValue(endpoint.host)}\n`;
    const stringToSignHead = `${ALGORITHM}\n${longDate}\n${scope.name}\n`;
    const urlHead = `${endpoint.origin}${path}?${head}&X-Amz-Signature=`;
    const sized = {
      canonicalHead: `PUT\n${path}\n${head}&X-Amz-SignedHeaders=content-length%3Bhost&partNumber=`,
      canonicalTail: `\ncontent-length;host\n${UNSIGNED_PAYLOAD}`,
      urlMiddle: '&X-Amz-SignedHeaders=content-length%3Bhost&partNumber=',
    };
    const unsized = {
      canonicalHead: `PUT\n${path}\n${head}&X-Amz-SignedHeaders=host&partNumber=`,
      canonicalTail: `${hostLine}\nhost\n${UNSIGNED_PAYLOAD}`,
      urlMiddle: '&X-Amz-SignedHeaders=host&partNumber=',
    };
    const urls: string[] = new Array(batch.parts.length);
    for (let index = 0; index < batch.parts.length; index++) {
      const { partNumber, contentLength } = batch.parts[index] as PartToSign;
      const canonicalRequest =
        contentLength === undefined
          ? `${unsized.canonicalHead}${partNumber}${uploadIdQuery}\n${unsized.canonicalTail}`
          : `${sized.canonicalHead}${partNumber}${uploadIdQuery}\ncontent-length:${contentLength}\n${hostLine}${sized.canonicalTail}`;
      const signature = hmacHex(scope.signingKey, `${stringToSignHead}${sha256Hex(canonicalRequest)}`);
      const middle = contentLength === undefined ? unsized.urlMiddle : sized.urlMiddle;
      urls[index] = `${urlHead}${signature}${middle}${partNumber}${uploadIdQuery}`;
    }
    return urls;
  }

  /** The query parameters before `X-Amz-SignedHeaders`, in the order SigV4 sorts them. */
  #queryHead(scope: ScopeEntry, longDate: string, expiresIn: number): string {
    const { query } = scope;
    if (query.longDate !== longDate || query.expiresIn !== expiresIn) {
      query.text =
        `X-Amz-Algorithm=${ALGORITHM}&X-Amz-Content-Sha256=${UNSIGNED_PAYLOAD}&X-Amz-Credential=${scope.credential}` +
        `&X-Amz-Date=${longDate}&X-Amz-Expires=${expiresIn}${this.#tokenQuery}`;
      query.longDate = longDate;
      query.expiresIn = expiresIn;
    }
    return query.text;
  }

  #scope(shortDate: string, endpoint: FastBucketEndpoint): ScopeEntry {
    const name = `${shortDate}/${endpoint.signingRegion}/${endpoint.signingService}/aws4_request`;
    let entry = this.#scopes.get(name);
    if (entry === undefined) {
      if (this.#scopes.size >= MAX_CACHED_SCOPES) this.#scopes.clear();
      entry = {
        name,
        shortDate,
        region: endpoint.signingRegion,
        service: endpoint.signingService,
        signingKey: createSecretKey(
          deriveSigningKey(this.#secretAccessKey, shortDate, endpoint.signingRegion, endpoint.signingService),
        ),
        credential: escapeUri(`${this.#accessKeyId}/${name}`),
        query: { longDate: '', expiresIn: Number.NaN, text: '' },
      };
      this.#scopes.set(name, entry);
    }
    this.#lastScope = entry;
    return entry;
  }

  /** Signs with `getSignedUrl`, for buckets the fast path does not handle. */
  presignWithSdk(request: PresignRequest): Promise<string> {
    const { headers, part, contentLength } = request;
    const input = {
      Bucket: request.bucket,
      Key: request.key,
      ...(headers['content-type'] === undefined ? {} : { ContentType: headers['content-type'] }),
      ...(headers['content-disposition'] === undefined ? {} : { ContentDisposition: headers['content-disposition'] }),
      ...(contentLength === undefined ? {} : { ContentLength: contentLength }),
      ...(headers['x-amz-checksum-sha256'] === undefined
        ? {}
        : { ChecksumAlgorithm: 'SHA256' as const, ChecksumSHA256: headers['x-amz-checksum-sha256'] }),
      ...(headers['content-md5'] === undefined ? {} : { ContentMD5: headers['content-md5'] }),
    };
    const metadata = Object.fromEntries(
      Object.entries(headers)
        .filter(([name]) => name.startsWith('x-amz-meta-'))
        .map(([name, value]) => [name.slice('x-amz-meta-'.length), value]),
    );
    const options = {
      expiresIn: request.expiresIn,
      signingDate: request.signingDate,
      signableHeaders: new Set(
        Object.keys(headers).filter(
          (name) => name === 'content-type' || name === 'content-md5' || name === 'content-disposition',
        ),
      ),
      unhoistableHeaders: new Set(Object.keys(headers).filter((name) => name.startsWith('x-amz-'))),
    };
    const signed =
      part === undefined
        ? getSignedUrl(this.#client, new PutObjectCommand({ ...input, Metadata: metadata }), options)
        : getSignedUrl(
            this.#client,
            new UploadPartCommand({ ...input, UploadId: part.uploadId, PartNumber: part.partNumber }),
            options,
          );
    return signed.catch((error: unknown) => {
      throw signingError(error, this.#credentials);
    });
  }
}

const signers = new WeakMap<S3Client, UrlSigner>();

/**
 * The signer kept alongside a cached client: it lives as long as the client
 * does in its `S3ClientCache`, and is built from the same credentials.
 */
export function urlSignerFor(client: S3Client, credentials: AccessKeyCredentials): UrlSigner {
  let signer = signers.get(client);
  if (signer === undefined) {
    signer = new UrlSigner(client, credentials);
    signers.set(client, signer);
  }
  return signer;
}

/** When a URL signed at `now` for `expiresIn` seconds stops working (SigV4 counts from the whole second). */
export const expiresAtOf = (now: Date, expiresIn: number): Date =>
  new Date(Math.floor(now.getTime() / 1000) * 1000 + expiresIn * 1000);
