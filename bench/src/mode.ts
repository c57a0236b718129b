/** How long each part of the benchmark runs: the full run for published numbers, a short one for CI. */
export interface BenchMode {
  name: 'full' | 'short';
  /** Minimum time per presign measurement. */
  presignMs: number;
  /** signParts runs of 10,000 URLs (the median is reported). */
  partRuns: number;
  /** Seconds of load per HTTP measurement, after `warmupSeconds` per route. */
  httpSeconds: number;
  warmupSeconds: number;
  /** Rounds of hello world, the floor and sos back to back; medians and ranges are reported. */
  httpRounds: number;
  /** Fresh processes per module for the cold start (the median is reported). */
  coldStartRuns: number;
  /** Bytes of the file the upload row sends, through @sos/client and through plain fetch. */
  uploadBytes: number;
  /** Rounds of one upload each way, the order alternated; medians and ranges are reported. */
  uploadRounds: number;
}

/** `SOS_BENCH_SHORT=1` selects the short mode. */
export function benchMode(): BenchMode {
  return process.env.SOS_BENCH_SHORT === '1'
    ? {
        name: 'short',
        presignMs: 300,
        partRuns: 3,
        httpSeconds: 1,
        warmupSeconds: 1,
        httpRounds: 3,
        coldStartRuns: 3,
        uploadBytes: 40_000_000,
        uploadRounds: 7,
      }
    : {
        name: 'full',
        presignMs: 1_000,
        partRuns: 7,
        httpSeconds: 2,
        warmupSeconds: 2,
        httpRounds: 9,
        coldStartRuns: 9,
        uploadBytes: 200_000_000,
        uploadRounds: 9,
      };
}
