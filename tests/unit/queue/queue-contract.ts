import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LoadLensError } from '../../../src/core/errors.js';
import type { JobContext, JobQueue, QueueSchemas } from '../../../src/pipeline/queue/queue.js';

/*
 * One body of behaviour tests run against both engines (in-process here, BullMQ in the
 * integration suite), so the engines cannot drift apart.
 */

export type TestJobs = { echo: { n: number }; other: { s: string } };

/** Builds a fresh, isolated queue (BullMQ: unique prefix) for one test. */
export type QueueFactory = (
  schemas: QueueSchemas<TestJobs>,
  opts?: { closeTimeoutMs?: number },
) => Promise<JobQueue<TestJobs>>;

export interface Deferred<T = void> {
  promise: Promise<T>;
  resolve(value: T): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves when `cond` holds (polling), fails after `timeoutMs`. */
export async function until(cond: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!(await cond())) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** The rejection of `p` (fails the test if `p` resolves). */
export async function rejection(p: Promise<unknown>): Promise<LoadLensError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(LoadLensError);
    return err as LoadLensError;
  }
  throw new Error('expected a rejection');
}

export function describeQueueContract(label: string, factory: QueueFactory): void {
  describe(`JobQueue contract: ${label}`, () => {
    const open: JobQueue<TestJobs>[] = [];
    /** Flipped by a test to make the worker-side validation reject stored payloads. */
    const corrupt = { on: false };
    const schemas: QueueSchemas<TestJobs> = {
      echo: z.object({ n: z.number().int() }).refine(() => !corrupt.on, { message: 'corrupt payload' }),
      other: z.object({ s: z.string() }),
    };
    const make = async (opts?: { closeTimeoutMs?: number }) => {
      const q = await factory(schemas, opts);
      open.push(q);
      return q;
    };

    afterEach(async () => {
      corrupt.on = false;
      await Promise.all(open.splice(0).map((q) => q.close()));
    });

    it('deduplicates a jobId while the first job exists, also after it completed', async () => {
      const q = await make();
      const seen: number[] = [];
      const first = await q.add('echo', { n: 1 }, { jobId: 'dup:1' });
      const second = await q.add('echo', { n: 2 }, { jobId: 'dup:1' });
      expect(first).toEqual({ id: 'dup:1', deduplicated: false });
      expect(second).toEqual({ id: 'dup:1', deduplicated: true });
      await q.work({ echo: async (job) => seen.push(job.payload.n) });
      await expect(q.waitFor('dup:1', 10_000)).resolves.toBe(1);
      expect(await q.add('echo', { n: 3 }, { jobId: 'dup:1' })).toEqual({ id: 'dup:1', deduplicated: true });
      expect(await q.add('echo', { n: 4 }, { jobId: 'dup:2' })).toEqual({ id: 'dup:2', deduplicated: false });
      await q.waitFor('dup:2', 10_000);
      expect(seen).toEqual([1, 4]);
    });

    it('retries transient errors, then succeeds; the handler sees 1-based attempts', async () => {
      const q = await make();
      const attempts: number[] = [];
      await q.work({
        echo: async (job) => {
          attempts.push(job.attempt);
          if (job.attempt < 3) throw new LoadLensError('SOURCE_TIMEOUT', `slow ${job.attempt}`);
          return { n: job.payload.n * 2, at: new Date(0) };
        },
      });
      await q.add('echo', { n: 21 }, { jobId: 'retry-ok', attempts: 3, backoffMs: 20 });
      // Results travel as JSON in both engines: the Date comes back as a string.
      await expect(q.waitFor('retry-ok', 10_000)).resolves.toEqual({ n: 42, at: '1970-01-01T00:00:00.000Z' });
      expect(attempts).toEqual([1, 2, 3]);
      expect(await q.getState('retry-ok')).toBe('completed');
    });

    it('gives up after `attempts` tries and rejects waitFor with the last error', async () => {
      const q = await make();
      let calls = 0;
      await q.work({
        echo: async () => {
          calls++;
          throw new LoadLensError('SOURCE_UNREACHABLE', `down #${calls}`, {
            details: { host: 'prom', n: calls },
          });
        },
      });
      await q.add('echo', { n: 1 }, { jobId: 'retry-exhausted', attempts: 2, backoffMs: 10 });
      const err = await rejection(q.waitFor('retry-exhausted', 10_000));
      expect(err.code).toBe('SOURCE_UNREACHABLE');
      expect(err.message).toBe('down #2');
      expect(err.details).toEqual({ host: 'prom', n: 2 });
      expect(calls).toBe(2);
      expect(await q.getState('retry-exhausted')).toBe('failed');
    });

    it('does not retry unrecoverable errors (non-retryable code or retryable: false)', async () => {
      const q = await make();
      const calls: string[] = [];
      await q.work({
        echo: async (job) => {
          calls.push(job.id);
          if (job.payload.n === 1) throw new LoadLensError('SOURCE_QUERY_ERROR', 'bad PromQL');
          throw new LoadLensError('SOURCE_UNREACHABLE', 'gone for good', { retryable: false });
        },
      });
      await q.add('echo', { n: 1 }, { jobId: 'fatal-1', attempts: 5, backoffMs: 10 });
      await q.add('echo', { n: 2 }, { jobId: 'fatal-2', attempts: 5, backoffMs: 10 });
      const e1 = await rejection(q.waitFor('fatal-1', 10_000));
      const e2 = await rejection(q.waitFor('fatal-2', 10_000));
      expect([e1.code, e1.message]).toEqual(['SOURCE_QUERY_ERROR', 'bad PromQL']);
      expect([e2.code, e2.message]).toEqual(['SOURCE_UNREACHABLE', 'gone for good']);
      await sleep(100);
      expect(calls.sort()).toEqual(['fatal-1', 'fatal-2']);
    });

    it('rejects bad payloads and unknown kinds on add with BAD_INPUT', async () => {
      const q = await make();
      const bad = await rejection(q.add('echo', { n: 'x' } as unknown as { n: number }, { jobId: 'bad-1' }));
      expect(bad.code).toBe('BAD_INPUT');
      expect(bad.message).toContain('n');
      const unknown = await rejection(q.add('nope' as 'echo', { n: 1 }, { jobId: 'bad-2' }));
      expect(unknown.code).toBe('BAD_INPUT');
      const badOpts = await rejection(q.add('echo', { n: 1 }, { jobId: 'bad-3', attempts: 0 }));
      expect(badOpts.code).toBe('BAD_INPUT');
      expect(await q.getState('bad-1')).toBe('unknown');
    });

    it('fails a payload the worker finds corrupt, without retry and without calling the handler', async () => {
      const q = await make();
      let calls = 0;
      await q.add('echo', { n: 1 }, { jobId: 'corrupt', attempts: 3, backoffMs: 10 });
      corrupt.on = true;
      await q.work({ echo: async () => calls++ });
      const err = await rejection(q.waitFor('corrupt', 10_000));
      expect(err.code).toBe('BAD_INPUT');
      expect(err.message).toContain('corrupt payload');
      expect(calls).toBe(0);
    });

    it('fails a job whose kind has no handler in the worker', async () => {
      const q = await make();
      await q.work({ echo: async () => 1 });
      await q.add('other', { s: 'x' }, { jobId: 'no-handler', attempts: 3 });
      const err = await rejection(q.waitFor('no-handler', 10_000));
      expect(err.message).toContain('no handler');
    });

    it('fails, without retry, a job whose result JSON cannot hold', async () => {
      const q = await make();
      let calls = 0;
      await q.work({
        echo: async () => {
          calls++;
          return { big: 1n };
        },
      });
      await q.add('echo', { n: 1 }, { jobId: 'bigint', attempts: 3, backoffMs: 10 });
      const err = await rejection(q.waitFor('bigint', 10_000));
      expect([err.code, err.message]).toEqual(['INTERNAL', 'job bigint: result is not JSON-serialisable']);
      expect(calls).toBe(1);
    });

    it('keeps at most `concurrency` jobs active per worker', async () => {
      const q = await make();
      let active = 0;
      let peak = 0;
      await q.work(
        {
          echo: async () => {
            active++;
            peak = Math.max(peak, active);
            await sleep(150);
            active--;
          },
        },
        { concurrency: 2 },
      );
      for (let i = 0; i < 5; i++) await q.add('echo', { n: i }, { jobId: `conc-${i}` });
      for (let i = 0; i < 5; i++) await q.waitFor(`conc-${i}`, 10_000);
      expect(peak).toBe(2);
    });

    it('close() of a worker waits for the active job, which completes', async () => {
      const q = await make();
      const started = deferred();
      const release = deferred();
      const handle = await q.work({
        echo: async () => {
          started.resolve();
          await release.promise;
          return 'done';
        },
      });
      await q.add('echo', { n: 1 }, { jobId: 'graceful' });
      await started.promise;
      let closed = false;
      const closing = handle.close().then(() => {
        closed = true;
      });
      await sleep(200);
      expect(closed).toBe(false);
      expect(await q.getState('graceful')).toBe('active');
      release.resolve();
      await closing;
      expect(await q.getState('graceful')).toBe('completed');
      await expect(q.waitFor('graceful', 5_000)).resolves.toBe('done');
    });

    it('close() is bounded: after closeTimeoutMs the job signal is aborted', async () => {
      const q = await make({ closeTimeoutMs: 200 });
      const started = deferred<JobContext<{ n: number }>>();
      const handle = await q.work({
        echo: async (job) => {
          started.resolve(job);
          await new Promise((_, reject) =>
            job.signal.addEventListener('abort', () => reject(job.signal.reason)),
          );
        },
      });
      await q.add('echo', { n: 1 }, { jobId: 'bounded', attempts: 1 });
      const job = await started.promise;
      const t0 = Date.now();
      await handle.close();
      expect(Date.now() - t0).toBeGreaterThanOrEqual(150);
      expect(job.signal.aborted).toBe(true);
    });

    it('delays a job by delayMs and keeps odd ids intact', async () => {
      const q = await make();
      const ids: string[] = [];
      await q.work({ other: async (job) => ids.push(job.id) });
      const t0 = Date.now();
      await q.add('other', { s: 'a' }, { jobId: 'a:b', delayMs: 400 });
      expect(await q.getState('a:b')).toBe('delayed');
      await q.add('other', { s: 'b' }, { jobId: '42' });
      await q.add('other', { s: 'c' }, { jobId: '100%:x:y' });
      await q.waitFor('a:b', 10_000);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(350);
      await q.waitFor('42', 10_000);
      await q.waitFor('100%:x:y', 10_000);
      expect(ids.sort()).toEqual(['100%:x:y', '42', 'a:b']);
    });

    it('waitFor: NOT_FOUND for an unknown id, OVERLOADED on timeout, null for no result', async () => {
      const q = await make();
      expect((await rejection(q.waitFor('missing', 1_000))).code).toBe('NOT_FOUND');
      await q.add('echo', { n: 1 }, { jobId: 'pending' });
      const timeout = await rejection(q.waitFor('pending', 150));
      expect(timeout.code).toBe('OVERLOADED');
      expect(await q.getState('pending')).toBe('waiting');
      await q.work({
        echo: async (job) => {
          await job.progress({ pct: 50 });
        },
      });
      await expect(q.waitFor('pending', 10_000)).resolves.toBeNull();
    });
  });
}
