import type { LoadLensError } from '../../core/errors.js';

/**
 * How a failed job is retried. An outage (STORE_UNAVAILABLE: the database or Redis gone)
 * is waited out with exponential backoff capped at `maxBackoffMs` for up to `attempts`
 * tries, so a store outage of ten minutes delays a report instead of losing it. Any other
 * retryable error (a flaky source, a render crash) gets `quickAttempts` tries only, so a
 * real failure reaches the chat in seconds, not after the outage budget.
 */
export interface RetryPolicy {
  /** Total tries of a job through an outage (default 15: a little over 16 minutes of waiting). */
  attempts: number;
  /** First retry delay; doubles on each further retry. */
  backoffMs: number;
  /** No wait between tries is longer than this (before jitter). */
  maxBackoffMs: number;
  /** Each wait is stretched by up to this fraction at random, so workers do not retry in step. */
  jitter: number;
  /** Total tries for retryable errors that are not an outage. */
  quickAttempts: number;
}

/** The production policy: 1 s, 2 s, 4 s … 2 min, 2 min …, 15 tries (≥ 16 min of waiting). */
export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 15,
  backoffMs: 1_000,
  maxBackoffMs: 120_000,
  jitter: 0.2,
  quickAttempts: 3,
};

/**
 * Delay before the next try after `attemptsMade` failed tries:
 * `min(maxBackoffMs, backoffMs · 2^(attemptsMade-1)) · (1 + jitter · random())`. Jitter only
 * lengthens a wait, so the policy's outage coverage is a lower bound.
 */
export function retryDelayMs(
  attemptsMade: number,
  policy: Pick<RetryPolicy, 'backoffMs' | 'maxBackoffMs' | 'jitter'>,
  random: () => number = Math.random,
): number {
  const base = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(base * (1 + policy.jitter * random()));
}

/** The shortest total wait between the first and the last try: the longest outage a job survives. */
export function outageCoverageMs(
  policy: Pick<RetryPolicy, 'attempts' | 'backoffMs' | 'maxBackoffMs'>,
): number {
  let total = 0;
  for (let made = 1; made < policy.attempts; made++) total += retryDelayMs(made, { ...policy, jitter: 0 });
  return total;
}

/** True when the error is an outage of the store or the queue, waited out with the long budget. */
export function isOutage(err: LoadLensError): boolean {
  return err.code === 'STORE_UNAVAILABLE';
}

/**
 * Whether a try that failed with `err` is followed by another: never for unrecoverable
 * errors, up to `attempts` tries for outages, up to `quickAttempts` for the rest.
 */
export function willRetry(
  err: LoadLensError,
  attempt: number,
  attempts: number,
  quickAttempts: number,
): boolean {
  if (!err.retryable) return false;
  const budget = isOutage(err) ? attempts : Math.min(attempts, quickAttempts);
  return attempt < budget;
}
