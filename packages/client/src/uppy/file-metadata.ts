/**
 * The metadata of a file as `POST /uploads` takes it: the fields of Uppy's
 * `file.meta` that `allowedMetaFields` names (`true`: all of them), as
 * strings. Numbers and booleans are written out; `null`, objects and arrays
 * are left out, since an S3 metadata value is one line of text. The server
 * still keeps only the fields its `allowedMetadata` allows.
 *
 * @example
 * metadataFromMeta({ name: 'scan.png', orderId: 'A-17', pages: 3, relativePath: null }, ['orderId', 'pages']);
 * // { orderId: 'A-17', pages: '3' }
 */
export function metadataFromMeta(
  meta: Record<string, unknown>,
  allowedMetaFields: boolean | readonly string[],
): Record<string, string> {
  const fields = allowedMetaFields === true ? Object.keys(meta) : allowedMetaFields === false ? [] : allowedMetaFields;
  const metadata: Record<string, string> = {};
  for (const field of fields) {
    if (!Object.hasOwn(meta, field)) continue;
    const value = meta[field];
    if (typeof value === 'string') metadata[field] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') metadata[field] = String(value);
  }
  return metadata;
}
