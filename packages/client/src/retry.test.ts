import { describe, expect, it } from 'vitest';
import { backoffDelay, retrySettings } from './retry';

describe('retrySettings', () => {
  it('defaults to 5 attempts, 500 ms base and 20 s cap; false means a single attempt', () => {
    expect(retrySettings(undefined)).toEqual({ attempts: 5, baseDelay: 500, maxDelay: 20_000 });
    expect(retrySettings({ attempts: 2 })).toEqual({ attempts: 2, baseDelay: 500, maxDelay: 20_000 });
    expect(retrySettings(false).attempts).toBe(1);
    expect(retrySettings({ attempts: 0 }).attempts).toBe(1);
  });
});

describe('backoffDelay: full jitter', () => {
  const settings = { attempts: 20, baseDelay: 500, maxDelay: 20_000 };

  it('stays within [0, min(maxDelay, baseDelay * 2^n)] for every retry', () => {
    for (let retry = 1; retry <= 15; retry++) {
      const bound = Math.min(settings.maxDelay, settings.baseDelay * 2 ** (retry - 1));
      expect(backoffDelay(retry, settings, () => 0)).toBe(0);
      expect(backoffDelay(retry, settings, () => 0.999_999)).toBeLessThanOrEqual(bound);
      expect(backoffDelay(retry, settings, () => 0.999_999)).toBeGreaterThanOrEqual(bound - 1);
      for (let sample = 0; sample < 200; sample++) {
        const delay = backoffDelay(retry, settings);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(bound);
      }
    }
  });

  it('doubles the window each retry until maxDelay caps it', () => {
    const top = (retry: number) => backoffDelay(retry, settings, () => 0.5);
    expect([1, 2, 3, 4, 5, 6, 7].map(top)).toEqual([250, 500, 1000, 2000, 4000, 8000, 10_000]);
    expect(top(30)).toBe(10_000);
  });

  it('spreads clients out: delays for the same retry differ', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(6, settings)));
    expect(delays.size).toBeGreaterThan(10);
  });
});
