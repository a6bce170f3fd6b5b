/**
 * Chat benchmark: the Telegram front end on the fake Bot API, a real Prometheus holding a
 * one-hour simulated step test, the in-process queue and PGlite, no LLM.
 *  - first reply: 20 /report updates arrive at once (20 chats, one getUpdates batch); the
 *    time from each update's arrival to its first sendMessage at the fake, over 3 such
 *    bursts (median of their p95s with min–max). Goal p95 ≤ 0.5 s.
 *  - full report: one /report of the 1 h test from arrival to the posted summary. Goal ≤ 3 s.
 * Run alone with `node --import tsx bench/chat.bench.ts`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createServices } from '../src/app/create-services.js';
import { startWorker } from '../src/app/worker.js';
import { createTelegramBot } from '../src/bots/telegram/telegram-bot.js';
import { loadConfig } from '../src/config/load-config.js';
import { silentLogger } from '../src/core/logger.js';
import { type FakeTelegram, startFakeTelegram } from '../tests/fakes/telegram-api.js';
import { startBenchPrometheus } from './report.bench.js';
import { fmtSpread, type Spread, spreadOf } from './spread.js';

export interface ChatBench {
  firstReplyP50Ms: number;
  firstReplyP95Ms: number;
  firstReplyMaxMs: number;
  /** Arrival → summary posted, one 1 h report alone (median of `fullRuns`). */
  fullReportMs: number;
  fullRuns: number;
  /** Arrival of the 20 updates → the last of their 20 summaries posted. */
  twentyReportsMs: number;
  concurrent: 20;
  /** Bursts of 20 commands (the figures above are their medians) and each figure's spread. */
  bursts: number;
  spread: { firstReplyP50: Spread; firstReplyP95: Spread; fullReport: Spread; twentyReports: Spread };
}

const CONCURRENT = 20;

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? Number.NaN;
};
const nowMs = () => performance.timeOrigin + performance.now();

/** Resolves with the time of the first successful call matching `pred`. */
async function callAt(
  fake: FakeTelegram,
  pred: Parameters<FakeTelegram['waitForCall']>[0],
  timeoutMs = 120_000,
) {
  return (await fake.waitForCall((c) => c.ok && pred(c), timeoutMs)).at;
}

const isSummary = (chatId: number) => (c: { method: string; params: Record<string, unknown> }) =>
  c.method === 'sendMessage' &&
  String(c.params.chat_id) === String(chatId) &&
  JSON.stringify(c.params.reply_markup ?? '').includes('callback_data');

/** Runs the chat benchmark. */
export async function benchChat(opts: { fullRuns?: number; bursts?: number } = {}): Promise<ChatBench> {
  const fullRuns = opts.fullRuns ?? 3;
  const bursts = opts.bursts ?? 3;
  const work = mkdtempSync(join(tmpdir(), 'loadlens-chat-bench-'));
  const { prom, truth } = await startBenchPrometheus(work);
  const fake = await startFakeTelegram();
  const configPath = join(work, 'loadlens.yaml');
  writeFileSync(configPath, `services:\n  checkout:\n    selector: 'scenario="${truth.scenario}"'\n`);
  const config = loadConfig({
    env: {
      PROMETHEUS_URL: prom.url,
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_ALLOWED_CHATS: '*',
      PUBLIC_URL: 'http://loadlens.bench',
      LOADLENS_SECRET: 'bench-secret-0123456789abcdef',
      LOADLENS_CONFIG: configPath,
      LOADLENS_DATA_DIR: 'memory://',
      LOG_LEVEL: 'silent',
      TZ: 'UTC',
    },
  });
  const services = await createServices(config, { logger: silentLogger });
  const bot = createTelegramBot(services, { token: fake.token, apiRoot: fake.apiRoot, pollTimeoutSec: 1 });
  try {
    await bot.start();
    const worker = await startWorker(services);
    const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const command = `/report checkout ${iso(truth.startMs)}/${iso(truth.endMs)}`;
    let chat = 900_000;

    // Warm-up: one command through the whole path (JIT, connections, PGlite).
    const warm = ++chat;
    fake.injectText({ chatId: warm, text: command });
    await callAt(fake, isSummary(warm));

    // 20 /report's at once, from 20 private chats (Telegram's per-chat limits do not apply),
    // `bursts` times: one burst's p95 swings too much on a shared machine to stand alone.
    const p50s: number[] = [];
    const p95s: number[] = [];
    const maxes: number[] = [];
    const twenties: number[] = [];
    for (let b = 0; b < bursts; b++) {
      const chats = Array.from({ length: CONCURRENT }, () => ++chat);
      const arrived = nowMs();
      for (const id of chats) fake.injectText({ chatId: id, text: command });
      const firsts = await Promise.all(
        chats.map((id) =>
          callAt(fake, (c) => c.method === 'sendMessage' && String(c.params.chat_id) === String(id)),
        ),
      );
      const latencies = firsts.map((at) => at - arrived);
      const lastSummary = Math.max(
        ...(await Promise.all(chats.map((id) => callAt(fake, isSummary(id), 300_000)))),
      );
      p50s.push(quantile(latencies, 0.5));
      p95s.push(quantile(latencies, 0.95));
      maxes.push(Math.max(...latencies));
      twenties.push(lastSummary - arrived);
    }

    // One report alone, arrival to summary.
    const full: number[] = [];
    for (let i = 0; i < fullRuns; i++) {
      const id = ++chat;
      const t = nowMs();
      fake.injectText({ chatId: id, text: command });
      full.push((await callAt(fake, isSummary(id))) - t);
    }
    await worker.close();
    const spread = {
      firstReplyP50: spreadOf(p50s),
      firstReplyP95: spreadOf(p95s),
      fullReport: spreadOf(full),
      twentyReports: spreadOf(twenties),
    };
    return {
      firstReplyP50Ms: spread.firstReplyP50.median,
      firstReplyP95Ms: spread.firstReplyP95.median,
      firstReplyMaxMs: Math.max(...maxes),
      fullReportMs: spread.fullReport.median,
      fullRuns,
      twentyReportsMs: spread.twentyReports.median,
      concurrent: CONCURRENT,
      bursts,
      spread,
    };
  } finally {
    await bot.stop().catch(() => undefined);
    await services.close().catch(() => undefined);
    await fake.close();
    await prom.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

/** Readable lines for the bench summary. */
export function chatLines(c: ChatBench): string[] {
  return [
    `chat: first reply p95 ${fmtSpread(c.spread.firstReplyP95)} over ${c.bursts} bursts of ${c.concurrent} concurrent /report (goal ≤ 500 ms); p50 ${fmtSpread(c.spread.firstReplyP50)}`,
    `chat: full 1 h report ${fmtSpread(c.spread.fullReport)} (goal ≤ 3000 ms); ${c.concurrent} reports done in ${fmtSpread(c.spread.twentyReports)}`,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await benchChat();
  for (const line of chatLines(r)) process.stderr.write(`${line}\n`);
  process.stdout.write(JSON.stringify(r, null, 2) + '\n');
}
