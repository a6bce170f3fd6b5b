import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createQueue, type JobQueue } from '../../../src/pipeline/queue/queue.js';
import { type RedisServer, startRedis } from '../../harness/servers/redis.js';
import { uniquePrefix } from './queue-helpers.js';

type Jobs = { echo: { n: number } };
const schemas = { echo: z.object({ n: z.number() }) };

/*
 * Uses its own Redis with an append-only file, so restarting it disturbs no other test and
 * the queued jobs survive the restart, as they do in production with persistence on.
 */
describe('BullMQ engine across a Redis restart', () => {
  let server: RedisServer;
  let q: JobQueue<Jobs> | undefined;
  beforeAll(async () => {
    server = await startRedis({ appendonly: true });
  });
  afterAll(async () => {
    await q?.close();
    await server?.stop();
  });

  it('completes jobs added before the restart, and jobs added after it', async () => {
    q = await createQueue<Jobs>({ redisUrl: server.url, prefix: uniquePrefix('restart'), schemas });
    for (let i = 0; i < 3; i++)
      await q.add('echo', { n: i }, { jobId: `before-${i}`, delayMs: i === 2 ? 300 : 0 });

    await server.restart();
    // The data came back from the AOF; the same queue object reconnects by itself.
    expect(await q.getState('before-0')).toBe('waiting');

    const seen: number[] = [];
    await q.work({
      echo: async (job) => {
        seen.push(job.payload.n);
        return job.payload.n + 100;
      },
    });
    for (let i = 0; i < 3; i++) await expect(q.waitFor(`before-${i}`, 30_000)).resolves.toBe(100 + i);

    // A worker that was running during a restart keeps taking jobs afterwards.
    await server.restart();
    await q.add('echo', { n: 9 }, { jobId: 'after' });
    await expect(q.waitFor('after', 30_000)).resolves.toBe(109);
    expect(seen.sort()).toEqual([0, 1, 2, 9]);
  });
});
