/** Raised when the whole check's time budget is spent. */
export class DeadlineError extends Error {
  override readonly name = 'TimeoutError';
}

/**
 * One time budget for a whole run: an abort signal for the SDK and `fetch`,
 * and `guard` to stop waiting for anything that ignores the signal.
 */
export class Deadline {
  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout;
  readonly #expired: Promise<never>;

  constructor(ms: number) {
    this.#expired = new Promise<never>((_resolve, reject) => {
      this.#controller.signal.addEventListener('abort', () => reject(new DeadlineError('time is up')), { once: true });
    });
    // Nobody may be waiting on it when it fires; that rejection is expected.
    this.#expired.catch(() => undefined);
    this.#timer = setTimeout(() => this.#controller.abort(), ms);
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get expired(): boolean {
    return this.#controller.signal.aborted;
  }

  /** Resolves with `work`, or rejects with a timeout once the budget is spent. */
  guard<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, this.#expired]);
  }

  /** Stops the timer and aborts whatever is still running. */
  dispose(): void {
    clearTimeout(this.#timer);
    this.#controller.abort();
  }
}
