import { generateCorsConfiguration } from '@sos/core';
import type { LocalS3 } from '@sos/local-s3';
import type { LabService } from '../labs/lab-service';
import type { LabRecord } from '../store';

/** The two labs the demo starts with, each with its own bucket. */
export const DEMO_LABS = [
  { name: 'Smile Dental Lab', bucket: 'smile-dental-lab' },
  { name: 'Bright Teeth Lab', bucket: 'bright-teeth-lab' },
] as const;

/**
 * Creates the demo labs on the embedded S3 server, as a lab's admin would on
 * AWS: a bucket each with the CORS rule sos generates for the app's origins,
 * and a key pair each. Their connections are saved (secrets sealed) and
 * checked, so the Labs page starts with two working labs.
 */
export async function seedDemoLabs(s3: LocalS3, labs: LabService, origins: string[]): Promise<LabRecord[]> {
  const cors = generateCorsConfiguration({ origins }).rules;
  const seeded: LabRecord[] = [];
  for (const { name, bucket } of DEMO_LABS) {
    await s3.createBucket({ name: bucket, cors });
    const key = s3.createAccessKey();
    const lab = await labs.save({ name, bucket, region: s3.region, ...key });
    await labs.check(lab.id);
    seeded.push(lab);
  }
  return seeded;
}
