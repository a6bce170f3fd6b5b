import type { z } from 'zod';
import { asStoreUnavailable } from '../../core/connection-errors.js';
import { LoadLensError, toLoadLensError } from '../../core/errors.js';
import { jsonCopy, parsePayload } from './job-options.js';
import type { JobHandler } from './queue.js';
import { willRetry } from './retry-policy.js';

/** How one try of a job ended. `retry` is false for errors a retry cannot fix. */
export type JobOutcome = { ok: true; value: unknown } | { ok: false; error: LoadLensError; retry: boolean };

/** One try of one job, as both engines describe it. */
export interface JobRun {
  id: string;
  kind: string;
  /** The payload as stored; validated here before the handler sees it. */
  payload: unknown;
  attempt: number;
  /** Total tries the job may take through an outage. */
  attempts: number;
  /** Total tries for retryable errors that are not an outage. */
  quickAttempts: number;
  signal: AbortSignal;
  progress(data: unknown): Promise<void>;
}

/**
 * A thrown value as the queue judges it: a raw driver error or a STORE_ERROR/INTERNAL that
 * wraps a lost connection is STORE_UNAVAILABLE (an outage, retried for long); any other
 * LoadLensError keeps its code (a source's ECONNREFUSED stays SOURCE_UNREACHABLE).
 */
export function classifyJobError(err: unknown): LoadLensError {
  if (err instanceof LoadLensError && err.code !== 'STORE_ERROR' && err.code !== 'INTERNAL') return err;
  if (err instanceof LoadLensError && !err.retryable) return err;
  return (
    asStoreUnavailable(err, err instanceof LoadLensError ? err.message : 'job failed') ?? toLoadLensError(err)
  );
}

/** The result as BullMQ stores it (JSON; `undefined` → null); one that JSON cannot hold fails the job. */
function resultJson(id: string, value: unknown): unknown {
  try {
    return jsonCopy(value);
  } catch (err) {
    throw new LoadLensError('INTERNAL', `job ${id}: result is not JSON-serialisable`, {
      cause: err,
      retryable: false,
    });
  }
}

/**
 * Runs one try: re-validates the stored payload (a corrupt one fails without retry), finds
 * the kind's handler and classifies what it threw. Shared so both engines fail alike.
 */
export async function runJob(
  run: JobRun,
  schemas: Record<string, z.ZodType | undefined>,
  handlers: Record<string, JobHandler<unknown> | undefined>,
): Promise<JobOutcome> {
  try {
    const payload = parsePayload(schemas, run.kind, run.payload);
    const handler = handlers[run.kind];
    if (handler === undefined) {
      // Every consumer of a queue takes every kind, so a missing handler is a deployment bug.
      throw new LoadLensError('INTERNAL', `no handler for job kind "${run.kind}" in this worker`, {
        retryable: false,
        details: { kind: run.kind },
      });
    }
    const value = await handler({
      ...run,
      payload,
      willRetry: (e) => willRetry(classifyJobError(e), run.attempt, run.attempts, run.quickAttempts),
    });
    return { ok: true, value: resultJson(run.id, value) };
  } catch (err) {
    const error = classifyJobError(err);
    return { ok: false, error, retry: willRetry(error, run.attempt, run.attempts, run.quickAttempts) };
  }
}
