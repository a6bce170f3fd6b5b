import type { z } from 'zod';
import { LoadLensError } from '../../core/errors.js';
import { DEFAULT_RETRY, type RetryPolicy } from './retry-policy.js';

/** Defaults shared by both engines, so a laptop run behaves like production. */
export const QUEUE_DEFAULTS = {
  /** Queue name and Redis key prefix. */
  name: 'loadlens',
  prefix: 'loadlens',
  concurrency: 1,
  /** Finished jobs are kept this long (and at most `keepCount`), so a repeated jobId stays deduplicated. */
  keepAgeSec: 3_600,
  /** Completed jobs kept (the newest), so memory stays flat however many reports run. */
  keepCount: 1_000,
  /** Failed jobs kept (the newest), for the operator to look into. */
  keepFailedCount: 5_000,
  /** Approximate length of BullMQ's events stream in Redis. */
  eventsMaxLen: 2_000,
  /** How long `close()` waits for active jobs before aborting their signals. */
  closeTimeoutMs: 30_000,
} as const;

/** How many finished jobs and events a queue keeps (BullMQ: removeOnComplete/removeOnFail, events stream). */
export interface QueueRetention {
  /** Finished jobs older than this are dropped (seconds). */
  keepAgeSec: number;
  /** Completed jobs kept at most. */
  keepCount: number;
  /** Failed jobs kept at most. */
  keepFailedCount: number;
  /** Events stream cap (BullMQ only). */
  eventsMaxLen: number;
}

/** The retention after defaults. */
export function resolveRetention(r: Partial<QueueRetention> = {}): QueueRetention {
  return {
    keepAgeSec: r.keepAgeSec ?? QUEUE_DEFAULTS.keepAgeSec,
    keepCount: r.keepCount ?? QUEUE_DEFAULTS.keepCount,
    keepFailedCount: r.keepFailedCount ?? QUEUE_DEFAULTS.keepFailedCount,
    eventsMaxLen: r.eventsMaxLen ?? QUEUE_DEFAULTS.eventsMaxLen,
  };
}

/** The retry policy after defaults. */
export function resolveRetry(r: Partial<RetryPolicy> = {}): RetryPolicy {
  return { ...DEFAULT_RETRY, ...Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) };
}

/** `add` options after defaults and checks. */
export interface ResolvedAddOptions {
  jobId: string;
  /** Total tries through an outage: the larger of the caller's attempts and the policy's. */
  attempts: number;
  /** Tries for other retryable errors: the caller's attempts, else the policy's quick budget. */
  quickAttempts: number;
  backoffMs: number;
  delayMs: number;
}

const MAX_JOB_ID_LENGTH = 256;

function checkInt(name: string, value: number | undefined, min: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min) {
    throw new LoadLensError('BAD_INPUT', `job option ${name} must be a whole number ≥ ${min}, got ${value}`);
  }
  return value;
}

/** Applies defaults and rejects options neither engine can honour (BAD_INPUT). */
export function resolveAddOptions(
  opts: {
    jobId: string;
    attempts?: number;
    backoffMs?: number;
    delayMs?: number;
  },
  policy: Pick<RetryPolicy, 'attempts' | 'backoffMs' | 'quickAttempts'> = DEFAULT_RETRY,
): ResolvedAddOptions {
  if (typeof opts.jobId !== 'string' || opts.jobId.length === 0 || opts.jobId.length > MAX_JOB_ID_LENGTH) {
    throw new LoadLensError(
      'BAD_INPUT',
      `jobId must be a non-empty string of at most ${MAX_JOB_ID_LENGTH} chars`,
    );
  }
  const quickAttempts = checkInt('attempts', opts.attempts, 1, policy.quickAttempts);
  return {
    jobId: opts.jobId,
    attempts: Math.max(quickAttempts, policy.attempts),
    quickAttempts,
    backoffMs: checkInt('backoffMs', opts.backoffMs, 0, policy.backoffMs),
    delayMs: checkInt('delayMs', opts.delayMs, 0, 0),
  };
}

/** Validates a payload against the kind's schema; any failure is BAD_INPUT (never retried). */
export function parsePayload(
  schemas: Record<string, z.ZodType | undefined>,
  kind: string,
  payload: unknown,
): unknown {
  const schema = schemas[kind];
  if (schema === undefined) {
    throw new LoadLensError('BAD_INPUT', `unknown job kind "${kind}"`, { details: { kind } });
  }
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new LoadLensError('BAD_INPUT', `invalid ${kind} payload: ${where}${issue?.message ?? 'invalid'}`, {
      cause: parsed.error,
      details: { kind },
    });
  }
  return parsed.data;
}

/**
 * Round-trips a value through JSON: BullMQ stores payloads and results as JSON, so the
 * in-process engine does the same (a Date becomes a string in both engines).
 */
export function jsonCopy(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as unknown;
}
