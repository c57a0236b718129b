import { describe, expect, it } from 'vitest';
import { parseRegion, partitionOf } from './parse-region';
import { AWS_REGIONS } from './regions';

describe('parseRegion', () => {
  it.each([
    ['eu-central-1', 'eu-central-1'],
    ['eu-central-1 ', 'eu-central-1'],
    ['"EU-CENTRAL-1"', 'eu-central-1'],
    ['eu_central_1', 'eu-central-1'],
    ['us-east-1a', 'us-east-1'],
    ['US Standard', 'us-east-1'],
    ['N. Virginia', 'us-east-1'],
    ['US East (N. Virginia)', 'us-east-1'],
    ['Frankfurt', 'eu-central-1'],
    ['EU (Frankfurt)', 'eu-central-1'],
    ['Europe (Frankfurt) eu-central-1', 'eu-central-1'],
    ['frankfurt, germany', 'eu-central-1'],
    ['Sao Paulo', 'sa-east-1'],
    ['São Paulo', 'sa-east-1'],
    ['London UK', 'eu-west-2'],
    ['Oregon', 'us-west-2'],
    ['Calgary', 'ca-west-1'],
    ['Beijing', 'cn-north-1'],
    ['China (Ningxia)', 'cn-northwest-1'],
    ['AWS GovCloud (US-West)', 'us-gov-west-1'],
    ['us-gov-east-1', 'us-gov-east-1'],
  ])('reads %j as %s', (input, region) => {
    const result = parseRegion(input);
    expect(result).toMatchObject({ ok: true, region });
  });

  it('returns the partition and the console name', () => {
    expect(parseRegion('Frankfurt')).toEqual({
      ok: true,
      region: 'eu-central-1',
      partition: 'aws',
      name: 'Europe (Frankfurt)',
    });
    expect(parseRegion('cn-north-1')).toMatchObject({ partition: 'aws-cn' });
    expect(parseRegion('us-gov-west-1')).toMatchObject({ partition: 'aws-us-gov' });
  });

  it.each([
    // [code, input that triggers it, near miss that does not]
    ['REGION_EMPTY', '  ', 'eu-west-1'],
    ['REGION_UNKNOWN', 'eu-centrl-1', 'eu-central-1'],
    ['REGION_UNKNOWN', 'eu-central-3', 'eu-central-2'],
    ['REGION_UNKNOWN', 'Atlantis', 'Ireland'],
    ['REGION_AMBIGUOUS', 'US East', 'US East (Ohio)'],
    ['REGION_AMBIGUOUS', 'Canada', 'Canada (Central)'],
    ['REGION_AMBIGUOUS', 'GovCloud', 'GovCloud West'],
    ['REGION_UNSUPPORTED', 'us-iso-east-1', 'us-east-1'],
  ])('%s: %j is refused, %j is not', (code, bad, good) => {
    const refused = parseRegion(bad);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe(code);
    const accepted = parseRegion(good);
    expect(accepted.ok ? undefined : accepted.error.code).not.toBe(code);
  });

  it('lists the closest matches for a typo', () => {
    const result = parseRegion('eu-centrl-1');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.suggestions[0]).toBe('eu-central-1');
    expect(result.error.hint).toContain('eu-central-1 (Europe (Frankfurt))');
  });

  it('lists the candidates of an ambiguous name', () => {
    const result = parseRegion('us west');
    expect(result).toMatchObject({ ok: false, suggestions: ['us-west-1', 'us-west-2'] });
  });

  it('suggests close names, not only codes', () => {
    const result = parseRegion('Frankfort');
    expect(result).toMatchObject({ ok: false, suggestions: ['eu-central-1'] });
  });

  it('reads every region code and console name back to itself', () => {
    for (const region of AWS_REGIONS) {
      expect(parseRegion(region.code)).toMatchObject({ ok: true, region: region.code });
      expect(parseRegion(region.name)).toMatchObject({ ok: true, region: region.code });
    }
  });

  it('knows the commercial, China and GovCloud regions', () => {
    const codes = AWS_REGIONS.map((region) => region.code);
    expect(codes).toEqual(expect.arrayContaining(['cn-north-1', 'cn-northwest-1', 'us-gov-west-1', 'us-gov-east-1']));
    expect(new Set(codes).size).toBe(codes.length);
    expect(AWS_REGIONS.filter((region) => region.partition === 'aws').length).toBeGreaterThanOrEqual(34);
  });
});

describe('partitionOf', () => {
  it('maps codes to partitions', () => {
    expect(partitionOf('eu-west-1')).toBe('aws');
    expect(partitionOf('cn-northwest-1')).toBe('aws-cn');
    expect(partitionOf('us-gov-east-1')).toBe('aws-us-gov');
    expect(partitionOf('mars-1')).toBeUndefined();
  });
});
