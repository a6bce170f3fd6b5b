import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startWorker } from '../../../src/app/worker.js';
import { JOB_SCHEMAS, type JobMap } from '../../../src/pipeline/jobs/payloads.js';
import { createQueue, type JobQueue } from '../../../src/pipeline/queue/queue.js';
import { type RedisServer, startRedis } from '../../harness/servers/redis.js';
import { until } from '../../unit/queue/queue-contract.js';
import { callsTo, firstReply, say, sleep, summaries, waitForSummary } from './chat-helpers.js';
import { type Stack, startStack } from './stack.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const childScript = fileURLToPath(new URL('./worker-child.ts', import.meta.url));
const LOCK_MS = 1_000;
const STALLED_MS = 500;

/** Starts worker-child.ts with `node --import tsx` (a SIGKILL then really kills the worker). */
function startChild(env: Record<string, string>): { child: ChildProcess; lines: string[] } {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript], {
    cwd: repoRoot,
    env: { ...process.env, ...env, LOCK_MS: `${LOCK_MS}`, STALLED_MS: `${STALLED_MS}`, SLOW_MS: '400' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let err = '';
  child.stdout?.on('data', (c: Buffer) => lines.push(...c.toString('utf8').split('\n').filter(Boolean)));
  child.stderr?.on('data', (c: Buffer) => {
    err += c.toString('utf8');
  });
  child.on('exit', (code) => {
    if (code !== null && code !== 0) lines.push(`exit ${code}: ${err.slice(-2000)}`);
  });
  return { child, lines };
}

/** The summary, album and run of one report in a chat, after waiting for duplicates to show. */
async function deliveredOnce(s: Stack, chatId: number) {
  await sleep(LOCK_MS + 4 * STALLED_MS);
  expect(summaries(s.fake, chatId)).toHaveLength(1);
  expect(callsTo(s.fake, 'sendMediaGroup', chatId)).toHaveLength(1);
}

describe('Telegram: a worker killed mid-report', () => {
  const CHAT = -1_004_444_444_444;
  let s: Stack | undefined;
  let child: ChildProcess | undefined;
  let survivor: JobQueue<JobMap> | undefined;
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await survivor?.close();
    await s?.close();
  });

  it('is retried by another worker, and the report is posted exactly once', async () => {
    s = await startStack({ label: 'crash', allowed: [String(CHAT)], worker: false });
    const started = startChild(s.env);
    child = started.child;
    await until(
      () => started.lines.includes('ready') || started.lines.some((l) => l.startsWith('exit')),
      60_000,
    );
    expect(started.lines).toContain('ready');

    const sent = say(s.fake, CHAT, `/report checkout ${s.interval}`);
    const progress = await firstReply(s.fake, CHAT, sent.at);
    const progressId = (progress.result as { message_id: number }).message_id;
    // The child has picked the job up and is collecting metrics (slowly): kill it now.
    await s.fake.waitForCall(
      (c) => c.method === 'editMessageText' && c.ok && c.params.message_id === progressId,
      30_000,
    );
    expect(await s.services.queue.getState(sent.jobId)).toBe('active');
    const exited = new Promise((resolve) => child?.once('exit', (_c, signal) => resolve(signal)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(summaries(s.fake, CHAT)).toHaveLength(0);

    // Another worker of the same deployment, with the same short lock timings.
    survivor = await createQueue<JobMap>({
      redisUrl: s.env.REDIS_URL,
      prefix: s.env.QUEUE_PREFIX,
      schemas: JOB_SCHEMAS,
      lockDurationMs: LOCK_MS,
      stalledIntervalMs: STALLED_MS,
    });
    await startWorker({ ...s.services, queue: survivor });
    await waitForSummary(s.fake, CHAT, { messageId: progressId, since: sent.at });
    await deliveredOnce(s, CHAT);
    expect(summaries(s.fake, CHAT)[0]?.messageId).toBe(progressId);
    expect(await s.services.queue.getState(sent.jobId)).toBe('completed');
    expect(await s.services.store.listRuns({ limit: 5 })).toHaveLength(1);
  });
});

describe('Telegram: a Redis restart', () => {
  const CHAT = -1_005_555_555_555;
  let redis: RedisServer | undefined;
  let s: Stack | undefined;
  afterAll(async () => {
    await s?.close();
    await redis?.stop();
  });

  it('keeps queued reports, and the bot and worker keep working afterwards', async () => {
    redis = await startRedis({ appendonly: true });
    s = await startStack({ label: 'restart', allowed: [String(CHAT)], redisUrl: redis.url, worker: false });

    // Queued while no worker runs, then Redis restarts: the job comes back from the AOF.
    const a = say(s.fake, CHAT, `/report checkout ${s.interval}`);
    await firstReply(s.fake, CHAT, a.at);
    // The "working" reply goes out before the job is queued: wait for the job itself.
    await until(async () => (await s?.services.queue.getState(a.jobId)) === 'waiting', 10_000);
    await redis.restart();
    expect(await s.services.queue.getState(a.jobId)).toBe('waiting');
    await startWorker(s.services);
    await waitForSummary(s.fake, CHAT, { since: a.at, pattern: /Verdict:/ });

    // With the worker running across a second restart, a new command and report still work.
    await redis.restart();
    const b = say(s.fake, CHAT, `/report checkout ${s.interval}`);
    const progressB = await firstReply(s.fake, CHAT, b.at, 30_000);
    await waitForSummary(s.fake, CHAT, {
      since: b.at,
      messageId: (progressB.result as { message_id: number }).message_id,
    });
    expect(await s.services.queue.getState(b.jobId)).toBe('completed');
    await sleep(500);
    expect(summaries(s.fake, CHAT)).toHaveLength(2);
    expect(callsTo(s.fake, 'sendMediaGroup', CHAT)).toHaveLength(2);
    expect(await s.services.store.listRuns({ limit: 5 })).toHaveLength(2);
  });
});
