import { isLoadLensError, LoadLensError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Limiter } from '../sources/limiter.js';
import type { LlmProvider, LlmRequest } from './provider.js';

export interface RetryOptions {
  /** Extra attempts after the first (0 = no retry). */
  retries: number;
  /** First backoff; doubles per attempt, with ±25 % jitter (default 500 ms). */
  baseDelayMs?: number;
  /** Backoff cap (default 8 s). */
  maxDelayMs?: number;
  logger?: Logger;
  /** Injected for tests; resolves early (rejecting) when the signal aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

/** Sleeps `ms`, rejecting as soon as `signal` aborts so a deadline never waits on a backoff. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Retries transient failures (LoadLensError with `retryable`) with exponential backoff.
 * Bounded: at most `retries + 1` calls, and none after the request's signal aborts.
 */
export function withRetries(provider: LlmProvider, opts: RetryOptions): LlmProvider {
  const base = opts.baseDelayMs ?? 500;
  const cap = opts.maxDelayMs ?? 8_000;
  const sleep = opts.sleep ?? abortableSleep;
  const random = opts.random ?? Math.random;
  return {
    name: provider.name,
    model: provider.model,
    async complete(req: LlmRequest) {
      for (let attempt = 0; ; attempt++) {
        try {
          return await provider.complete(req);
        } catch (err) {
          const retryable = isLoadLensError(err) ? err.retryable : false;
          if (!retryable || attempt >= opts.retries || req.signal?.aborted) throw err;
          const delay = Math.min(cap, base * 2 ** attempt) * (0.75 + random() * 0.5);
          opts.logger?.warn('llm call failed, retrying', {
            provider: provider.name,
            attempt: attempt + 1,
            delayMs: Math.round(delay),
            error: err instanceof Error ? err.message : String(err),
          });
          await sleep(delay, req.signal).catch(() => {
            throw err;
          });
        }
      }
    },
  };
}

/**
 * Shares one concurrency limit across every call of the provider (all reports of the
 * process), so a burst of reports never opens more than `LLM_CONCURRENCY` model calls.
 */
export function withLimiter(provider: LlmProvider, limiter: Limiter): LlmProvider {
  return {
    name: provider.name,
    model: provider.model,
    complete: (req) =>
      limiter.run(() => {
        // A call that waited past its deadline is not worth starting.
        if (req.signal?.aborted) {
          return Promise.reject(
            new LoadLensError('LLM_FAILED', `${provider.name}: request aborted`, { retryable: false }),
          );
        }
        return provider.complete(req);
      }),
  };
}
