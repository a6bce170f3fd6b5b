/**
 * A grammY API transformer that retries what a retry can fix: 429 after the server's
 * `retry_after` (up to a cap; beyond it the call fails with RATE_LIMITED so the job queue
 * can try later), 5xx answers and network errors with exponential backoff.
 */
import type { Transformer } from 'grammy';
import { LoadLensError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { abortableSleep } from './throttle.js';

/** Options of `autoRetry`. */
export interface AutoRetryOptions {
  /** Longest `retry_after` honoured, in seconds (default 30). */
  retryCapSec?: number;
  /** Total tries of one call (default 5). */
  maxAttempts?: number;
  /** First backoff after a 5xx or network error; doubles each time (default 500 ms). */
  backoffMs?: number;
  /** Longest backoff (default 10 s). */
  maxBackoffMs?: number;
  logger?: Logger;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Methods the transformer leaves alone: the polling loop has its own error handling. */
const PASS_THROUGH = new Set(['getUpdates']);

/** Creates the retrying transformer; install it with `api.config.use(autoRetry())`. */
export function autoRetry(opts: AutoRetryOptions = {}): Transformer {
  const cap = opts.retryCapSec ?? 30;
  const maxAttempts = Math.max(1, opts.maxAttempts ?? 5);
  const backoff = opts.backoffMs ?? 500;
  const maxBackoff = opts.maxBackoffMs ?? 10_000;
  const sleep = opts.sleep ?? abortableSleep;
  const delay = (attempt: number) => Math.min(maxBackoff, backoff * 2 ** (attempt - 1));

  return async (prev, method, payload, signal) => {
    if (PASS_THROUGH.has(method)) return prev(method, payload, signal);
    // grammY types its signal with a polyfill's AbortSignal; at run time it is the global one.
    const sig = signal as AbortSignal | undefined;
    for (let attempt = 1; ; attempt++) {
      let res: Awaited<ReturnType<typeof prev>>;
      try {
        res = await prev(method, payload, signal);
      } catch (err) {
        // Network failure or a non-JSON answer (a proxy's 502 page): grammY throws HttpError.
        if (attempt >= maxAttempts || sig?.aborted) throw err;
        opts.logger?.warn('telegram call failed, retrying', { method, attempt, err });
        await sleep(delay(attempt), sig);
        continue;
      }
      if (res.ok) return res;
      if (res.error_code === 429) {
        const after = res.parameters?.retry_after ?? 1;
        if (after > cap) {
          throw new LoadLensError(
            'RATE_LIMITED',
            `Telegram asks to wait ${after} s before ${method}, longer than the cap of ${cap} s`,
            { details: { retryAfter: after, method }, retryable: true },
          );
        }
        if (attempt >= maxAttempts) return res;
        opts.logger?.warn('telegram rate limit, waiting', { method, attempt, retryAfter: after });
        await sleep(after * 1_000, sig);
        continue;
      }
      if (res.error_code >= 500 && attempt < maxAttempts) {
        opts.logger?.warn('telegram server error, retrying', { method, attempt, code: res.error_code });
        await sleep(delay(attempt), sig);
        continue;
      }
      return res;
    }
  };
}
