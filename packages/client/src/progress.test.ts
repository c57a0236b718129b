import { describe, expect, it } from 'vitest';
import { createRateMeter, etaOf } from './progress';

function clock() {
  let time = 1_000_000;
  return {
    now: () => time,
    advance: (ms: number) => {
      time += ms;
    },
  };
}

describe('createRateMeter', () => {
  it('measures a steady rate exactly', () => {
    const { now, advance } = clock();
    const meter = createRateMeter(now);
    expect(meter.sample(0)).toBe(0);
    for (let second = 1; second <= 5; second++) {
      advance(1000);
      expect(meter.sample(second * 1_000_000)).toBeCloseTo(1_000_000, 6);
    }
  });

  it('smooths a burst: one fast second moves the rate part of the way', () => {
    const { now, advance } = clock();
    const meter = createRateMeter(now, 2000);
    meter.sample(0);
    advance(1000);
    meter.sample(1000);
    advance(1000);
    // 9000 B in one second after 1000 B/s; weight 1 - 2^(-1000/2000) = 0.2929.
    expect(meter.sample(10_000)).toBeCloseTo(1000 + 8000 * (1 - 2 ** -0.5), 6);
  });

  it('ignores samples closer than 100 ms and never goes negative when bytes drop after a failed request', () => {
    const { now, advance } = clock();
    const meter = createRateMeter(now);
    meter.sample(0);
    advance(50);
    expect(meter.sample(5000)).toBe(0);
    advance(950);
    expect(meter.sample(1000)).toBeCloseTo(1000, 6);
    advance(1000);
    expect(meter.sample(500)).toBeGreaterThanOrEqual(0);
    expect(meter.sample(500)).toBeLessThan(1000);
  });

  it('starts over after reset', () => {
    const { now, advance } = clock();
    const meter = createRateMeter(now);
    meter.sample(0);
    advance(1000);
    meter.sample(1000);
    meter.reset();
    advance(60_000);
    expect(meter.sample(1000)).toBe(0);
    advance(1000);
    expect(meter.sample(5000)).toBeCloseTo(4000, 6);
  });
});

describe('etaOf', () => {
  it('is the seconds left at the rate, 0 when done, unknown without a rate', () => {
    expect(etaOf(10_000, 2000)).toBe(5);
    expect(etaOf(0, 0)).toBe(0);
    expect(etaOf(10, 0)).toBeUndefined();
  });
});
