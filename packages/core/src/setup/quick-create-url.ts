import { SosError } from '../errors';
import { parseRegion } from '../region';
import { AWS_CONSOLE } from './console-urls';

/** Options of {@link cloudFormationQuickCreateUrl}. */
export interface QuickCreateUrlOptions {
  /** Where the template is stored: an https URL of an S3 object (CloudFormation accepts no other host). */
  templateUrl: string;
  /** The stack's proposed name. */
  stackName: string;
  /** The region to create the stack in (a code or a name `parseRegion` understands). */
  region: string;
  /** Values for the template's parameters, such as `{ BucketName: 'acme-lab-orders' }`. */
  parameters?: Record<string, string>;
}

function invalid(message: string, hint: string): never {
  throw new SosError('INVALID_INPUT', message, { hint });
}

/**
 * The AWS console link that opens "Quick create stack" with your template,
 * stack name and parameters filled in: the customer reviews, ticks the IAM
 * acknowledgement and clicks Create.
 *
 * @example
 * cloudFormationQuickCreateUrl({
 *   templateUrl: 'https://my-templates.s3.amazonaws.com/sos-upload.yaml',
 *   stackName: 'sos-uploads',
 *   region: 'eu-central-1',
 *   parameters: { BucketName: 'acme-lab-orders', ExternalId: 'c0ffee-42' },
 * });
 */
export function cloudFormationQuickCreateUrl(options: QuickCreateUrlOptions): string {
  const region = parseRegion(options.region);
  if (!region.ok) invalid(region.error.message, region.error.hint);
  let template: URL;
  try {
    template = new URL(options.templateUrl);
  } catch {
    return invalid(
      `The template URL ${JSON.stringify(options.templateUrl)} is not a URL.`,
      'Upload the template to S3 and pass its https:// object URL.',
    );
  }
  if (
    template.protocol !== 'https:' ||
    !/(?:^|\.)s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?$/.test(template.hostname)
  ) {
    invalid(
      `The template URL ${JSON.stringify(options.templateUrl)} is not an https URL of an S3 object.`,
      'CloudFormation only reads templates from S3: upload it to a bucket and use the object URL, such as https://BUCKET.s3.amazonaws.com/template.yaml.',
    );
  }
  if (!/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(options.stackName)) {
    invalid(
      `The stack name ${JSON.stringify(options.stackName)} is not valid.`,
      'Stack names start with a letter and have at most 128 letters, digits and hyphens.',
    );
  }
  const query = [
    `templateURL=${encodeURIComponent(template.href)}`,
    `stackName=${encodeURIComponent(options.stackName)}`,
  ];
  for (const [name, value] of Object.entries(options.parameters ?? {})) {
    if (!/^[A-Za-z0-9]+$/.test(name)) {
      invalid(
        `The parameter name ${JSON.stringify(name)} is not valid.`,
        'Template parameter names are letters and digits only.',
      );
    }
    query.push(`param_${name}=${encodeURIComponent(value)}`);
  }
  return `${AWS_CONSOLE[region.partition]}/cloudformation/home?region=${region.region}#/stacks/create/review?${query.join('&')}`;
}
