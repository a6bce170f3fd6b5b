import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { createQueue, type JobQueue } from '../../../src/pipeline/queue/queue.js';
import { deferred, rejection, until } from '../../unit/queue/queue-contract.js';
import { uniquePrefix } from './queue-helpers.js';

type Jobs = { echo: { n: number } };
const schemas = { echo: z.object({ n: z.number() }) };

describe('BullMQ engine across processes', () => {
  const closers: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
  });
  /** One queue object per simulated process: each has its own connections. */
  const open = async (prefix: string): Promise<JobQueue<Jobs>> => {
    const q = await createQueue<Jobs>({ redisUrl: inject('redisUrl'), prefix, schemas });
    closers.push(() => q.close());
    return q;
  };

  it('two workers share the jobs, each job runs once', async () => {
    const prefix = uniquePrefix('share');
    const [producer, w1, w2] = [await open(prefix), await open(prefix), await open(prefix)];
    const runs: Record<string, string[]> = {};
    const gate = deferred();
    const handler = (worker: string) => async (job: { id: string }) => {
      runs[job.id] = [...(runs[job.id] ?? []), worker];
      await gate.promise;
      return worker;
    };
    await w1.work({ echo: handler('w1') });
    await w2.work({ echo: handler('w2') });
    for (let i = 0; i < 6; i++) await producer.add('echo', { n: i }, { jobId: `share-${i}` });
    // Each worker holds one job (concurrency 1) until the gate opens: both are busy at once.
    await until(() => Object.keys(runs).length === 2);
    expect(Object.values(runs).flat().sort()).toEqual(['w1', 'w2']);
    gate.resolve();
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await producer.waitFor(`share-${i}`, 10_000));
    expect(new Set(results)).toEqual(new Set(['w1', 'w2']));
    expect(Object.values(runs).every((r) => r.length === 1)).toBe(true);
    expect(Object.keys(runs)).toHaveLength(6);
  });

  it('concurrent adds of one jobId from two processes create it once', async () => {
    const prefix = uniquePrefix('race');
    const [a, b] = [await open(prefix), await open(prefix)];
    const adds = await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).add('echo', { n: i }, { jobId: 'same' })),
    );
    expect(adds.filter((r) => !r.deduplicated)).toHaveLength(1);
    expect(await a.getState('same')).toBe('waiting');
  });

  it('fails a job whose stored data is corrupt without retrying it', async () => {
    const prefix = uniquePrefix('corrupt');
    const q = await open(prefix);
    // Written straight through BullMQ, bypassing add()'s validation, as a foreign producer might.
    const redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
    const raw = new Queue('loadlens', { connection: redis, prefix });
    closers.push(async () => {
      await raw.close();
      redis.disconnect();
    });
    await raw.add('echo', { n: 'not a number' }, { jobId: 'raw-1', attempts: 3 });
    let calls = 0;
    await q.work({ echo: async () => calls++ });
    const err = await rejection(q.waitFor('raw-1', 10_000));
    expect(err.code).toBe('BAD_INPUT');
    const job = await raw.getJob('raw-1');
    expect(job?.attemptsMade).toBe(1);
    expect(calls).toBe(0);
  });
});
