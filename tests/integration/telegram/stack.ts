/**
 * The real LoadLens stack for Telegram tests: the composition root on real PostgreSQL (own
 * schema), real Redis (own queue prefix) and real Prometheus with simulator data, the
 * grammY bot in long polling (or webhook) mode against the fake Bot API, and a worker.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { type AppServices, createServices } from '../../../src/app/create-services.js';
import { startWorker } from '../../../src/app/worker.js';
import { createTelegramBot, type TelegramBot } from '../../../src/bots/telegram/telegram-bot.js';
import { createTelegramGateway } from '../../../src/bots/telegram/telegram-gateway.js';
import { createThrottle } from '../../../src/bots/telegram/throttle.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { GroundTruth } from '../../../src/sim/scenario.js';
import { createHttpServer, type HttpServer } from '../../../src/web/http-server.js';
import { type FakeTelegram, startFakeTelegram } from '../../fakes/telegram-api.js';

/** The YAML catalogue: `checkout` is bound to the simulated step test with a DB-pool limit. */
export const CATALOGUE = `services:
  checkout:
    selector: 'scenario="step_db_pool"'
    slo:
      - "p95 < 500ms"
  payments:
    selector: 'scenario="does_not_exist"'
`;

export const PUBLIC_URL = 'http://loadlens.test';

let seq = 0;
/** A name unique across test files and runs: schemas, queue prefixes. */
export function uniqueName(label: string): string {
  return `tg_${label}_${process.pid}_${Date.now().toString(36)}_${seq++}`;
}

/** Options of `startStack`. */
export interface StackOptions {
  label: string;
  /** TELEGRAM_ALLOWED_CHATS. */
  allowed: string[];
  /** Another Redis than the harness's (restart tests). */
  redisUrl?: string;
  /** Start the worker in this process (default true). */
  worker?: boolean;
  /** Webhook mode: the bot registers its route on a local HTTP server instead of polling. */
  webhook?: { secret?: string };
  /** Extra env settings. */
  env?: Record<string, string>;
  /** An existing fake to reuse (a second process of the same deployment). */
  fake?: FakeTelegram;
  /** The YAML file's content (default `CATALOGUE`; `'{}'` for zero-config). */
  catalogue?: string;
}

/** A running stack. */
export interface Stack {
  fake: FakeTelegram;
  services: AppServices;
  bot: TelegramBot;
  http: HttpServer | null;
  /** Base URL of the HTTP server in webhook mode. */
  httpUrl: string | null;
  env: Record<string, string>;
  truth: GroundTruth;
  /** `/report` arguments covering the scenario's truth window exactly (zoned ISO form). */
  interval: string;
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

/** The env of a stack; exported so a child-process worker can build the same deployment. */
export function stackEnv(o: {
  fake: FakeTelegram;
  allowed: string[];
  schema: string;
  prefix: string;
  redisUrl: string;
  configPath: string;
  dataDir: string;
  extra?: Record<string, string>;
}): Record<string, string> {
  return {
    TELEGRAM_BOT_TOKEN: o.fake.token,
    TELEGRAM_API_ROOT: o.fake.apiRoot,
    TELEGRAM_ALLOWED_CHATS: o.allowed.join(','),
    DATABASE_URL: inject('pgUrl'),
    DATABASE_SCHEMA: o.schema,
    REDIS_URL: o.redisUrl,
    QUEUE_PREFIX: o.prefix,
    PROMETHEUS_URL: inject('promUrl'),
    PUBLIC_URL,
    LOADLENS_SECRET: 'telegram-tests-secret-0123456789',
    LOADLENS_CONFIG: o.configPath,
    LOADLENS_DATA_DIR: o.dataDir,
    LOCALE: 'en',
    TZ: 'UTC',
    LOG_LEVEL: 'silent',
    ...o.extra,
  };
}

/** The scenario used throughout and an interval string covering it. */
export function scenarioWindow(): { truth: GroundTruth; interval: string } {
  const truth = inject('scenarios').step_db_pool;
  if (!truth) throw new Error('the harness has no step_db_pool scenario');
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return { truth, interval: `${iso(truth.startMs)}/${iso(truth.endMs)}` };
}

/** Starts the stack; the bot is polling (or its webhook is set) when this resolves. */
export async function startStack(o: StackOptions): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'loadlens-tg-'));
  const configPath = join(dir, 'loadlens.yaml');
  writeFileSync(configPath, o.catalogue ?? CATALOGUE);
  const fake = o.fake ?? (await startFakeTelegram());
  const env = stackEnv({
    fake,
    allowed: o.allowed,
    schema: uniqueName(o.label),
    prefix: uniqueName(o.label),
    redisUrl: o.redisUrl ?? inject('redisUrl'),
    configPath,
    dataDir: dir,
    extra: o.env,
  });
  let http: HttpServer | null = null;
  let httpUrl: string | null = null;
  if (o.webhook) {
    http = createHttpServer({ logger: silentLogger });
    const port = await http.listen(0, '127.0.0.1');
    httpUrl = `http://127.0.0.1:${port}`;
    env.TELEGRAM_WEBHOOK_URL = `${httpUrl}/telegram/webhook`;
    if (o.webhook.secret) env.TELEGRAM_WEBHOOK_SECRET = o.webhook.secret;
  }
  const config = loadConfig({ env });
  // Telegram's real limits (a group gets 20 messages a minute) would make a suite of many
  // commands to one chat crawl; the throttle's timing is covered by unit tests.
  const roomy = { count: 100, perMs: 1_000, burst: 100 };
  const gateway = createTelegramGateway({
    token: fake.token,
    apiRoot: fake.apiRoot,
    logger: silentLogger,
    throttle: createThrottle({ limits: { privateChat: roomy, group: roomy, global: roomy } }),
    retry: { backoffMs: 100 },
  });
  const services = await createServices(config, { logger: silentLogger, gateways: { telegram: gateway } });
  const bot = createTelegramBot(services, {
    token: fake.token,
    apiRoot: fake.apiRoot,
    webhookUrl: env.TELEGRAM_WEBHOOK_URL,
    webhookSecret: env.TELEGRAM_WEBHOOK_SECRET,
    http: http ?? undefined,
    pollTimeoutSec: 1,
  });
  await bot.start();
  let worker = o.worker === false ? null : await startWorker(services);
  const { truth, interval } = scenarioWindow();
  return {
    fake,
    services,
    bot,
    http,
    httpUrl,
    env,
    truth,
    interval,
    async stopWorker() {
      await worker?.close();
      worker = null;
    },
    async close() {
      await bot.stop().catch(() => undefined);
      await worker?.close().catch(() => undefined);
      await services.close().catch(() => undefined);
      await http?.close();
      if (!o.fake) await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
