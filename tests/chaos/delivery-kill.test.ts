/**
 * Issue 16, item 2: a worker killed with SIGKILL at any step boundary of a report or alert
 * delivery leaves every message in the chat once. Real Redis and PostgreSQL, real
 * `loadlens worker` processes (from the sources, via tsx), the fake Telegram and Slack APIs
 * over HTTP. Per batch (flow × platform, on its own queue prefix) one victim worker per
 * kill point (LOADLENS_FAULT_KILL_AT) takes a delivery and dies at its point; then a
 * survivor worker picks the stalled jobs up and finishes them. Messages are counted at the
 * fakes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackGateway } from '../../src/bots/slack/slack-gateway.js';
import { createTelegramGateway } from '../../src/bots/telegram/telegram-gateway.js';
import type { ChatAddress, ChatGateway, MessageRef } from '../../src/chat/chat.types.js';
import { chatKey } from '../../src/chat/chat.types.js';
import { loadConfig } from '../../src/config/load-config.js';
import { silentLogger } from '../../src/core/logger.js';
import { stableRunId } from '../../src/pipeline/jobs/alert-report.job.js';
import { type AlertReportJob, JOB_SCHEMAS, type JobMap } from '../../src/pipeline/jobs/payloads.js';
import { createQueue, type JobQueue } from '../../src/pipeline/queue/queue.js';
import { runReport } from '../../src/pipeline/report-engine.js';
import { parseRecording, replayPromSource } from '../../src/sources/recording.js';
import { newId } from '../../src/store/ids.js';
import { openStore } from '../../src/store/open-store.js';
import type { NewRun, Store } from '../../src/store/store.js';
import { type FakeSlackApi, startFakeSlackApi } from '../fakes/slack-api.js';
import { type FakeTelegram, startFakeTelegram } from '../fakes/telegram-api.js';
import { logTail, type ServerProcess, spawnServer } from '../harness/process.js';
import { type PostgresServer, startPostgres } from '../harness/servers/postgres.js';
import { type RedisServer, startRedis } from '../harness/servers/redis.js';
import { makeTempDir, removeTempDir } from '../harness/tmp.js';
import {
  BATCHES,
  type Batch,
  type Counted,
  countSlack,
  countTelegram,
  expectedOutcome,
  type Outcome,
} from './delivery-scenarios.js';

const PUBLIC_URL = 'http://loadlens.chaos.test';
const MARKER = `${PUBLIC_URL}/r/`;
const LOCK_MS = 5_000;
const RECORDING = 'assets/demo/step-test.recording.json';
/**
 * The worker children run one bundle of the sources (esbuild, which tsx ships): tsx would
 * transpile the whole tree in each of the ~40 children, seconds apiece on 2 busy cores.
 * Inside node_modules so packages and the repo's assets resolve as from src/.
 */
const BUNDLE = 'node_modules/.cache/loadlens-chaos/worker-child.mjs';

let pg: PostgresServer;
let redis: RedisServer;
let tg: FakeTelegram;
let slack: FakeSlackApi;
let store: Store;
let logDir: string;
let base: { run: NewRun; charts: Array<{ id: string; title: string; png: Buffer }> };
const slackToken = 'xoxb-chaos';

beforeAll(async () => {
  [pg, redis, tg, slack] = await Promise.all([
    startPostgres(),
    startRedis(),
    startFakeTelegram(),
    startFakeSlackApi({ token: slackToken }),
  ]);
  logDir = makeTempDir('chaos-workers');
  await build({
    entryPoints: ['tests/chaos/worker-child.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: BUNDLE,
    logLevel: 'warning',
  });
  store = await openStore({ databaseUrl: pg.url, logger: silentLogger });
  // One real report from the shipped recording; every scenario delivers a copy of it.
  const rec = parseRecording(JSON.parse(readFileSync(RECORDING, 'utf8')), RECORDING);
  const out = await runReport(
    {
      config: loadConfig({ env: { LOCALE: 'en', TZ: 'UTC' } }),
      store,
      logger: silentLogger,
      clock: { now: () => rec.window.toMs + 60_000 },
      sources: { prom: replayPromSource(rec) },
    },
    {
      fromMs: rec.window.fromMs,
      toMs: rec.window.toMs,
      service: typeof rec.service === 'string' ? rec.service : null,
      selector: typeof rec.selector === 'string' ? rec.selector : undefined,
      origin: 'replay',
    },
  );
  const r = out.run;
  base = {
    run: {
      name: r.name,
      service: r.service,
      from: r.from,
      to: r.to,
      verdict: r.verdict,
      peak: r.peak,
      timings: r.timings,
      report: r.report,
      origin: 'chaos',
      domains: r.report.domains,
      // No series: the album is the stored charts, so workers draw nothing.
      series: [],
    },
    charts: out.charts.map((c) => ({ id: c.id, title: c.title, png: c.png })),
  };
}, 120_000);

afterAll(async () => {
  await store?.close();
  await Promise.all([tg?.close(), slack?.close()]);
  await Promise.all([pg?.stop(), redis?.stop()]);
  if (logDir && !process.env.CHAOS_KEEP_LOGS) await removeTempDir(logDir);
});

function workerEnv(prefix: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    REDIS_URL: redis.url,
    DATABASE_URL: pg.url,
    QUEUE_PREFIX: prefix,
    WORKER_CONCURRENCY: '1',
    QUEUE_LOCK_MS: String(LOCK_MS),
    TELEGRAM_BOT_TOKEN: tg.token,
    TELEGRAM_API_ROOT: tg.apiRoot,
    SLACK_BOT_TOKEN: slackToken,
    SLACK_API_URL: slack.apiUrl,
    PUBLIC_URL,
    LOADLENS_SECRET: 'chaos-secret-0123456789abcdef',
    LOCALE: 'en',
    TZ: 'UTC',
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

function startWorker(name: string, env: NodeJS.ProcessEnv): ServerProcess {
  return spawnServer({
    name,
    bin: process.execPath,
    args: [BUNDLE],
    logFile: join(logDir, `${name}.log`),
    cwd: process.cwd(),
    env,
  });
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

interface Scenario {
  point: string;
  address: ChatAddress;
  /** The job whose completion ends the delivery. */
  jobId: string;
}

let chatSeq = 0;
const newAddress = (platform: 'telegram' | 'slack'): ChatAddress => {
  chatSeq++;
  return platform === 'telegram'
    ? { platform, chatId: String(-1_001_000_000_000 - chatSeq) }
    : { platform, chatId: `C0CHAOS${String(chatSeq).padStart(4, '0')}` };
};

/** Queues one delivery per kill point; returns the scenarios. */
async function queueBatch(
  b: Batch,
  addresses: ChatAddress[],
  queue: JobQueue<JobMap>,
  gateway: ChatGateway,
): Promise<Scenario[]> {
  const out: Scenario[] = [];
  for (const [i, point] of b.points.entries()) {
    const address = addresses[i] as ChatAddress;
    if (b.flow === 'report') {
      const runId = newId();
      await store.saveRun({ ...base.run, id: runId });
      await store.delivery.putCharts(runId, base.charts);
      // What the /report command does in the bot process: the "working on it" message.
      const [progress] = await gateway.send(address, { blocks: [{ kind: 'text', text: 'Working on it…' }] });
      await queue.add(
        'report',
        {
          runId,
          address,
          user: { id: 'u-chaos' },
          locale: 'en',
          tz: 'UTC',
          service: base.run.service,
          fromMs: base.run.from.getTime(),
          toMs: base.run.to.getTime(),
          progress: progress as MessageRef,
        },
        { jobId: `report-${runId}` },
      );
      out.push({ point, address, jobId: `deliver-${runId}-${chatKey(address)}` });
    } else {
      const job = alertJob(`${b.platform}-${i}`, address);
      await store.saveRun({ ...base.run, id: stableRunId(job.receivedAtMs, `${job.eventId}|first`) });
      await store.delivery.putCharts(stableRunId(job.receivedAtMs, `${job.eventId}|first`), base.charts);
      await queue.add('alert-report', job, { jobId: job.eventId });
      out.push({ point, address, jobId: job.eventId });
    }
  }
  return out;
}

function alertJob(tag: string, address: ChatAddress): AlertReportJob {
  const now = Date.now();
  const title = `ChaosAlert-${tag}`;
  return {
    eventId: `ev-chaos-${tag}`,
    source: 'alertmanager',
    groupKey: `{}:{alertname="${title}"}`,
    status: 'firing',
    title,
    service: base.run.service,
    chats: [{ platform: address.platform, chatId: address.chatId }],
    lookbackMinutes: 30,
    receivedAtMs: now,
    commonLabels: { alertname: title, severity: 'critical' },
    alerts: [
      {
        status: 'firing',
        labels: { alertname: title, severity: 'critical' },
        annotations: { summary: 'chaos' },
        startsAtMs: now - 10 * 60_000,
        endsAtMs: null,
        fingerprint: `fp-${tag}`,
        values: {},
        links: {},
      },
    ],
    truncated: 0,
  };
}

interface BatchResult {
  batch: Batch;
  killed: string[];
  notReached: string[];
  counts: Array<{ point: string; counted: Counted }>;
}

async function openQueue(n: number): Promise<JobQueue<JobMap>> {
  return createQueue<JobMap>({
    redisUrl: redis.url,
    prefix: `chaos${n}`,
    schemas: JOB_SCHEMAS,
    // Two shared cores under load: the start-up check gets more than its default 5 s.
    connectTimeoutMs: 30_000,
  });
}

async function runBatch(b: Batch, n: number, queue: JobQueue<JobMap>): Promise<BatchResult> {
  const prefix = `chaos${n}`;
  const gateway =
    b.platform === 'telegram'
      ? createTelegramGateway({ token: tg.token, apiRoot: tg.apiRoot, logger: silentLogger })
      : createSlackGateway({ token: slackToken, apiUrl: slack.apiUrl, logger: silentLogger });
  try {
    // Victims: one per point, one job at a time. Jobs are queued only once every victim
    // runs: a victim's stalled-job check at its start must not hand it a job another victim
    // died in, which it would finish instead of dying.
    // Every victim knows every point, each tied to its scenario's chat: whichever victim
    // takes a job dies at that job's point, so the order BullMQ hands jobs out in is moot.
    const addresses = b.points.map(() => newAddress(b.platform));
    const killAt = b.points.map((point, i) => `${point}@${chatKey(addresses[i] as ChatAddress)}`).join(',');
    const victims = b.points.map((_, i) =>
      startWorker(
        `${prefix}-victim-${i}`,
        workerEnv(prefix, {
          LOADLENS_FAULT_KILL_AT: killAt,
          // BullMQ keeps one `stalled-check` key per queue, set by whichever worker checked
          // last and living for *its* interval: a victim's long interval would silence the
          // survivor's checks for that long. 15 s outlasts a victim's life here, and lets the
          // survivor take the dead victims' jobs soon after.
          QUEUE_STALLED_INTERVAL_MS: '15000',
          LOG_LEVEL: 'info',
        }),
      ),
    );
    const ready = await until(
      async () => victims.every((v) => /worker started/.test(logTail(v.logFile, 200))),
      300_000,
    );
    if (!ready) throw new Error(`victims not ready: ${victims.map((v) => logTail(v.logFile, 3)).join('\n')}`);
    await new Promise((r) => setTimeout(r, 500));
    const scenarios = await queueBatch(b, addresses, queue, gateway);
    await until(async () => victims.every((v) => v.exitInfo() !== null), 120_000);
    const killed = victims.filter((v) => v.exitInfo()?.signal === 'SIGKILL').map((v) => v.name);
    const notReached = victims.filter((v) => !killed.includes(v.name)).map((v) => v.name);
    for (const v of victims) {
      const info = v.exitInfo();
      if (info && info.signal !== 'SIGKILL')
        throw new Error(`${v.name} exited ${info.code}: ${logTail(v.logFile)}`);
    }
    await Promise.all(victims.map((v) => v.stop(5_000)));
    // The survivor: finds the dead workers' jobs once their locks lapse and finishes them.
    const survivor = startWorker(
      `${prefix}-survivor`,
      workerEnv(prefix, { QUEUE_STALLED_INTERVAL_MS: '1000', LOG_LEVEL: 'info' }),
    );
    try {
      const done = await until(async () => {
        const states = await Promise.all(scenarios.map((s) => queue.getState(s.jobId)));
        return states.every((s) => s === 'completed');
      }, 90_000);
      if (!done) {
        const states = await Promise.all(scenarios.map((s) => queue.getState(s.jobId)));
        throw new Error(`jobs not completed: ${states.join(', ')}\n${logTail(survivor.logFile)}`);
      }
    } finally {
      await survivor.stop(5_000);
    }
    const counts = scenarios.map((s) => ({
      point: s.point,
      counted:
        b.platform === 'telegram'
          ? countTelegram(tg, s.address.chatId, b.flow, MARKER)
          : countSlack(slack, s.address.chatId, b.flow, MARKER),
    }));
    return { batch: b, killed, notReached, counts };
  } finally {
    await queue.close();
  }
}

/** Each counted message against the documented expectation; the non-`once` ones listed. */
function judge(r: BatchResult) {
  const tally: Record<Outcome, number> = { once: 0, lost: 0, duplicated: 0 };
  const unexpected: string[] = [];
  const notable: string[] = [];
  for (const { point, counted } of r.counts) {
    for (const [message, c] of Object.entries(counted)) {
      tally[c.outcome]++;
      const want = expectedOutcome(r.batch.platform, point, message);
      const line = `${r.batch.flow}/${r.batch.platform} ${point}: ${message} ${c.outcome} (n=${c.n})`;
      if (c.outcome !== want) unexpected.push(`${line}, want ${want}`);
      if (c.outcome !== 'once') notable.push(line);
    }
  }
  return { tally, unexpected, notable };
}

const results: BatchResult[] = [];

describe('delivery through worker kills (issue 16)', () => {
  afterAll(() => {
    const judged = results.map(judge);
    const sum = (k: Outcome) => judged.reduce((s, j) => s + j.tally[k], 0);
    const deliveries = results.reduce((s, r) => s + r.counts.length, 0);
    const killed = results.reduce((s, r) => s + r.killed.length, 0);
    console.log(
      [
        `delivery chaos: ${deliveries} deliveries tried, ${killed} workers killed at their point`,
        `messages: ${sum('once')} once, ${sum('lost')} lost, ${sum('duplicated')} duplicated`,
        ...judged.flatMap((j) => j.notable.map((l) => `  ${l}`)),
      ].join('\n'),
    );
  });

  it('kills a worker at every step boundary of report and alert delivery; a survivor finishes', async () => {
    // The four batches run side by side: their workers' start-ups overlap.
    const queues: JobQueue<JobMap>[] = [];
    for (const n of BATCHES.keys()) queues.push(await openQueue(n));
    results.push(
      ...(await Promise.all(BATCHES.map((b, n) => runBatch(b, n, queues[n] as JobQueue<JobMap>)))),
    );
    for (const r of results) {
      expect(r.notReached, `${r.batch.flow}/${r.batch.platform}`).toEqual([]);
      expect(judge(r).unexpected).toEqual([]);
    }
  }, 900_000);
});
