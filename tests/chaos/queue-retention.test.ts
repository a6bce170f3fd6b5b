/**
 * Retention (issue 16): BullMQ's finished jobs and its events stream are trimmed to the
 * configured caps, so Redis memory stays flat however many reports run. Real Redis; each
 * "report" is a cheap job of a report's payload size that queues its "deliver" job, as the
 * real report job does, and one in ten deliveries fails for good.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LoadLensError } from '../../src/core/errors.js';
import { QUEUE_DEFAULTS } from '../../src/pipeline/queue/job-options.js';
import { createQueue, type JobQueue } from '../../src/pipeline/queue/queue.js';
import { type RedisServer, startRedis } from '../harness/servers/redis.js';

type Jobs = { report: { runId: string; pad: string }; deliver: { runId: string; pad: string } };
const schemas = {
  report: z.object({ runId: z.string(), pad: z.string() }),
  deliver: z.object({ runId: z.string(), pad: z.string() }),
};
/** About the size of a real report payload (address, user, window, progress ref). */
const PAD = 'x'.repeat(400);
const FAILED_CAP = 50;

let redis: RedisServer;
let client: Redis;
let queue: JobQueue<Jobs>;
let delivered = 0;

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url);
  queue = await createQueue<Jobs>({
    redisUrl: redis.url,
    prefix: 'ret',
    schemas,
    // A small failed cap, so the warm-up fills both caps (failed jobs carry stack traces).
    retention: { keepFailedCount: FAILED_CAP },
  });
  await queue.work(
    {
      report: async (job) => {
        await queue.add('deliver', job.payload, { jobId: `deliver-${job.payload.runId}` });
        return { runId: job.payload.runId };
      },
      deliver: async (job) => {
        delivered++;
        if (job.payload.runId.endsWith('7'))
          throw new LoadLensError('BAD_INPUT', 'chat gone', { retryable: false });
        return { summary: [{ chatId: '-100', messageId: job.payload.runId }] };
      },
    },
    { concurrency: 16 },
  );
}, 60_000);

afterAll(async () => {
  await queue?.close();
  client?.disconnect();
  await redis?.stop();
});

async function runReports(from: number, n: number): Promise<void> {
  const target = delivered + n;
  for (let i = from; i < from + n; i += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, from + n - i) }, (_, k) =>
        queue.add('report', { runId: `run${i + k}`, pad: PAD }, { jobId: `report-${i + k}` }),
      ),
    );
  }
  const end = Date.now() + 60_000;
  while (delivered < target) {
    if (Date.now() > end) throw new Error(`only ${delivered} of ${target} deliveries ran`);
    await new Promise((r) => setTimeout(r, 100));
  }
  // Let the last completions be written.
  await new Promise((r) => setTimeout(r, 500));
}

async function usedMemory(): Promise<number> {
  const info = await client.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1]);
}

async function counts() {
  const [completed, failed, events, keys] = await Promise.all([
    client.zcard('ret:loadlens:completed'),
    client.zcard('ret:loadlens:failed'),
    client.xlen('ret:loadlens:events'),
    client.dbsize(),
  ]);
  return { completed, failed, events, keys };
}

describe('chaos: queue retention', () => {
  it('Redis memory stays flat over 2,000 reports once the retention is full', async () => {
    // Warm-up: more finished jobs than the caps keep, so the retention is full before the baseline.
    await runReports(0, 1_200);
    const before = { memory: await usedMemory(), ...(await counts()) };
    await runReports(1_200, 2_000);
    const after = { memory: await usedMemory(), ...(await counts()) };
    const growth = after.memory - before.memory;
    console.info(
      `[chaos] 2,000 reports (4,000 jobs) after a 1,200-report warm-up: used_memory ${(before.memory / 1024).toFixed(0)} KiB → ${(after.memory / 1024).toFixed(0)} KiB (${growth >= 0 ? '+' : ''}${(growth / 1024).toFixed(0)} KiB); ` +
        `completed ${before.completed} → ${after.completed}, failed ${before.failed} → ${after.failed}, events ${before.events} → ${after.events}, keys ${before.keys} → ${after.keys}`,
    );
    expect(after.completed).toBeLessThanOrEqual(QUEUE_DEFAULTS.keepCount);
    expect([before.failed, after.failed]).toEqual([FAILED_CAP, FAILED_CAP]);
    // XTRIM with "~" trims whole stream nodes: a little over the cap.
    expect(after.events).toBeLessThan(QUEUE_DEFAULTS.eventsMaxLen * 1.2);
    expect(Math.abs(after.keys - before.keys)).toBeLessThanOrEqual(10);
    // Flat: well under what 2,000 reports' jobs would take if kept (≈ 4,000 × 1 KiB).
    expect(growth).toBeLessThan(256 * 1024);
  }, 120_000);
});
