import { LoadLensError } from '../../core/errors.js';

/*
 * The errors both engines raise themselves, built in one place so a caller cannot tell the
 * engines apart by code or wording.
 */

/** `waitFor` on a jobId the queue does not hold (never added, or past the retention). */
export function jobNotFound(jobId: string): LoadLensError {
  return new LoadLensError('NOT_FOUND', `job ${jobId} not found`, { details: { jobId } });
}

/** `waitFor` gave up; the job itself goes on. */
export function waitTimedOut(jobId: string, timeoutMs: number): LoadLensError {
  return new LoadLensError('OVERLOADED', `job ${jobId} did not finish within ${timeoutMs} ms`, {
    details: { jobId, timeoutMs },
  });
}

/** Calls on a closed queue, and waits cut short by `close()`. */
export function queueClosed(what = 'job queue is closed'): LoadLensError {
  return new LoadLensError('INTERNAL', what);
}

/** The abort reason handed to handlers when a shutdown stops waiting for them (retryable). */
export const SHUTDOWN_REASON = 'worker shut down before the job finished';

/** Checks `work()`'s concurrency (a whole number ≥ 1). */
export function resolveConcurrency(value: number | undefined, fallback: number): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 1) {
    throw new LoadLensError('BAD_INPUT', `concurrency must be a whole number ≥ 1, got ${n}`);
  }
  return n;
}
