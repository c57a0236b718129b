/** Samples closer together than this are merged: too short to measure a rate. */
const MIN_WINDOW = 100;

/**
 * A transfer rate in bytes per second, smoothed with an exponential moving
 * average whose weight halves every `halfLife` ms, so one slow or fast burst
 * does not swing the ETA.
 */
export function createRateMeter(now: () => number = Date.now, halfLife = 2000) {
  let since: number | undefined;
  let from = 0;
  let rate = 0;
  let measured = false;
  return {
    /** Records the bytes sent so far and answers the smoothed rate. */
    sample(bytes: number): number {
      const time = now();
      if (since === undefined) {
        since = time;
        from = bytes;
      } else if (time - since >= MIN_WINDOW) {
        // Bytes go down when a failed request's partial progress is dropped: not negative speed.
        const instant = (Math.max(0, bytes - from) * 1000) / (time - since);
        rate = measured ? rate + (instant - rate) * (1 - 2 ** ((since - time) / halfLife)) : instant;
        measured = true;
        since = time;
        from = bytes;
      }
      return rate;
    },
    /** Forgets the history, e.g. after a pause. */
    reset(): void {
      since = undefined;
      rate = 0;
      measured = false;
    },
  };
}

/** Seconds left for `remaining` bytes at `rate` bytes per second; `undefined` while no rate is known. */
export const etaOf = (remaining: number, rate: number): number | undefined =>
  remaining <= 0 ? 0 : rate > 0 ? remaining / rate : undefined;
