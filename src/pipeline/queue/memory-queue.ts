import type { z } from 'zod';
import { type Clock, systemClock } from '../../core/clock.js';
import { LoadLensError } from '../../core/errors.js';
import { type Logger, silentLogger } from '../../core/logger.js';
import {
  jsonCopy,
  parsePayload,
  QUEUE_DEFAULTS,
  type ResolvedAddOptions,
  resolveAddOptions,
  resolveRetention,
  resolveRetry,
} from './job-options.js';
import type { CreateQueueOptions, JobHandler, JobQueue, JobState, WorkerHandle } from './queue.js';
import {
  jobNotFound,
  queueClosed,
  resolveConcurrency,
  SHUTDOWN_REASON,
  waitTimedOut,
} from './queue-errors.js';
import { retryDelayMs } from './retry-policy.js';
import { type JobOutcome, runJob } from './run-job.js';
import { sleep as realSleep, within } from './timing.js';

/*
 * The in-process engine: the JobQueue semantics of the BullMQ engine (dedup by jobId with
 * the same retention, retries with exponential backoff, unrecoverable errors, concurrency,
 * graceful close) for a single process without Redis. Jobs live in memory only.
 */

interface JobRecord {
  id: string;
  kind: string;
  /** JSON copy of the payload as added; validated again when a consumer takes it. */
  payload: unknown;
  opts: ResolvedAddOptions;
  state: Exclude<JobState, 'unknown'>;
  attemptsMade: number;
  result?: unknown;
  error?: LoadLensError;
  finishedAt?: number;
  progress?: unknown;
}

interface Consumer {
  handlers: Record<string, JobHandler<unknown> | undefined>;
  concurrency: number;
  active: Set<Promise<void>>;
  controllers: Set<AbortController>;
}

interface Waiter {
  resolve(value: unknown): void;
  reject(err: LoadLensError): void;
}

/** The in-process engine behind `createQueue` when no REDIS_URL is set. */
export function createMemoryQueue<M extends Record<string, unknown>>(
  opts: CreateQueueOptions<M>,
): JobQueue<M> {
  const schemas = opts.schemas as Record<string, z.ZodType | undefined>;
  const logger: Logger = (opts.logger ?? silentLogger).child({ queue: opts.name ?? QUEUE_DEFAULTS.name });
  const clock: Clock = opts.clock ?? systemClock;
  const sleep = opts.sleep ?? realSleep;
  const closeTimeoutMs = opts.closeTimeoutMs ?? QUEUE_DEFAULTS.closeTimeoutMs;
  const policy = resolveRetry(opts.retry);
  const retention = resolveRetention(opts.retention);
  const random = opts.random ?? Math.random;

  const jobs = new Map<string, JobRecord>();
  const ready: JobRecord[] = [];
  const finished: JobRecord[] = [];
  const waiters = new Map<string, Set<Waiter>>();
  const consumers = new Set<Consumer>();
  const handles = new Set<WorkerHandle>();
  /** Cancels every pending delay/backoff timer on close. */
  const timers = new AbortController();
  let closed = false;

  const assertOpen = () => {
    if (closed) throw queueClosed();
  };

  /** Drops finished jobs past the retention, as BullMQ's removeOnComplete/removeOnFail do. */
  const prune = () => {
    const minFinishedAt = clock.now() - retention.keepAgeSec * 1000;
    const kept = { completed: 0, failed: 0 };
    for (let i = finished.length - 1; i >= 0; i--) {
      const rec = finished[i]!;
      const state = rec.state === 'completed' ? 'completed' : 'failed';
      kept[state]++;
      const cap = state === 'completed' ? retention.keepCount : retention.keepFailedCount;
      if ((rec.finishedAt ?? 0) < minFinishedAt || kept[state] > cap) {
        finished.splice(i, 1);
        jobs.delete(rec.id);
      }
    }
  };

  const settleWaiters = (rec: JobRecord) => {
    const set = waiters.get(rec.id);
    if (set === undefined) return;
    waiters.delete(rec.id);
    for (const w of set) {
      if (rec.state === 'completed') w.resolve(rec.result);
      else w.reject(rec.error ?? new LoadLensError('INTERNAL', `job ${rec.id} failed`));
    }
  };

  const enqueue = (rec: JobRecord, delayMs: number) => {
    if (delayMs <= 0) {
      rec.state = 'waiting';
      ready.push(rec);
      pump();
      return;
    }
    rec.state = 'delayed';
    sleep(delayMs, timers.signal).then(
      () => {
        if (closed) return;
        rec.state = 'waiting';
        ready.push(rec);
        pump();
      },
      () => {
        // Aborted by close(): the job stays delayed, as it would in a stopped Redis.
      },
    );
  };

  const finish = (rec: JobRecord, outcome: JobOutcome) => {
    if (outcome.ok) {
      rec.result = outcome.value;
      rec.state = 'completed';
    } else {
      rec.attemptsMade++;
      const fields = { jobId: rec.id, kind: rec.kind, attempt: rec.attemptsMade, error: outcome.error };
      if (outcome.retry && rec.attemptsMade < rec.opts.attempts) {
        const wait = retryDelayMs(rec.attemptsMade, { ...policy, backoffMs: rec.opts.backoffMs }, random);
        logger.warn('job failed, will retry', { ...fields, wait });
        enqueue(rec, wait);
        return;
      }
      logger.error('job failed', fields);
      rec.state = 'failed';
      rec.error = outcome.error;
    }
    rec.finishedAt = clock.now();
    finished.push(rec);
    settleWaiters(rec);
    prune();
  };

  const start = (consumer: Consumer, rec: JobRecord) => {
    rec.state = 'active';
    const ctrl = new AbortController();
    consumer.controllers.add(ctrl);
    const run = runJob(
      {
        id: rec.id,
        kind: rec.kind,
        payload: rec.payload,
        attempt: rec.attemptsMade + 1,
        attempts: rec.opts.attempts,
        quickAttempts: rec.opts.quickAttempts,
        signal: ctrl.signal,
        progress: async (data) => {
          rec.progress = jsonCopy(data);
        },
      },
      schemas,
      consumer.handlers,
    )
      .then((outcome) => finish(rec, outcome))
      .finally(() => {
        consumer.active.delete(run);
        consumer.controllers.delete(ctrl);
        pump();
      });
    consumer.active.add(run);
  };

  /** Hands waiting jobs to consumers with free slots, one job per consumer per round (fair). */
  function pump(): void {
    let progressed = true;
    while (progressed && ready.length > 0) {
      progressed = false;
      for (const c of consumers) {
        if (c.active.size >= c.concurrency) continue;
        const rec = ready.shift();
        if (rec === undefined) return;
        start(c, rec);
        progressed = true;
      }
    }
  }

  const closeConsumer = async (consumer: Consumer) => {
    consumers.delete(consumer);
    if (await within(Promise.allSettled([...consumer.active]), closeTimeoutMs)) return;
    logger.warn('shutdown gave up waiting for active jobs; aborting them', { active: consumer.active.size });
    const reason = new LoadLensError('INTERNAL', SHUTDOWN_REASON);
    for (const c of consumer.controllers) c.abort(reason);
  };

  return {
    async add(kind, payload, addOpts) {
      assertOpen();
      const resolved = resolveAddOptions(addOpts, policy);
      parsePayload(schemas, kind, payload);
      prune();
      if (jobs.has(resolved.jobId)) return { id: resolved.jobId, deduplicated: true };
      const rec: JobRecord = {
        id: resolved.jobId,
        kind,
        payload: jsonCopy(payload),
        opts: resolved,
        state: 'waiting',
        attemptsMade: 0,
      };
      jobs.set(rec.id, rec);
      enqueue(rec, resolved.delayMs);
      return { id: rec.id, deduplicated: false };
    },

    async work(handlers, workOpts = {}) {
      assertOpen();
      const concurrency = resolveConcurrency(workOpts.concurrency, QUEUE_DEFAULTS.concurrency);
      const consumer: Consumer = {
        handlers: handlers as Record<string, JobHandler<unknown> | undefined>,
        concurrency,
        active: new Set(),
        controllers: new Set(),
      };
      consumers.add(consumer);
      let closing: Promise<void> | undefined;
      const handle: WorkerHandle = {
        close: () => {
          closing ??= closeConsumer(consumer).finally(() => handles.delete(handle));
          return closing;
        },
      };
      handles.add(handle);
      pump();
      return handle;
    },

    async getState(jobId) {
      return jobs.get(jobId)?.state ?? 'unknown';
    },

    waitFor(jobId, timeoutMs) {
      const rec = jobs.get(jobId);
      if (rec === undefined) return Promise.reject(jobNotFound(jobId));
      if (rec.state === 'completed') return Promise.resolve(rec.result);
      if (rec.state === 'failed') return Promise.reject(rec.error);
      return new Promise<unknown>((resolve, reject) => {
        const set = waiters.get(jobId) ?? new Set<Waiter>();
        waiters.set(jobId, set);
        const timer =
          timeoutMs === undefined
            ? undefined
            : setTimeout(() => {
                set.delete(waiter);
                reject(waitTimedOut(jobId, timeoutMs));
              }, timeoutMs);
        const waiter: Waiter = {
          resolve: (v) => {
            clearTimeout(timer);
            resolve(v);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        };
        set.add(waiter);
      });
    },

    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...handles].map((h) => h.close()));
      timers.abort();
      const err = queueClosed('job queue closed before the job finished');
      for (const set of waiters.values()) for (const w of set) w.reject(err);
      waiters.clear();
    },
  };
}
