import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { type AppServices, createServices } from '../../../src/app/create-services.js';
import { startWorker } from '../../../src/app/worker.js';
import { createSlackApp, SLACK_EVENTS_PATH, type SlackApp } from '../../../src/bots/slack/slack-app.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { silentLogger } from '../../../src/core/logger.js';
import { createHttpServer, type HttpServer } from '../../../src/web/http-server.js';
import {
  postToSlackApp,
  type SignedRequest,
  type SignOptions,
  type SlashFields,
  signedBlockAction,
  signedSlashCommand,
} from '../../fakes/slack/signing.js';
import { type FakeSlackApi, startFakeSlackApi } from '../../fakes/slack-api.js';

export const BOT_TOKEN = 'xoxb-loadlens-test';
export const SIGNING_SECRET = 'slack-signing-secret-for-tests';
/** Channels in SLACK_ALLOWED_CHANNELS; any other channel is refused. */
export const ALLOWED = ['C0GENERAL', 'C0SETTINGS', 'C0RU', 'C0ERRORS', 'C0LIMITS'];
export const MAX_HOURS = 6;

/** The whole Slack deployment on the harness's real servers, driven over HTTP. */
export interface SlackStack {
  fake: FakeSlackApi;
  services: AppServices;
  app: SlackApp;
  eventsUrl: string;
  /** Sends a signed slash command; resolves with the HTTP answer and how long it took. */
  command(fields: SlashFields, o?: SignOptions): Promise<{ status: number; ms: number; triggerId: string }>;
  /** Presses a button of a posted message. */
  press(p: Parameters<typeof signedBlockAction>[1], o?: SignOptions): Promise<number>;
  post(r: SignedRequest): Promise<Response>;
  close(): Promise<void>;
}

const unique = (p: string) => `${p}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;

/**
 * Starts the fake Slack Web API, the composition root on real PostgreSQL (own schema),
 * Redis (own queue prefix) and Prometheus, the worker, and the Slack app in HTTP mode on a
 * real shared HTTP server listening on 127.0.0.1:0.
 */
export async function startSlackStack(): Promise<SlackStack> {
  const fake = await startFakeSlackApi({ token: BOT_TOKEN });
  fake.users.set('U0ALICE', { name: 'alice', locale: 'en-US' });
  fake.users.set('U0IVAN', { name: 'ivan', locale: 'ru-RU' });
  const dir = await mkdtemp(join(tmpdir(), 'loadlens-slack-'));
  const configPath = join(dir, 'loadlens.yml');
  await writeFile(
    configPath,
    [
      'services:',
      '  dbpool:',
      `    selector: 'scenario="step_db_pool"'`,
      '  calm:',
      `    selector: 'scenario="step_none"'`,
      '',
    ].join('\n'),
  );
  const config = loadConfig({
    env: {
      DATABASE_URL: inject('pgUrl'),
      DATABASE_SCHEMA: unique('slack'),
      REDIS_URL: inject('redisUrl'),
      QUEUE_PREFIX: unique('slack'),
      PROMETHEUS_URL: inject('promUrl'),
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      SLACK_ALLOWED_CHANNELS: ALLOWED.join(','),
      PUBLIC_URL: 'http://loadlens.test',
      LOADLENS_SECRET: 'a-secret-of-at-least-16-chars',
      LOADLENS_CONFIG: configPath,
      LOADLENS_DATA_DIR: dir,
      MAX_REPORT_INTERVAL_HOURS: String(MAX_HOURS),
      LOCALE: 'en',
      TZ: 'UTC',
      LOG_LEVEL: 'silent',
    },
  });
  const services = await createServices(config, { logger: silentLogger });
  let http: HttpServer | undefined;
  let worker: { close(): Promise<void> } | undefined;
  try {
    worker = await startWorker(services);
    http = createHttpServer({ logger: silentLogger });
    const app = createSlackApp(services, {
      token: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      apiUrl: fake.apiUrl,
      http,
    });
    await app.start();
    const port = await http.listen(0, '127.0.0.1');
    const eventsUrl = `http://127.0.0.1:${port}${SLACK_EVENTS_PATH}`;
    const post = (r: SignedRequest) => postToSlackApp(eventsUrl, r);
    const server = http;
    const w = worker;
    return {
      fake,
      services,
      app,
      eventsUrl,
      post,
      async command(fields, o) {
        const r = signedSlashCommand(SIGNING_SECRET, fields, o);
        const started = performance.now();
        const res = await post(r);
        await res.arrayBuffer();
        const triggerId = new URLSearchParams(r.body).get('trigger_id') ?? '';
        return { status: res.status, ms: performance.now() - started, triggerId };
      },
      async press(press, o) {
        const res = await post(signedBlockAction(SIGNING_SECRET, press, o));
        await res.arrayBuffer();
        return res.status;
      },
      async close() {
        await app.stop();
        await server.close();
        await w.close();
        await services.close();
        await fake.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await worker?.close();
    await http?.close();
    await services.close();
    await fake.close();
    throw err;
  }
}
