import type { RetryOptions } from './types';

/** The retry settings with every default filled in; `false` means one attempt. */
export function retrySettings(retry: RetryOptions | false | undefined): Required<RetryOptions> {
  const { attempts = 5, baseDelay = 500, maxDelay = 20_000 } = retry || {};
  return { attempts: retry === false ? 1 : Math.max(1, attempts), baseDelay, maxDelay };
}

/**
 * How long to wait before retry number `retry` (1 for the first): "full
 * jitter", a random time from 0 to `min(maxDelay, baseDelay * 2^(retry-1))`,
 * so that many clients that failed together do not come back together.
 */
export function backoffDelay(
  retry: number,
  settings: Required<RetryOptions>,
  random: () => number = Math.random,
): number {
  return Math.floor(random() * Math.min(settings.maxDelay, settings.baseDelay * 2 ** (retry - 1)));
}
