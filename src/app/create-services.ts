import { createSlackGateway } from '../bots/slack/slack-gateway.js';
import { createTelegramGateway } from '../bots/telegram/telegram-gateway.js';
import type { ChatGateway, Platform } from '../chat/chat.types.js';
import type { ChatServices } from '../chat/services.js';
import type { AppConfig } from '../config/load-config.js';
import { type Clock, systemClock } from '../core/clock.js';
import { createLogger, type Logger } from '../core/logger.js';
import { createProvider } from '../llm/create-provider.js';
import { createFaults } from '../pipeline/faults.js';
import { JOB_SCHEMAS, type JobMap } from '../pipeline/jobs/payloads.js';
import { createQueue } from '../pipeline/queue/queue.js';
import { sourcesFromEnv } from '../pipeline/sources-from-env.js';
import { closeSharedRenderPool, sharedRenderPool } from '../render/chart-renderer.js';
import { openStore } from '../store/open-store.js';
import { createLinkBuilder, createLinkSigner, type LinkSigner } from '../web/signed-links.js';

/** The long-lived services of a process, with one close for graceful shutdown. */
export interface AppServices extends ChatServices {
  /** Verifies signed web links; undefined when LOADLENS_SECRET is unset. */
  signer: LinkSigner | undefined;
  close(): Promise<void>;
}

/** Side effects a caller (tests, the CLI) may replace. */
export interface ServiceDeps {
  fetch?: typeof fetch;
  logger?: Logger;
  clock?: Clock;
  gateways?: Partial<Record<Platform, ChatGateway>>;
}

/**
 * The composition root: opens the store (PostgreSQL or PGlite), the queue (BullMQ or
 * in-process), the metric sources and the chat gateways of the configured platforms. An
 * unreachable DATABASE_URL or REDIS_URL fails here with one line naming the setting.
 */
export async function createServices(config: AppConfig, deps: ServiceDeps = {}): Promise<AppServices> {
  const { env } = config;
  const logger = deps.logger ?? createLogger({ level: env.LOG_LEVEL });
  const clock = deps.clock ?? systemClock;
  // Before the store and queue open, so a bad LLM setting fails fast and leaks nothing.
  const llm = createProvider(env, { fetch: deps.fetch, logger });
  const faults = createFaults(env.LOADLENS_FAULT_KILL_AT);
  // Charts draw on worker threads (RENDER_WORKERS), started on the first chart.
  sharedRenderPool({ size: env.RENDER_WORKERS, logger });
  if (env.LOADLENS_FAULT_KILL_AT)
    logger.warn('fault injection is on (test only)', { at: env.LOADLENS_FAULT_KILL_AT });
  const store = await openStore({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.LOADLENS_DATA_DIR,
    schema: env.DATABASE_SCHEMA,
    poolSize: env.DATABASE_POOL_SIZE,
    logger,
  });
  let queue: Awaited<ReturnType<typeof createQueue<JobMap>>>;
  try {
    queue = await createQueue<JobMap>({
      redisUrl: env.REDIS_URL,
      prefix: env.QUEUE_PREFIX,
      lockDurationMs: env.QUEUE_LOCK_MS,
      stalledIntervalMs: env.QUEUE_STALLED_INTERVAL_MS,
      retry: {
        attempts: env.JOB_ATTEMPTS,
        backoffMs: env.JOB_BACKOFF_MS,
        maxBackoffMs: env.JOB_BACKOFF_MAX_MS,
      },
      retention: {
        keepCount: env.QUEUE_KEEP_COMPLETED,
        keepFailedCount: env.QUEUE_KEEP_FAILED,
        keepAgeSec: env.QUEUE_KEEP_AGE_SEC,
        eventsMaxLen: env.QUEUE_EVENTS_MAX_LEN,
      },
      schemas: JOB_SCHEMAS,
      logger,
      clock,
    });
  } catch (err) {
    await store.close();
    throw err;
  }
  const gateways: Partial<Record<Platform, ChatGateway>> = { ...deps.gateways };
  if (!gateways.telegram && env.TELEGRAM_BOT_TOKEN) {
    gateways.telegram = createTelegramGateway({
      token: env.TELEGRAM_BOT_TOKEN,
      apiRoot: env.TELEGRAM_API_ROOT,
      logger,
    });
  }
  if (!gateways.slack && env.SLACK_BOT_TOKEN) {
    gateways.slack = createSlackGateway({ token: env.SLACK_BOT_TOKEN, apiUrl: env.SLACK_API_URL, logger });
  }
  const signer = env.LOADLENS_SECRET
    ? createLinkSigner(env.LOADLENS_SECRET, { now: () => clock.now() })
    : undefined;
  return {
    config,
    store,
    queue,
    logger,
    clock,
    gateways,
    links: createLinkBuilder(env.PUBLIC_URL, signer),
    signer,
    sources: sourcesFromEnv(env, { fetch: deps.fetch, logger }),
    llm,
    faults,
    async close() {
      await queue.close();
      await store.close();
      await closeSharedRenderPool();
    },
  };
}
