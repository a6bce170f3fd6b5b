import { randomUUID } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { Job, type JobProgress, Queue, QueueEvents, UnrecoverableError, Worker } from 'bullmq';
import type { z } from 'zod';
import { asStoreUnavailable } from '../../core/connection-errors.js';
import { LoadLensError, toLoadLensError } from '../../core/errors.js';
import { type Logger, silentLogger } from '../../core/logger.js';
import { fromBullJobId, toBullJobId } from './bullmq-job-id.js';
import { decodeFailure, encodeFailure } from './job-failure.js';
import {
  jsonCopy,
  parsePayload,
  QUEUE_DEFAULTS,
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
import { checkRedisReachable, openRedis } from './redis-connection.js';
import { retryDelayMs } from './retry-policy.js';
import { runJob } from './run-job.js';
import { within } from './timing.js';

/**
 * What BullMQ stores as job data. `addToken` tells `add` whether its own call created the
 * job or BullMQ kept an existing one with the same id (BullMQ returns the id either way).
 */
interface JobEnvelope {
  payload: unknown;
  addToken: string;
  /** Tries for retryable errors that are not an outage (see `retry-policy.ts`). */
  quickAttempts?: number;
}

function isEnvelope(data: unknown): data is JobEnvelope {
  return typeof data === 'object' && data !== null && 'payload' in data && 'addToken' in data;
}

/** How often `waitFor` re-reads the job, in case a completion event was missed (reconnects). */
const WAIT_POLL_MS = 1_000;
/** After the graceful bound, how long aborted handlers get to return. */
const ABORT_GRACE_MS = 2_000;
/** Our backoff type: the retry policy's capped exponential with jitter (see `retry-policy.ts`). */
const BACKOFF_TYPE = 'loadlens';
/**
 * Times a job may lose its lock (worker killed, Redis away longer than the lock) before
 * BullMQ fails it for good: more than one, so a Redis restart during a stall check cannot
 * turn a delay into a loss.
 */
const MAX_STALLED_COUNT = 5;

function mapState(state: string): JobState {
  if (state === 'prioritized' || state === 'waiting-children') return 'waiting';
  if (['waiting', 'active', 'completed', 'failed', 'delayed'].includes(state)) return state as JobState;
  return 'unknown';
}

/** The BullMQ engine behind `createQueue` when REDIS_URL is set. */
export async function createBullmqQueue<M extends Record<string, unknown>>(
  opts: CreateQueueOptions<M> & { redisUrl: string },
): Promise<JobQueue<M>> {
  const name = opts.name ?? QUEUE_DEFAULTS.name;
  const prefix = opts.prefix ?? QUEUE_DEFAULTS.prefix;
  if (name.includes(':'))
    throw new LoadLensError('CONFIG_INVALID', `queue name "${name}" must not contain ":"`);
  const schemas = opts.schemas as Record<string, z.ZodType | undefined>;
  const logger: Logger = (opts.logger ?? silentLogger).child({ queue: name });
  const closeTimeoutMs = opts.closeTimeoutMs ?? QUEUE_DEFAULTS.closeTimeoutMs;
  const policy = resolveRetry(opts.retry);
  const retention = resolveRetention(opts.retention);
  const random = opts.random ?? Math.random;
  const keepCompleted = { age: retention.keepAgeSec, count: retention.keepCount };
  const keepFailed = { age: retention.keepAgeSec, count: retention.keepFailedCount };

  await checkRedisReachable(opts.redisUrl, opts.connectTimeoutMs ?? 5_000);
  const redis = openRedis(opts.redisUrl, logger);
  const queue = new Queue<JobEnvelope>(name, {
    connection: redis,
    prefix,
    streams: { events: { maxLen: retention.eventsMaxLen } },
  });
  queue.on('error', (err) => logger.warn('queue error', { error: err }));
  let events: Promise<QueueEvents> | undefined;
  const handles = new Set<WorkerHandle>();
  const closing = new AbortController();

  const assertOpen = () => {
    if (closing.signal.aborted) throw queueClosed();
  };

  /** QueueEvents holds a blocking connection, so it is opened on the first `waitFor` only. */
  const queueEvents = (): Promise<QueueEvents> => {
    events ??= (async () => {
      const ev = new QueueEvents(name, { connection: redis, prefix });
      ev.on('error', (err) => logger.warn('queue events error', { error: err }));
      await ev.waitUntilReady();
      return ev;
    })();
    return events;
  };

  const startWorker = async (
    handlers: Record<string, JobHandler<unknown> | undefined>,
    concurrency: number,
  ): Promise<WorkerHandle> => {
    // Three declared parameters: BullMQ passes the abort signal only to processors that take it.
    const processor = async (
      job: Job<JobEnvelope>,
      _token: string | undefined,
      signal: AbortSignal | undefined,
    ) => {
      const outcome = await runJob(
        {
          id: fromBullJobId(job.id ?? ''),
          kind: job.name,
          // Data without an envelope (added by another tool) is taken as the payload itself.
          payload: isEnvelope(job.data) ? job.data.payload : job.data,
          attempt: job.attemptsMade + 1,
          attempts: job.opts.attempts ?? 1,
          quickAttempts: (isEnvelope(job.data) ? job.data.quickAttempts : undefined) ?? policy.quickAttempts,
          signal: signal ?? new AbortController().signal,
          progress: (data) => job.updateProgress(jsonCopy(data) as JobProgress),
        },
        schemas,
        handlers,
      );
      if (outcome.ok) return outcome.value;
      const reason = encodeFailure(outcome.error);
      if (outcome.retry) throw new Error(reason, { cause: outcome.error });
      const fatal = new UnrecoverableError(reason);
      Object.defineProperty(fatal, 'cause', { value: outcome.error });
      throw fatal;
    };
    const worker = new Worker<JobEnvelope>(name, processor, {
      connection: redis,
      prefix,
      concurrency,
      lockDuration: opts.lockDurationMs ?? 30_000,
      stalledInterval: opts.stalledIntervalMs ?? 30_000,
      maxStalledCount: MAX_STALLED_COUNT,
      settings: {
        backoffStrategy: (
          attemptsMade: number,
          _type?: string,
          _err?: Error,
          job?: { opts: { backoff?: unknown } },
        ) => {
          const backoff = job?.opts.backoff as { delay?: number } | undefined;
          return retryDelayMs(
            attemptsMade,
            { ...policy, backoffMs: backoff?.delay ?? policy.backoffMs },
            random,
          );
        },
      },
    });
    worker.on('error', (err) => logger.warn('worker error', { error: err }));
    worker.on('failed', (job, err) =>
      logger.warn('job try failed', {
        jobId: job?.id,
        kind: job?.name,
        attempt: job?.attemptsMade,
        error: err,
      }),
    );
    worker.on('stalled', (jobId) => logger.warn('stalled job picked up again', { jobId }));
    await worker.waitUntilReady();

    let closed: Promise<void> | undefined;
    const shutdown = async () => {
      const graceful = worker.close();
      if (await within(graceful, closeTimeoutMs)) return;
      logger.warn('shutdown gave up waiting for active jobs; aborting them');
      worker.cancelAllJobs(SHUTDOWN_REASON);
      if (await within(graceful, ABORT_GRACE_MS)) return;
      // Handlers ignore the signal: drop the connections; the lock expires and another
      // worker's stalled check takes the job again.
      await within(worker.disconnect(), ABORT_GRACE_MS);
    };
    const handle: WorkerHandle = {
      close: () => {
        closed ??= shutdown().finally(() => handles.delete(handle));
        return closed;
      },
    };
    handles.add(handle);
    return handle;
  };

  const waitFor = async (jobId: string, timeoutMs?: number): Promise<unknown> => {
    assertOpen();
    const bullId = toBullJobId(jobId);
    // Per-job events (`completed:<id>`) are emitted by QueueEvents but missing from its typed `on`.
    const ev: EventEmitter = await queueEvents();
    return new Promise<unknown>((resolve, reject) => {
      let done = false;
      let poll: NodeJS.Timeout | undefined;
      let limit: NodeJS.Timeout | undefined;
      const settle = (fn: () => void) => {
        if (done) return;
        done = true;
        ev.off(`completed:${bullId}`, onCompleted);
        ev.off(`failed:${bullId}`, onFailed);
        closing.signal.removeEventListener('abort', onClose);
        clearTimeout(poll);
        clearTimeout(limit);
        fn();
      };
      const onCompleted = (args: { returnvalue: unknown }) => settle(() => resolve(args.returnvalue));
      const onFailed = (args: { failedReason: string }) =>
        settle(() => reject(decodeFailure(args.failedReason)));
      const onClose = () => settle(() => reject(queueClosed('job queue closed before the job finished')));
      ev.on(`completed:${bullId}`, onCompleted);
      ev.on(`failed:${bullId}`, onFailed);
      closing.signal.addEventListener('abort', onClose, { once: true });
      const check = async () => {
        try {
          // State first: a finished job is final, so the job read after it holds its result.
          const state = await queue.getJobState(bullId);
          const job = state === 'completed' || state === 'failed' ? await Job.fromId(queue, bullId) : null;
          if (state === 'unknown' || job === undefined) settle(() => reject(jobNotFound(jobId)));
          else if (state === 'completed') onCompleted({ returnvalue: job?.returnvalue });
          else if (state === 'failed') onFailed({ failedReason: job?.failedReason ?? '' });
        } catch (err) {
          logger.debug('waitFor poll failed', { jobId, error: err });
        }
        if (!done) poll = setTimeout(check, WAIT_POLL_MS);
      };
      void check();
      if (timeoutMs !== undefined) {
        const error = waitTimedOut(jobId, timeoutMs);
        limit = setTimeout(() => settle(() => reject(error)), timeoutMs);
      }
    });
  };

  return {
    async add(kind, payload, addOpts) {
      assertOpen();
      const r = resolveAddOptions(addOpts, policy);
      parsePayload(schemas, kind, payload);
      const bullId = toBullJobId(r.jobId);
      const addToken = randomUUID();
      try {
        await queue.add(
          kind,
          { payload: jsonCopy(payload), addToken, quickAttempts: r.quickAttempts },
          {
            jobId: bullId,
            attempts: r.attempts,
            backoff: { type: BACKOFF_TYPE, delay: r.backoffMs },
            delay: r.delayMs,
            removeOnComplete: keepCompleted,
            removeOnFail: keepFailed,
          },
        );
        const stored = await redis.hget(queue.toKey(bullId), 'data');
        const deduplicated = stored !== null && !stored.includes(addToken);
        return { id: r.jobId, deduplicated };
      } catch (err) {
        // Redis away (MaxRetriesPerRequestError, refused): an outage the caller may wait out.
        const what = `enqueue ${kind} ${r.jobId} failed`;
        throw (
          asStoreUnavailable(err, what) ??
          new LoadLensError('INTERNAL', `${what}: ${toLoadLensError(err).message}`, { cause: err })
        );
      }
    },

    async work(handlers, workOpts = {}) {
      assertOpen();
      const concurrency = resolveConcurrency(workOpts.concurrency, QUEUE_DEFAULTS.concurrency);
      return startWorker(handlers as Record<string, JobHandler<unknown> | undefined>, concurrency);
    },

    async getState(jobId) {
      return mapState(await queue.getJobState(toBullJobId(jobId)));
    },

    waitFor,

    async close() {
      if (closing.signal.aborted) return;
      closing.abort();
      await Promise.all([...handles].map((h) => h.close()));
      if (events !== undefined)
        await within(
          events.then((ev) => ev.close()),
          ABORT_GRACE_MS,
        );
      await within(queue.close(), ABORT_GRACE_MS);
      redis.disconnect();
    },
  };
}
