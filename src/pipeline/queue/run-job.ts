import type { z } from 'zod';
import { LoadLensError, toLoadLensError } from '../../core/errors.js';
import { jsonCopy, parsePayload } from './job-options.js';
import type { JobHandler } from './queue.js';

/** How one try of a job ended. `retry` is false for errors a retry cannot fix. */
export type JobOutcome = { ok: true; value: unknown } | { ok: false; error: LoadLensError; retry: boolean };

/** One try of one job, as both engines describe it. */
export interface JobRun {
  id: string;
  kind: string;
  /** The payload as stored; validated here before the handler sees it. */
  payload: unknown;
  attempt: number;
  signal: AbortSignal;
  progress(data: unknown): Promise<void>;
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
    const value = await handler({ ...run, payload });
    return { ok: true, value: resultJson(run.id, value) };
  } catch (err) {
    const error = toLoadLensError(err);
    return { ok: false, error, retry: error.retryable };
  }
}
