import type { Connection } from '@sos/core';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const REGIONS = ['eu-central-1', 'us-east-1', 'eu-west-1', 'ap-southeast-2'];

/**
 * Tenant `index` of the load test: its own bucket, region, folder and keys
 * (a well-formed key ID and secret no other tenant has), so each one gets a
 * client of its own in the cache. Nothing is sent to AWS: signing needs no network.
 */
export function loadTenant(index: number): Connection {
  let digits = '';
  for (let rest = index + 1; rest > 0; rest = Math.floor(rest / 32)) digits = `${BASE32[rest % 32]}${digits}`;
  return {
    bucket: `lab-${index}-uploads`,
    region: REGIONS[index % REGIONS.length] ?? 'eu-central-1',
    credentials: {
      accessKeyId: `AKIA${digits.padStart(16, 'Q')}`,
      secretAccessKey: `${index}/`.padEnd(40, 'k'),
    },
    prefix: `tenant-${index}`,
  };
}
