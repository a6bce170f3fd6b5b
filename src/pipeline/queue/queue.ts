import type { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { QueueRetention } from './job-options.js';
import { createMemoryQueue } from './memory-queue.js';
import type { RetryPolicy } from './retry-policy.js';

/** What a handler sees of its job. */
export interface JobContext<P> {
  /** The caller's jobId. */
  id: string;
  kind: string;
  /** Payload, validated again by the worker. */
  payload: P;
  /** 1-based try number (a job picked up again after a worker crash keeps its number). */
  attempt: number;
  /** Aborted when a shutdown gave up waiting for the job; handlers should stop early. */
  signal: AbortSignal;
  /** Publishes progress (JSON-serialisable) for status pages. */
  progress(data: unknown): Promise<void>;
  /**
   * Whether this try, failing with `err`, would be followed by another (so a handler tells
   * the chat about a failure only once, on the last try). Absent in hand-built contexts.
   */
  willRetry?(err: unknown): boolean;
}

/** Runs one job; the resolved value (JSON-serialisable) becomes the job's result. */
export type JobHandler<P> = (job: JobContext<P>) => Promise<unknown>;

/** Job states as shown on status pages (BullMQ's `prioritized`/`waiting-children` map to `waiting`). */
export type JobState = 'waiting' | 'active' | 'completed' | 'failed' | 'delayed' | 'unknown';

/** Options of `add`. */
export interface AddJobOptions {
  /** Caller-chosen id; the same id is enqueued once while the first job is kept. */
  jobId: string;
  /**
   * Total tries for transient failures (default: the policy's quick budget, 3). An outage
   * of the store or Redis is retried at least the policy's `attempts` times (15) whatever this says.
   */
  attempts?: number;
  /** First retry delay; doubles on each further retry up to the policy's cap (default 1000 ms). */
  backoffMs?: number;
  /** Run no earlier than this many ms from now. */
  delayMs?: number;
}

/** Options of `work`. */
export interface WorkOptions {
  /** Jobs this consumer runs at once (default 1). */
  concurrency?: number;
}

/** A running consumer. */
export interface WorkerHandle {
  /** Stops taking jobs and waits (bounded by `closeTimeoutMs`) for the active ones. */
  close(): Promise<void>;
}

/** The queue both engines implement. `M` maps each job kind to its payload type. */
export interface JobQueue<M extends Record<string, unknown>> {
  /** Enqueue; the same jobId enqueued twice (while the first exists, incl. completed within the retention) is deduplicated. */
  add<K extends keyof M & string>(
    kind: K,
    payload: M[K],
    opts: AddJobOptions,
  ): Promise<{ id: string; deduplicated: boolean }>;
  /**
   * Start consuming. Returns a handle whose close() waits for active jobs (graceful shutdown).
   * Every consumer of a queue name takes jobs of every kind: a kind without a handler fails.
   */
  work(handlers: { [K in keyof M]?: JobHandler<M[K]> }, opts?: WorkOptions): Promise<WorkerHandle>;
  /** Job state for status pages/tests. */
  getState(jobId: string): Promise<JobState>;
  /**
   * Resolves with the handler's result or rejects with the final error as a LoadLensError
   * (NOT_FOUND for an unknown jobId, OVERLOADED when `timeoutMs` passes first).
   */
  waitFor(jobId: string, timeoutMs?: number): Promise<unknown>;
  /** Closes every consumer started here (gracefully), then the connections. */
  close(): Promise<void>;
}

/** One zod schema per job kind. */
export type QueueSchemas<M> = { [K in keyof M]: z.ZodType<M[K]> };

/** Options of `createQueue`. */
export interface CreateQueueOptions<M> {
  /** BullMQ on this Redis when set; the in-process engine otherwise. */
  redisUrl?: string;
  /** Key prefix (per-test unique in tests); default `loadlens`. */
  prefix?: string;
  /** Queue name; default `loadlens`. Must not contain `:`. */
  name?: string;
  schemas: QueueSchemas<M>;
  logger?: Logger;
  clock?: Clock;
  /** Bound of the graceful wait in `close()` (default 30 s). */
  closeTimeoutMs?: number;
  /** BullMQ: how long a worker's job lock lives without renewal (default 30 s; short in tests). */
  lockDurationMs?: number;
  /** BullMQ: how often workers look for jobs whose worker died (default 30 s; short in tests). */
  stalledIntervalMs?: number;
  /** BullMQ: bound of the startup connection check (default 5 s). */
  connectTimeoutMs?: number;
  /** In-process engine: the timer for `delayMs` and retry backoff (tests inject a fake one). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Retry policy (defaults: `DEFAULT_RETRY`); `add` may still set a job's attempts and first delay. */
  retry?: Partial<RetryPolicy>;
  /** Random source of the backoff jitter (tests inject a fixed one). */
  random?: () => number;
  /** Retention of finished jobs and of BullMQ's event stream (defaults: `QUEUE_DEFAULTS`). */
  retention?: Partial<QueueRetention>;
}

/**
 * Creates the job queue: BullMQ on Redis when `redisUrl` is set, otherwise the in-process
 * engine with the same semantics. An unreachable Redis fails with CONFIG_UNREACHABLE.
 */
export async function createQueue<M extends Record<string, unknown>>(
  opts: CreateQueueOptions<M>,
): Promise<JobQueue<M>> {
  if (opts.redisUrl !== undefined && opts.redisUrl !== '') {
    // Loaded lazily: a laptop without Redis never needs BullMQ in memory.
    const { createBullmqQueue } = await import('./bullmq-queue.js');
    return createBullmqQueue({ ...opts, redisUrl: opts.redisUrl });
  }
  return createMemoryQueue(opts);
}
