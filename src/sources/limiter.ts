/**
 * A counting semaphore. One source shares one limiter across all its calls so that a
 * report with fifty panels never opens fifty connections to the metric backend at once.
 */
export interface Limiter {
  /** Runs `fn` once a slot is free; the slot is released when `fn` settles. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Calls currently holding a slot. */
  readonly active: number;
  /** Calls waiting for a slot. */
  readonly pending: number;
}

/** Creates a limiter allowing `concurrency` (≥ 1) calls in flight. */
export function createLimiter(concurrency: number): Limiter {
  const max = Math.max(1, Math.floor(concurrency));
  let active = 0;
  const queue: Array<() => void> = [];

  const acquire = (): Promise<void> => {
    if (active < max) {
      active++;
      return Promise.resolve();
    }
    // The slot is handed over directly by `release`, so `active` never dips in between.
    return new Promise<void>((resolve) => queue.push(resolve));
  };

  const release = () => {
    const next = queue.shift();
    if (next) next();
    else active--;
  };

  return {
    async run<T>(fn: () => Promise<T>): Promise<T> {
      await acquire();
      try {
        return await fn();
      } finally {
        release();
      }
    },
    get active() {
      return active;
    },
    get pending() {
      return queue.length;
    },
  };
}
