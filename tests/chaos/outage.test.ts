/**
 * Reports outlive outages (issue 16): a 60 s PostgreSQL stop and a Redis restart while
 * reports run, on real PostgreSQL and Redis started here (no global setup), BullMQ with an
 * in-process worker, the real Telegram gateway against the fake Bot API, and the shipped
 * replay recording as the metric source (no Prometheus). Each report goes to a chat of its
 * own, so its messages can be counted: delivered once, lost or duplicated.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppServices, createServices } from '../../src/app/create-services.js';
import { startWorker } from '../../src/app/worker.js';
import { createTelegramGateway } from '../../src/bots/telegram/telegram-gateway.js';
import { createThrottle } from '../../src/bots/telegram/throttle.js';
import type { CommandCall } from '../../src/chat/command-context.js';
import { handleCommand } from '../../src/chat/handle-command.js';
import { loadConfig } from '../../src/config/load-config.js';
import { assetPath } from '../../src/core/assets.js';
import { silentLogger } from '../../src/core/logger.js';
import { parseRecording, replayPromSource } from '../../src/sources/recording.js';
import { type FakeTelegram, startFakeTelegram } from '../fakes/telegram-api.js';
import { type PostgresServer, startPostgres } from '../harness/servers/postgres.js';
import { type RedisServer, startRedis } from '../harness/servers/redis.js';

const OUTAGE_MS = 60_000;
const REPORTS = 4;

let pg: PostgresServer;
let redis: RedisServer;
let fake: FakeTelegram;
let services: AppServices;
let worker: { close(): Promise<void> };
let interval: string;

beforeAll(async () => {
  [pg, redis, fake] = await Promise.all([
    startPostgres(),
    // Append-only file: what production runs (docker-compose), so queued jobs survive a restart.
    startRedis({ appendonly: true }),
    startFakeTelegram(),
  ]);
  const rec = parseRecording(
    JSON.parse(readFileSync(assetPath('assets/demo/step-test.recording.json'), 'utf8')),
    'step-test.recording.json',
  );
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  interval = `${iso(rec.window.fromMs)}/${iso(rec.window.toMs)}`;
  const config = loadConfig({
    env: {
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_ALLOWED_CHATS: '*',
      DATABASE_URL: pg.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: `chaos${process.pid}`,
      LOADLENS_DATA_DIR: pg.dir,
      LOCALE: 'en',
      TZ: 'UTC',
      LOG_LEVEL: 'silent',
      WORKER_CONCURRENCY: '2',
      // Short waits so the test sees the retries soon after the outage; enough tries for 60 s.
      JOB_ATTEMPTS: '60',
      JOB_BACKOFF_MS: '500',
      JOB_BACKOFF_MAX_MS: '4000',
      CHAT_STORE_TIMEOUT_MS: '2000',
      QUEUE_LOCK_MS: '10000',
      QUEUE_STALLED_INTERVAL_MS: '5000',
    },
  });
  const roomy = { count: 100, perMs: 1_000, burst: 100 };
  const gateway = createTelegramGateway({
    token: fake.token,
    apiRoot: fake.apiRoot,
    logger: silentLogger,
    throttle: createThrottle({ limits: { privateChat: roomy, group: roomy, global: roomy } }),
    retry: { backoffMs: 100 },
  });
  const app = await createServices(config, { logger: silentLogger, gateways: { telegram: gateway } });
  services = { ...app, sources: { prom: replayPromSource(rec) } };
  worker = await startWorker(services);
}, 120_000);

afterAll(async () => {
  await worker?.close();
  await services?.close();
  await Promise.all([pg?.stop(), redis?.stop(), fake?.close()]);
});

const command = (chatId: string, text: string, updateId: string): CommandCall => {
  const [name = '', ...rest] = text.replace(/^\//, '').split(' ');
  return {
    name,
    args: rest.join(' '),
    address: { platform: 'telegram', chatId },
    user: { id: 'u1', name: 'alice', languageCode: 'en' },
    updateId,
  };
};

/** Every text a chat ever showed: current texts, captions and the texts before each edit. */
function chatTexts(chatId: string): string[] {
  return fake
    .messagesIn(chatId)
    .flatMap((m) => [...m.history, m.visible ?? m.text ?? '', m.caption ?? ''])
    .filter(Boolean);
}

interface Tally {
  tried: number;
  deliveredOnce: number;
  lost: number;
  duplicated: number;
}

/** Summaries (the verdict line) and albums per chat: one of each is a report delivered once. */
function tally(chats: string[]): Tally {
  const t: Tally = { tried: chats.length, deliveredOnce: 0, lost: 0, duplicated: 0 };
  for (const chat of chats) {
    const msgs = fake.messagesIn(chat);
    const summaries = msgs.filter((m) => /Verdict: /.test(m.visible ?? m.text ?? '')).length;
    const albums = new Set(msgs.filter((m) => m.kind === 'photo').map((m) => m.mediaGroupId ?? m.messageId))
      .size;
    if (summaries === 0) t.lost++;
    else if (summaries > 1 || albums > 1) t.duplicated++;
    else if (albums === 1) t.deliveredOnce++;
    else t.lost++;
  }
  return t;
}

async function until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Asks for one report per chat; resolves when every "working on it" message is posted. */
async function askReports(label: string): Promise<string[]> {
  const chats = Array.from({ length: REPORTS }, (_, i) => `-100${label}${i}`);
  await Promise.all(
    chats.map((c, i) => handleCommand(services, command(c, `/report orders ${interval}`, `${label}${i}`))),
  );
  for (const c of chats) expect(fake.messagesIn(c).length).toBe(1);
  return chats;
}

const LEAKS = /127\.0\.0\.1|ECONNREFUSED|ECONNRESET|Connection terminated|query failed|57P01|postgres:\/\//;

describe('chaos: outages delay reports, never lose them', () => {
  it(`a ${OUTAGE_MS / 1000} s PostgreSQL stop while reports are stored: each delivered once; /tz answers meanwhile`, async () => {
    const chats = await askReports('1');
    // Stop the database as soon as a report is under way (its progress message edited).
    await until(
      () => chats.some((c) => (fake.messagesIn(c)[0]?.history.length ?? 0) > 0),
      30_000,
      'a report started',
    );
    const pendingAtStop = REPORTS - tally(chats).deliveredOnce;
    await pg.kill();
    const stoppedAt = Date.now();
    const tzAnswers: Array<{ ms: number; text: string }> = [];
    let n = 0;
    while (Date.now() - stoppedAt < OUTAGE_MS - 5_000) {
      const chat = '-1009000';
      const before = fake.messagesIn(chat).length;
      const started = Date.now();
      await handleCommand(services, command(chat, '/tz', `tz${n++}`));
      const after = fake.messagesIn(chat);
      expect(after.length).toBe(before + 1);
      tzAnswers.push({ ms: Date.now() - started, text: after.at(-1)?.visible ?? '' });
      const set = fake.messagesIn(chat).length;
      await handleCommand(services, command(chat, '/tz Europe/Moscow', `tzset${n}`));
      expect(fake.messagesIn(chat).length).toBe(set + 1);
      tzAnswers.push({ ms: Date.now() - started, text: fake.messagesIn(chat).at(-1)?.visible ?? '' });
      await new Promise((r) => setTimeout(r, 10_000));
    }
    await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - stoppedAt))));
    await pg.restart();
    const downMs = Date.now() - stoppedAt;
    await until(
      () => tally(chats).deliveredOnce + tally(chats).duplicated === chats.length,
      60_000,
      'every report delivered',
    );
    await new Promise((r) => setTimeout(r, 3_000)); // a late duplicate would show up here
    const t = tally(chats);
    console.info(
      `[chaos] PostgreSQL down ${(downMs / 1000).toFixed(1)} s (${pendingAtStop} reports in flight at the stop): reports tried ${t.tried}, delivered once ${t.deliveredOnce}, lost ${t.lost}, duplicated ${t.duplicated}; ` +
        `/tz answers during the outage: ${tzAnswers.length}, slowest ${Math.max(...tzAnswers.map((a) => a.ms))} ms`,
    );
    expect(t).toEqual({ tried: REPORTS, deliveredOnce: REPORTS, lost: 0, duplicated: 0 });
    // The outage hit reports in flight: they told their chat they would retry.
    expect(pendingAtStop).toBeGreaterThan(0);
    const retrying = chats.filter((c) =>
      chatTexts(c).some((x) => x.startsWith('⏳ The database is unavailable')),
    );
    expect(retrying.length).toBeGreaterThan(0);
    expect(tzAnswers.length).toBeGreaterThanOrEqual(4);
    for (const a of tzAnswers) {
      expect(a.text).toMatch(
        /^(This chat’s time zone: UTC\.\n\(The database is unavailable|The database is unavailable right now)/,
      );
      expect(a.ms).toBeLessThan(5_000);
    }
    for (const c of [...chats, '-1009000']) {
      for (const text of chatTexts(c)) {
        expect(text).not.toMatch(LEAKS);
        expect(text).not.toContain(String(pg.port));
        expect(text).not.toMatch(/The report failed/);
      }
    }
  }, 150_000);

  it('a Redis restart during reports: none lost, none duplicated', async () => {
    const chats = await askReports('2');
    await until(
      () => chats.some((c) => (fake.messagesIn(c)[0]?.history.length ?? 0) > 0),
      30_000,
      'a report started',
    );
    const pendingAtRestart = REPORTS - tally(chats).deliveredOnce;
    await redis.restart();
    await until(
      () => tally(chats).deliveredOnce + tally(chats).duplicated === chats.length,
      60_000,
      'every report delivered',
    );
    await new Promise((r) => setTimeout(r, 3_000));
    const t = tally(chats);
    console.info(
      `[chaos] Redis restarted (${pendingAtRestart} reports in flight): reports tried ${t.tried}, delivered once ${t.deliveredOnce}, lost ${t.lost}, duplicated ${t.duplicated}`,
    );
    expect(t).toEqual({ tried: REPORTS, deliveredOnce: REPORTS, lost: 0, duplicated: 0 });
    expect(pendingAtRestart).toBeGreaterThan(0);
    for (const c of chats) for (const text of chatTexts(c)) expect(text).not.toMatch(LEAKS);
  }, 120_000);
});
