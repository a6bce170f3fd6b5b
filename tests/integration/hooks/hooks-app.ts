import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { type AppServices, createServices } from '../../../src/app/create-services.js';
import { type Served, serve } from '../../../src/app/serve.js';
import { loadConfig } from '../../../src/config/load-config.js';
import type { Clock } from '../../../src/core/clock.js';
import { createLogger } from '../../../src/core/logger.js';
import { recordingGateway } from '../../fakes/recording-gateway.js';
import { dropSchema } from '../../harness/pg-schema.js';

/**
 * The whole LoadLens process as `serve` starts it (HTTP server with the alert webhooks,
 * worker), on the harness's PostgreSQL (a schema of its own), Redis (a prefix of its own)
 * and Prometheus, with a recording Telegram gateway in place of the Bot API.
 */
export async function startHooksApp(o: {
  env?: Record<string, string>;
  yaml?: string;
  clock?: Clock;
  tag: string;
}) {
  const id = `${o.tag}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const dir = mkdtempSync(join(tmpdir(), 'loadlens-hooks-'));
  const cfgFile = join(dir, 'loadlens.yml');
  writeFileSync(cfgFile, o.yaml ?? '{}\n');
  const config = loadConfig({
    env: {
      LOCALE: 'en',
      TZ: 'UTC',
      PROMETHEUS_URL: inject('promUrl'),
      DATABASE_URL: inject('pgUrl'),
      DATABASE_SCHEMA: `t_${id}`.toLowerCase(),
      DATABASE_POOL_SIZE: '4',
      REDIS_URL: inject('redisUrl'),
      QUEUE_PREFIX: `lltest-${id}`,
      LOADLENS_CONFIG: cfgFile,
      ALERT_CHATS: 'telegram:-100123',
      WORKER_CONCURRENCY: '2',
      ...o.env,
    },
  });
  const logs: string[] = [];
  const logger = createLogger({ level: 'warn', write: (l) => logs.push(l) });
  const tg = recordingGateway('telegram');
  let services: AppServices | undefined;
  let served: Served | undefined;
  try {
    services = await createServices(config, { logger, clock: o.clock, gateways: { telegram: tg.gateway } });
    served = await serve(services, { roles: { bot: true, worker: true }, port: 0, host: '127.0.0.1' });
  } catch (err) {
    await services?.close();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const app = services;
  const running = served;
  return {
    services: app,
    tg,
    logs,
    base: `http://127.0.0.1:${running.port}`,
    async close() {
      await running.stop();
      await app.close();
      await dropSchema(String(config.env.DATABASE_SCHEMA));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `probe` until it returns a value, failing with `what` and the app's warnings. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  logs: string[],
  timeoutMs = 60_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end)
      throw new Error(`timed out waiting for ${what}; logs:\n${logs.slice(-20).join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
