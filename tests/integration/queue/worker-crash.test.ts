import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { createQueue, type JobQueue } from '../../../src/pipeline/queue/queue.js';
import { until } from '../../unit/queue/queue-contract.js';
import { uniquePrefix } from './queue-helpers.js';

const LOCK_MS = 1_000;
const STALLED_MS = 500;
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const childScript = fileURLToPath(new URL('./worker-child.ts', import.meta.url));

type Jobs = { slow: { n: number } };
const schemas = { slow: z.object({ n: z.number() }) };

/**
 * Starts worker-child.ts as `node --import tsx`, not through the `tsx` CLI: the CLI runs the
 * script in a grandchild, which a SIGKILL of the CLI would leave running (holding the lock).
 */
function startChild(redisUrl: string, prefix: string): { child: ChildProcess; lines: string[] } {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript], {
    cwd: repoRoot,
    env: {
      ...process.env,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      LOCK_MS: `${LOCK_MS}`,
      STALLED_MS: `${STALLED_MS}`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let buf = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buf += chunk.toString('utf8');
    const parts = buf.split('\n');
    buf = parts.pop() ?? '';
    lines.push(...parts);
  });
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });
  child.on('exit', (code) => {
    if (code !== null && code !== 0) lines.push(`exit ${code}: ${err.slice(-2000)}`);
  });
  return { child, lines };
}

describe('BullMQ: a worker process killed mid-job', () => {
  const children: ChildProcess[] = [];
  const closers: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await Promise.all(closers.map((close) => close()));
  });

  it('leaves its job to another worker, which completes it exactly once', async () => {
    const redisUrl = inject('redisUrl');
    const prefix = uniquePrefix('crash');
    const redis = new Redis(redisUrl);
    closers.push(async () => redis.quit());
    const q: JobQueue<Jobs> = await createQueue<Jobs>({
      redisUrl,
      prefix,
      schemas,
      lockDurationMs: LOCK_MS,
      stalledIntervalMs: STALLED_MS,
    });
    closers.push(() => q.close());

    const { child, lines } = startChild(redisUrl, prefix);
    children.push(child);
    await until(() => lines.includes('ready') || lines.some((l) => l.startsWith('exit')), 30_000);
    expect(lines).toContain('ready');

    await q.add('slow', { n: 7 }, { jobId: 'crash:1', attempts: 1 });
    await until(() => lines.includes('active crash:1 1'), 15_000);
    expect(await q.getState('crash:1')).toBe('active');

    const exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    // The survivor: counts every completion as a side effect in Redis.
    const attempts: number[] = [];
    await q.work({
      slow: async (job) => {
        attempts.push(job.attempt);
        await redis.incr(`${prefix}:completed:${job.id}`);
        return job.payload.n * 6;
      },
    });
    // attempts: 1 — a stall is not a failed try, so the job is not burnt by the crash.
    await expect(q.waitFor('crash:1', 30_000)).resolves.toBe(42);
    // Let more stalled checks run: a second completion would show up here.
    await new Promise((r) => setTimeout(r, LOCK_MS + 3 * STALLED_MS));
    expect(await redis.get(`${prefix}:completed:crash:1`)).toBe('1');
    expect(await redis.get(`${prefix}:started:crash:1`)).toBe('1');
    expect(attempts).toEqual([1]);
    expect(await q.getState('crash:1')).toBe('completed');
  });
});
