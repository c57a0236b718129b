import {
  cloudFormationQuickCreateUrl,
  generateCloudFormationTemplate,
  generateCorsConfiguration,
  generateLifecycleConfiguration,
  generateUploadPolicy,
  parseRegion,
  renderSetupGuide,
  validateBucketName,
} from '@sos/core';
import { AppError } from './app-error';
import { json } from './json';
import type { AppRoute } from './router';

/** The app's name, as labs know it, in the guide and the template. */
export const APP_NAME = 'Simple Order System';

/** How many days the lifecycle rule keeps uploads: the seed guide's "maybe 5 days". */
const RETENTION_DAYS = 5;

/** What the setup routes need. */
export interface SetupRouteOptions {
  origins(): string[];
  /** The folder of the bucket uploads go into. */
  prefix: string;
  /** Where the template is hosted (an S3 object URL), for the one-click link. */
  templateUrl: string | undefined;
}

function bucketOf(url: URL): string {
  const checked = validateBucketName(url.searchParams.get('bucket') ?? '');
  const [error] = checked.errors;
  if (error !== undefined) throw new AppError(400, error.code, error.message, { hint: error.hint, field: 'bucket' });
  return checked.name;
}

function regionOf(url: URL): string {
  const region = parseRegion(url.searchParams.get('region') ?? '');
  if (!region.ok) {
    throw new AppError(400, region.error.code, region.error.message, { hint: region.error.hint, field: 'region' });
  }
  return region.region;
}

/**
 * What a lab needs to set up its bucket, for any bucket name and region (so
 * a lab can read it before it has a bucket or keys): `GET /api/setup` gives
 * the upload policies, CORS and lifecycle rules, the setup guide
 * (`renderSetupGuide`, Markdown) and the CloudFormation option;
 * `GET /api/cloudformation.yaml` (or `.json`) downloads the template. The
 * quick-create link needs the template hosted in S3 (`SOS_CLOUDFORMATION_TEMPLATE_URL`).
 * For a saved lab the page takes the documents from sos's own
 * `GET /api/labs/:id/sos/setup` instead.
 */
export function setupRoutes(options: SetupRouteOptions): AppRoute[] {
  const template = (bucket: string) =>
    generateCloudFormationTemplate({
      bucket,
      origins: options.origins(),
      prefix: options.prefix,
      retentionDays: RETENTION_DAYS,
      appName: APP_NAME,
    });
  const download = (format: 'yaml' | 'json'): AppRoute => ({
    method: 'GET',
    path: `/api/cloudformation.${format}`,
    handle({ url }) {
      const bucket = bucketOf(url);
      const generated = template(bucket);
      return new Response(format === 'yaml' ? generated.yaml : generated.json, {
        headers: {
          'content-type': format === 'yaml' ? 'application/yaml; charset=utf-8' : 'application/json; charset=utf-8',
          'content-disposition': `attachment; filename="sos-${bucket}.${format}"`,
          'cache-control': 'no-store',
        },
      });
    },
  });
  return [
    {
      method: 'GET',
      path: '/api/setup',
      handle({ url }) {
        const bucket = bucketOf(url);
        const region = regionOf(url);
        const origins = options.origins();
        const scope = { bucket, prefix: options.prefix };
        const stackName = `sos-${bucket.replace(/[^A-Za-z0-9-]/g, '-')}`.slice(0, 128);
        const quickCreateUrl =
          options.templateUrl === undefined
            ? null
            : cloudFormationQuickCreateUrl({
                templateUrl: options.templateUrl,
                stackName,
                region,
                parameters: { BucketName: bucket, AllowedOrigins: origins.join(',') },
              });
        const query = `bucket=${encodeURIComponent(bucket)}`;
        return json({
          bucket,
          region,
          documents: {
            policy: generateUploadPolicy(scope),
            multipartPolicy: generateUploadPolicy({ ...scope, tier: 'multipart' }),
            cors: generateCorsConfiguration({ origins }).rules,
            lifecycle: generateLifecycleConfiguration({ expireAfterDays: RETENTION_DAYS, prefix: options.prefix }),
          },
          guide: renderSetupGuide({
            appName: APP_NAME,
            bucket,
            region,
            origins,
            prefix: options.prefix,
            retentionDays: RETENTION_DAYS,
            ...(quickCreateUrl === null ? {} : { quickCreateUrl }),
          }),
          cloudFormation: {
            stackName,
            quickCreateUrl,
            yamlUrl: `/api/cloudformation.yaml?${query}`,
            jsonUrl: `/api/cloudformation.json?${query}`,
            secretOutputs: template(bucket).secretOutputs,
          },
        });
      },
    },
    download('yaml'),
    download('json'),
  ];
}
