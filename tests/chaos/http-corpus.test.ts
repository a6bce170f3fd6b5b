import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppServices, createServices } from '../../src/app/create-services.js';
import { installProcessGuards } from '../../src/app/process-guards.js';
import { type Served, serve } from '../../src/app/serve.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/core/logger.js';
import { type FakeSlackApi, startFakeSlackApi } from '../fakes/slack-api.js';
import { type FakeTelegram, startFakeTelegram } from '../fakes/telegram-api.js';
import { type CorpusCase, HEADER_CASES, METHOD_CASES, PREFIXES, prefixCases } from './http-corpus.js';
import { httpRequest, type RawAnswer, rawRequest } from './raw-http.js';

/*
 * Issue 16: no request can end the process. The whole `bot` role (web view, alert
 * webhooks, Slack HTTP mode, Telegram webhook on one shared server, on PGlite in a temp
 * dir) takes a corpus of malformed targets, methods and headers over raw TCP; after every
 * batch it must still answer a health check and a real page.
 */

let fakeTg: FakeTelegram;
let fakeSlack: FakeSlackApi;
let services: AppServices;
let served: Served;
let port: number;
let dir: string;
const serverErrors: string[] = [];
const escaped: string[] = [];
let unguard: () => void;

beforeAll(async () => {
  // Anything escaping a request lands here (instead of ending the run) and is counted.
  unguard = installProcessGuards(process, createLogger({ level: 'error', write: (l) => escaped.push(l) }), {
    role: 'chaos',
    exit: (code) => escaped.push(`exit ${code}`),
  });
  fakeTg = await startFakeTelegram();
  fakeSlack = await startFakeSlackApi({ token: 'xoxb-chaos-test' });
  dir = await mkdtemp(join(tmpdir(), 'loadlens-chaos-http-'));
  const config = loadConfig({
    env: {
      LOADLENS_DATA_DIR: dir,
      LOADLENS_SECRET: 'chaos-secret-0123456789abcdef',
      PUBLIC_URL: 'http://loadlens.test',
      TELEGRAM_BOT_TOKEN: fakeTg.token,
      TELEGRAM_API_ROOT: fakeTg.apiRoot,
      TELEGRAM_WEBHOOK_URL: 'http://loadlens.test/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: 'chaos-telegram-secret',
      SLACK_BOT_TOKEN: 'xoxb-chaos-test',
      SLACK_SIGNING_SECRET: 'chaos-slack-signing-secret',
      SLACK_API_URL: fakeSlack.apiUrl,
      WEBHOOK_TOKEN: 'chaos-webhook-token',
      GRAFANA_WEBHOOK_SECRET: 'chaos-grafana-secret',
      LOCALE: 'en',
      TZ: 'UTC',
    },
  });
  const logger = createLogger({
    level: 'error',
    write: (line) => {
      serverErrors.push(line);
    },
  });
  services = await createServices(config, { logger });
  served = await serve(services, { roles: { bot: true, worker: false }, port: 0, host: '127.0.0.1' });
  port = served.port as number;
});

afterAll(async () => {
  await served?.stop();
  await services?.close();
  await fakeTg?.close();
  await fakeSlack?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  unguard?.();
});

const counts = { fired: 0, c2xx: 0, c3xx: 0, c4xx: 0, c5xx: 0, noAnswer: 0 };
const unexpected: Array<{ name: string; status: number | null; head: string }> = [];

function tally(c: CorpusCase, a: RawAnswer): void {
  counts.fired++;
  if (a.status === null) counts.noAnswer++;
  else if (a.status >= 500) counts.c5xx++;
  else if (a.status >= 400) counts.c4xx++;
  else if (a.status >= 300) counts.c3xx++;
  else counts.c2xx++;
  // Malformed means refused: a 4xx, never a 5xx, never silence.
  if (a.status === null || a.status < 400 || a.status >= 500) {
    unexpected.push({ name: c.name, status: a.status, head: a.head.slice(0, 120) });
  }
}

/** The server still answers: a health check and a real static asset. */
async function stillServing(): Promise<void> {
  const health = await rawRequest(port, httpRequest('GET', '/healthz'));
  const asset = await rawRequest(port, httpRequest('GET', '/static/app.css'));
  expect([health.status, asset.status]).toEqual([200, 200]);
}

async function fire(cases: readonly CorpusCase[]): Promise<void> {
  // A few at a time: concurrency is part of the abuse, but the 2 shared cores are not ours.
  for (let i = 0; i < cases.length; i += 8) {
    const batch = cases.slice(i, i + 8);
    const answers = await Promise.all(batch.map((c) => rawRequest(port, c.bytes)));
    batch.forEach((c, j) => {
      tally(c, answers[j] as RawAnswer);
    });
  }
  await stillServing();
}

describe('malformed-request corpus against the running bot role', () => {
  it('mounts every route family (each refuses an unauthenticated request)', async () => {
    const statuses = await Promise.all(
      [
        httpRequest('POST', '/slack/events', { body: 'command=%2Freport' }),
        httpRequest('POST', '/telegram/webhook', { body: '{"update_id":1}' }),
        httpRequest('POST', '/hooks/grafana', { body: '{}' }),
        httpRequest('POST', '/hooks/alertmanager', { body: '{}' }),
        httpRequest('GET', '/runs'),
        httpRequest('GET', '/r/some-run'),
        httpRequest('GET', '/compare/a/b'),
        httpRequest('GET', '/api/runs/some-run/series'),
      ].map(async (b) => (await rawRequest(port, b)).status),
    );
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401, 401]);
  });

  for (const { prefix, method } of PREFIXES) {
    it(`refuses malformed targets under ${prefix} and keeps serving`, async () => {
      await fire(prefixCases(prefix, method));
    });
  }

  it('refuses odd methods and request lines and keeps serving', async () => {
    await fire(METHOD_CASES);
  });

  it('refuses bad, missing, huge and duplicated headers and broken bodies, and keeps serving', async () => {
    await fire(HEADER_CASES);
  });

  it('answered every one with a 4xx, logged no server error and let nothing escape', () => {
    const crashes = escaped.length;
    console.log(
      `http corpus: ${counts.fired} requests fired, ${counts.c4xx} 4xx, ${counts.c5xx} 5xx, ` +
        `${counts.c2xx + counts.c3xx} 2xx/3xx, ${counts.noAnswer} without an answer, crashes=${crashes}`,
    );
    expect(unexpected).toEqual([]);
    expect(counts.fired).toBeGreaterThan(250);
    expect(serverErrors).toEqual([]);
    expect(escaped).toEqual([]);
  });
});
