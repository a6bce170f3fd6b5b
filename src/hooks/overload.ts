import { LoadLensError } from '../core/errors.js';

/**
 * A bound on webhook requests in flight. Past it the request is refused at once with 503
 * (OVERLOADED) and a Retry-After: Alertmanager and Grafana retry 5xx answers, whereas a
 * 429 would make Alertmanager drop the notification.
 */
export interface PendingGuard {
  /** Counts the request in; throws OVERLOADED when the bound is reached. */
  enter(): void;
  leave(): void;
  readonly pending: number;
}

/** Seconds a refused sender is asked to wait. */
export const RETRY_AFTER_SEC = 5;

export function createPendingGuard(max: number): PendingGuard {
  let pending = 0;
  return {
    enter() {
      if (pending >= max) {
        throw new LoadLensError(
          'OVERLOADED',
          `too many alert notifications in flight (${max}); retry later`,
          {
            details: { max },
          },
        );
      }
      pending++;
    },
    leave() {
      pending = Math.max(0, pending - 1);
    },
    get pending() {
      return pending;
    },
  };
}
