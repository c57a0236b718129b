/** One CORS rule, in the shape of the S3 API's `PutBucketCors` `CORSRules`. */
export interface LocalS3CorsRule {
  AllowedOrigins: string[];
  AllowedMethods: string[];
  AllowedHeaders?: string[];
  ExposeHeaders?: string[];
  MaxAgeSeconds?: number;
}

const escapeXml = (text: string): string => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

const elements = (tag: string, values: readonly string[] | undefined): string =>
  (values ?? []).map((value) => `<${tag}>${escapeXml(value)}</${tag}>`).join('');

/** The `CORSConfiguration` XML document for a list of rules. */
export function corsRulesToXml(rules: readonly LocalS3CorsRule[]): string {
  const body = rules
    .map(
      (rule) =>
        `<CORSRule>${elements('AllowedOrigin', rule.AllowedOrigins)}${elements('AllowedMethod', rule.AllowedMethods)}` +
        `${elements('AllowedHeader', rule.AllowedHeaders)}${elements('ExposeHeader', rule.ExposeHeaders)}` +
        `${rule.MaxAgeSeconds === undefined ? '' : `<MaxAgeSeconds>${rule.MaxAgeSeconds}</MaxAgeSeconds>`}</CORSRule>`,
    )
    .join('');
  return `<CORSConfiguration>${body}</CORSConfiguration>`;
}
