import type { z } from 'zod';
import { LoadLensError } from '../../core/errors.js';

/** Defaults shared by both engines, so a laptop run behaves like production. */
export const QUEUE_DEFAULTS = {
  /** Queue name and Redis key prefix. */
  name: 'loadlens',
  prefix: 'loadlens',
  attempts: 3,
  backoffMs: 1_000,
  concurrency: 1,
  /** Finished jobs are kept this long (and at most `keepCount`), so a repeated jobId stays deduplicated. */
  keepAgeSec: 3_600,
  keepCount: 1_000,
  /** How long `close()` waits for active jobs before aborting their signals. */
  closeTimeoutMs: 30_000,
} as const;

/** `add` options after defaults and checks. */
export interface ResolvedAddOptions {
  jobId: string;
  attempts: number;
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
export function resolveAddOptions(opts: {
  jobId: string;
  attempts?: number;
  backoffMs?: number;
  delayMs?: number;
}): ResolvedAddOptions {
  if (typeof opts.jobId !== 'string' || opts.jobId.length === 0 || opts.jobId.length > MAX_JOB_ID_LENGTH) {
    throw new LoadLensError(
      'BAD_INPUT',
      `jobId must be a non-empty string of at most ${MAX_JOB_ID_LENGTH} chars`,
    );
  }
  return {
    jobId: opts.jobId,
    attempts: checkInt('attempts', opts.attempts, 1, QUEUE_DEFAULTS.attempts),
    backoffMs: checkInt('backoffMs', opts.backoffMs, 0, QUEUE_DEFAULTS.backoffMs),
    delayMs: checkInt('delayMs', opts.delayMs, 0, 0),
  };
}

/**
 * Delay before the next try after `attemptsMade` failed tries: `backoffMs · 2^(attemptsMade-1)`,
 * the same formula as BullMQ's built-in `exponential` backoff.
 */
export function backoffDelayMs(attemptsMade: number, backoffMs: number): number {
  return Math.round(backoffMs * 2 ** Math.max(0, attemptsMade - 1));
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
