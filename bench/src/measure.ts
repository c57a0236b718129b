/** Median microseconds per call of `fn`, over batches run for at least `minMs` after a warm-up. */
export async function microsecondsPerCall(fn: () => unknown, minMs: number): Promise<number> {
  const warmUntil = performance.now() + Math.min(300, minMs / 3);
  let calls = 0;
  while (performance.now() < warmUntil) {
    await fn();
    calls++;
  }
  const batch = Math.max(1, Math.round(calls / 30));
  const samples: number[] = [];
  const until = performance.now() + minMs;
  while (performance.now() < until || samples.length < 5) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) await fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1000 / batch);
  }
  return median(samples);
}

/** The middle value (the lower middle of an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
}

/** The median of some values, and their range. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** The median and range of `values`. */
export function spread(values: readonly number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}
