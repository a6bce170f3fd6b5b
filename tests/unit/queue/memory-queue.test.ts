import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fixedClock } from '../../../src/core/clock.js';
import { LoadLensError } from '../../../src/core/errors.js';
import { createMemoryQueue } from '../../../src/pipeline/queue/memory-queue.js';
import { createQueue, type JobQueue } from '../../../src/pipeline/queue/queue.js';
import { deferred, describeQueueContract, rejection, type TestJobs, until } from './queue-contract.js';

describeQueueContract('in-process engine', (schemas, opts) => createQueue<TestJobs>({ schemas, ...opts }));

const schemas = { echo: z.object({ n: z.number() }), other: z.object({ s: z.string() }) };

describe('in-process engine specifics', () => {
  const open: JobQueue<TestJobs>[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((q) => q.close()));
  });
  const track = (q: JobQueue<TestJobs>) => {
    open.push(q);
    return q;
  };

  it('backs off exponentially through the injected sleep', async () => {
    const slept: number[] = [];
    const q = track(
      createMemoryQueue<TestJobs>({
        schemas,
        random: () => 0,
        sleep: async (ms) => {
          slept.push(ms);
        },
      }),
    );
    await q.work({
      echo: async (job) => {
        if (job.attempt < 4) throw new Error(`flaky ${job.attempt}`);
        return job.attempt;
      },
    });
    await q.add('echo', { n: 1 }, { jobId: 'b', attempts: 4, backoffMs: 100 });
    await expect(q.waitFor('b', 5_000)).resolves.toBe(4);
    expect(slept).toEqual([100, 200, 400]);
  });

  it('a plain Error is retryable and ends as INTERNAL with its message', async () => {
    const q = track(createMemoryQueue<TestJobs>({ schemas, sleep: async () => {} }));
    let calls = 0;
    await q.work({
      echo: async () => {
        calls++;
        throw new TypeError('boom');
      },
    });
    await q.add('echo', { n: 1 }, { jobId: 'plain' });
    const err = await rejection(q.waitFor('plain', 5_000));
    expect([err.code, err.message, calls]).toEqual(['INTERNAL', 'boom', 3]);
  });

  it('forgets finished jobs after the retention, so the jobId can run again', async () => {
    const clock = fixedClock(1_000_000);
    const q = track(createMemoryQueue<TestJobs>({ schemas, clock }));
    let runs = 0;
    await q.work({ echo: async () => ++runs });
    await q.add('echo', { n: 1 }, { jobId: 'r' });
    await q.waitFor('r', 5_000);
    clock.set(1_000_000 + 3_599_000);
    expect((await q.add('echo', { n: 1 }, { jobId: 'r' })).deduplicated).toBe(true);
    clock.set(1_000_000 + 3_601_000);
    expect((await q.add('echo', { n: 1 }, { jobId: 'r' })).deduplicated).toBe(false);
    await until(async () => (await q.getState('r')) === 'completed');
    expect(runs).toBe(2);
  });

  it('two workers share the jobs', async () => {
    const q = track(createMemoryQueue<TestJobs>({ schemas }));
    const byWorker = { a: 0, b: 0 };
    const gate = deferred();
    const handler = (w: 'a' | 'b') => async () => {
      byWorker[w]++;
      await gate.promise;
    };
    await q.work({ echo: handler('a') });
    await q.work({ echo: handler('b') });
    for (let i = 0; i < 4; i++) await q.add('echo', { n: i }, { jobId: `s${i}` });
    await until(() => byWorker.a + byWorker.b === 2);
    expect(byWorker).toEqual({ a: 1, b: 1 });
    gate.resolve();
    for (let i = 0; i < 4; i++) await q.waitFor(`s${i}`, 5_000);
    expect(byWorker.a + byWorker.b).toBe(4);
  });

  it('close() rejects pending waitFor and refuses new jobs', async () => {
    const q = createMemoryQueue<TestJobs>({ schemas });
    await q.add('echo', { n: 1 }, { jobId: 'never' });
    const waiting = rejection(q.waitFor('never'));
    await q.close();
    expect((await waiting).message).toContain('closed');
    await expect(q.add('echo', { n: 1 }, { jobId: 'late' })).rejects.toBeInstanceOf(LoadLensError);
  });

  it('rejects a bad concurrency with BAD_INPUT', async () => {
    const q = track(createMemoryQueue<TestJobs>({ schemas }));
    expect((await rejection(q.work({}, { concurrency: 0 }))).code).toBe('BAD_INPUT');
  });
});

describe('in-process engine through a store outage', () => {
  it('retries STORE_UNAVAILABLE with the long budget and capped backoff, other errors 3 times', async () => {
    const slept: number[] = [];
    const q = createMemoryQueue<TestJobs>({
      schemas,
      random: () => 0,
      retry: { attempts: 8, backoffMs: 100, maxBackoffMs: 1_000 },
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
    try {
      let outageTries = 0;
      let bugTries = 0;
      await q.work({
        echo: async (job) => {
          if (job.payload.n === 1) {
            outageTries++;
            if (job.attempt < 7) throw new LoadLensError('STORE_UNAVAILABLE', 'connect ECONNREFUSED');
            return 'stored';
          }
          bugTries++;
          throw new LoadLensError('RENDER_FAILED', 'boom');
        },
      });
      await q.add('echo', { n: 1 }, { jobId: 'outage' });
      await expect(q.waitFor('outage', 5_000)).resolves.toBe('stored');
      expect(outageTries).toBe(7);
      expect(slept).toEqual([100, 200, 400, 800, 1_000, 1_000]);
      await q.add('echo', { n: 2 }, { jobId: 'bug' });
      expect((await rejection(q.waitFor('bug', 5_000))).code).toBe('RENDER_FAILED');
      expect(bugTries).toBe(3);
    } finally {
      await q.close();
    }
  });

  it('keeps at most the configured number of finished jobs', async () => {
    const q = createMemoryQueue<TestJobs>({ schemas, retention: { keepCount: 5, keepFailedCount: 2 } });
    try {
      await q.work({ echo: async (job) => job.payload.n });
      for (let n = 0; n < 20; n++) await q.add('echo', { n }, { jobId: `k${n}` });
      await until(async () => (await q.getState('k19')) === 'completed');
      const states = await Promise.all(Array.from({ length: 20 }, (_, n) => q.getState(`k${n}`)));
      expect(states.filter((s) => s === 'completed')).toHaveLength(5);
      expect(states.slice(15).every((s) => s === 'completed')).toBe(true);
    } finally {
      await q.close();
    }
  });
});
