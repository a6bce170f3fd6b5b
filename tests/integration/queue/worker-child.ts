/*
 * A worker in its own process, for the crash test: it announces each job it starts on stdout
 * (`active <jobId> <attempt>`) and then never finishes it, so the test can SIGKILL it mid-job.
 * Env: REDIS_URL, QUEUE_PREFIX, LOCK_MS, STALLED_MS.
 */
import { Redis } from 'ioredis';
import { z } from 'zod';
import { createQueue } from '../../../src/pipeline/queue/queue.js';

const env = z
  .object({
    REDIS_URL: z.string(),
    QUEUE_PREFIX: z.string(),
    LOCK_MS: z.coerce.number().int(),
    STALLED_MS: z.coerce.number().int(),
  })
  .parse(process.env);

const redis = new Redis(env.REDIS_URL);
const queue = await createQueue<{ slow: { n: number } }>({
  redisUrl: env.REDIS_URL,
  prefix: env.QUEUE_PREFIX,
  schemas: { slow: z.object({ n: z.number() }) },
  lockDurationMs: env.LOCK_MS,
  stalledIntervalMs: env.STALLED_MS,
});
await queue.work({
  slow: async (job) => {
    await redis.incr(`${env.QUEUE_PREFIX}:started:${job.id}`);
    process.stdout.write(`active ${job.id} ${job.attempt}\n`);
    await new Promise(() => {});
  },
});
process.stdout.write('ready\n');
