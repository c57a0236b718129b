import { describe, expect, it } from 'vitest';
import { DEFAULT_S3_PRICES, estimateMonthlyCost } from './cost';

describe('estimateMonthlyCost', () => {
  it("prices the seed's example: 10 GB a month, kept 5 days, downloaded once", () => {
    const estimate = estimateMonthlyCost({ gbPerMonth: 10, retentionDays: 5, downloadsPerObject: 1 });
    expect(estimate.total).toBe(0.94);
    expect(estimate.currency).toBe('USD');
    expect(estimate.prices).toEqual(DEFAULT_S3_PRICES);
    expect(estimate.lines.map((line) => line.item)).toEqual([
      'Storage (S3 Standard, average stored)',
      'Downloads to the internet',
      'Upload requests (PUT/POST)',
      'Download requests (GET)',
    ]);
    expect(estimate.lines[0]).toMatchObject({ quantity: 1.643, unit: 'GB-month', unitPrice: 0.023, cost: 0.038 });
    expect(estimate.lines[1]).toMatchObject({ quantity: 10, cost: 0.9 });
  });

  it('shows the date of its prices and takes overrides', () => {
    const estimate = estimateMonthlyCost({
      gbPerMonth: 100,
      retentionDays: 30.44,
      downloadsPerObject: 0,
      prices: { region: 'eu-central-1', asOf: '2026-01-01', storagePerGbMonth: 0.0245 },
    });
    expect(estimate.prices).toMatchObject({ region: 'eu-central-1', asOf: '2026-01-01', transferOutPerGb: 0.09 });
    expect(estimate.lines[0]?.cost).toBe(2.45);
    expect(estimate.notes.join(' ')).toContain('eu-central-1 on 2026-01-01');
  });

  it('grows storage with the retention period and downloads with their count', () => {
    const short = estimateMonthlyCost({ gbPerMonth: 50, retentionDays: 5, downloadsPerObject: 1 });
    const long = estimateMonthlyCost({ gbPerMonth: 50, retentionDays: 90, downloadsPerObject: 3 });
    expect(long.lines[0]?.cost).toBeGreaterThan(short.lines[0]?.cost ?? 0);
    expect(long.lines[1]?.cost).toBeCloseTo((short.lines[1]?.cost ?? 0) * 3);
    expect(estimateMonthlyCost({ gbPerMonth: 0, retentionDays: 5, downloadsPerObject: 1 }).total).toBe(0);
  });

  it.each([
    { gbPerMonth: -1, retentionDays: 5, downloadsPerObject: 1 },
    { gbPerMonth: 1, retentionDays: 0, downloadsPerObject: 1 },
    { gbPerMonth: 1, retentionDays: 5, downloadsPerObject: Number.NaN },
  ])('refuses %j', (options) => {
    expect(() => estimateMonthlyCost(options)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
