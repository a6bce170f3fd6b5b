import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReportJson } from '../../../src/analysis/report.types.js';
import type { CommandCall } from '../../../src/chat/command-context.js';
import { handleButton } from '../../../src/chat/handle-button.js';
import { handleCommand } from '../../../src/chat/handle-command.js';
import { PGLITE_HOOK_TIMEOUT } from '../store/pglite-harness.js';
import { chatServices, NOW } from './chat-services.js';

let env: Awaited<ReturnType<typeof chatServices>>;
const YAML = `services:\n  orders:\n    selector: 'application="orders"'\n  payments: {}\n`;

beforeEach(async () => {
  env = await chatServices(
    { LOADLENS_CONFIG: '/cfg.yml', MAX_REPORT_INTERVAL_HOURS: '6' },
    { '/cfg.yml': YAML },
  );
}, PGLITE_HOOK_TIMEOUT);
afterEach(async () => env.close());

const call = (text: string, over: Partial<CommandCall> = {}): CommandCall => {
  const [name = '', ...rest] = text.replace(/^\//, '').split(' ');
  return {
    name,
    args: rest.join(' '),
    address: { platform: 'telegram', chatId: '-100', threadId: '7' },
    user: { id: 'u1', name: 'alice', languageCode: 'en' },
    ...over,
  };
};
const run = (text: string, over: Partial<CommandCall> = {}) => handleCommand(env.services, call(text, over));
const last = () => env.tg.sent().at(-1) ?? '';

async function storeRun(name: string, service: string | null, fromMs = NOW - 3_600_000) {
  const report = {
    runId: '',
    name,
    service,
    window: { from: new Date(fromMs).toISOString(), to: new Date(fromMs + 3_600_000).toISOString() },
    verdict: 'pass',
    peak: null,
    steps: [],
    slo: [],
    domains: [],
    charts: [],
    timingsMs: { fetch: 1, analyse: 1, render: 1, total: 3 },
  } satisfies ReportJson;
  return env.services.store.saveRun({
    name,
    service,
    from: new Date(fromMs),
    to: new Date(fromMs + 3_600_000),
    verdict: 'pass',
    peak: null,
    timings: report.timingsMs,
    report,
    domains: [],
    series: [],
  });
}

describe('handleCommand', () => {
  it('answers /start with the chat id, allowed or not', async () => {
    await run('/start', { address: { platform: 'telegram', chatId: '999' } });
    expect(last()).toMatch(/not allowed.*999.*TELEGRAM_ALLOWED_CHATS/s);
    await run('/start');
    expect(last()).toMatch(/can run reports/);
  });

  it('refuses every other command in a chat that is not allowed and queues nothing', async () => {
    await run('/report 30m', { address: { platform: 'telegram', chatId: '999' } });
    expect(last()).toMatch(/not allowed.*999/s);
    expect(env.tg.calls.filter((c) => c.op === 'send')).toHaveLength(1);
  });

  it('queues /report after replying "working on it" in the same topic', async () => {
    await run('/report orders 30m', { updateId: '501' });
    const [first] = env.tg.calls;
    expect(first?.op).toBe('send');
    expect(first && first.op === 'send' && first.to.threadId).toBe('7');
    expect(last()).toMatch(/Working on it/);
    expect(await env.services.queue.getState('report-telegram:-100-501')).not.toBe('unknown');
    // The same update delivered twice is ignored.
    await run('/report orders 30m', { updateId: '501' });
    expect(env.tg.sent()).toHaveLength(1);
  });

  it('explains bad input in the user language', async () => {
    await run('/report orders someday');
    expect(last()).toMatch(/cannot read "someday".*30m, last 2h, 10:00-11:30/s);
    await run('/report orders 12h');
    expect(last()).toMatch(/12\sh.*maximum of 6\sh/);
    await run('/report billing 30m');
    expect(last()).toMatch(/Unknown service "billing".*orders, payments/);
    await run('/frobnicate');
    expect(last()).toMatch(/Unknown command "frobnicate"/);
    await run('/report orders someday', { user: { id: 'u2', languageCode: 'ru' } });
    expect(last()).toMatch(/Не понимаю интервал «someday».*последние 2ч.*вчера 15:20-15:50/s);
  });

  it('persists /service, /tz and /lang', async () => {
    await run('/service orders');
    await run('/tz Europe/Moscow');
    await run('/tz Mars/Base');
    expect(last()).toMatch(/not a time zone/);
    await run('/lang ru');
    expect(last()).toBe('Язык: русский.');
    const s = await env.services.store.getChatSettings('telegram:-100');
    expect(s).toMatchObject({ service: 'orders', tz: 'Europe/Moscow', locale: 'ru' });
    await run('/service');
    expect(last()).toBe('Сервис этого чата: orders.');
  });

  it('adds /note versions, lists /runs and sets baselines by button', async () => {
    const older = await storeRun('older run', 'orders', NOW - 7_200_000);
    const latest = await storeRun('latest run', 'orders');
    await run('/note first impressions');
    await run(`/note ${latest.id.slice(-6)} pool saturated at step 5`);
    const versions = await env.services.store.listSummaryVersions(latest.id);
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(versions[1]?.body).toBe('first impressions\n\npool saturated at step 5');
    expect(versions[1]?.author).toBe('alice');
    await run('/runs orders');
    expect(last()).toContain(latest.id.slice(-6));
    expect(last()).toContain('older run');
    await handleButton(env.services, {
      action: 'set_baseline',
      runId: older.id,
      address: { platform: 'telegram', chatId: '-100' },
      user: { id: 'u1', name: 'alice' },
    });
    expect((await env.services.store.getBaseline('orders'))?.runId).toBe(older.id);
    await run('/baseline orders');
    expect(last()).toMatch(/Baseline of orders: older run/);
    await run('/note zzzzzz');
    expect(last()).toMatch(/Saved the summary of "latest run" as version 3/);
  });
});

describe('/compare', () => {
  it('compares with the baseline through the compare job and posts the verdict', async () => {
    const base = await storeRun('baseline run', 'orders', NOW - 7_200_000);
    const latest = await storeRun('latest run', 'orders');
    await run('/compare');
    expect(last()).toMatch(/orders has no baseline yet/);
    await env.services.store.setBaseline('orders', base.id, 'alice');
    await run(`/compare ${base.id.slice(-6)} baseline`);
    expect(last()).toMatch(/This run is the baseline of orders/);
    const { compareJob } = await import('../../../src/pipeline/jobs/compare.job.js');
    const worker = await env.services.queue.work({ compare: compareJob(env.services) });
    try {
      await run('/compare', { updateId: '900' });
      await env.services.queue.waitFor('compare-telegram:-100-900', 15_000);
      const summary = env.tg.sent().at(-1) ?? '';
      expect(summary).toMatch(/latest run vs baseline run/);
      // Runs without series cannot be compared: the verdict says so instead of guessing.
      expect(summary).toMatch(/insufficient|not enough|недостаточно/i);
      expect(env.tg.calls.some((c) => c.op === 'edit' && /Comparison done/.test(c.text))).toBe(true);
      expect(latest.id).toBeTruthy();
    } finally {
      await worker.close();
    }
  });
});

describe('/alerts', () => {
  it('lists recent alert-triggered reports, and says so when there are none', async () => {
    await run('/alerts');
    expect(last()).toBe('No alert-triggered reports yet.');
    const latest = await storeRun('alert run', 'orders');
    const ev = await env.services.store.addAlertEvent({
      source: 'alertmanager',
      groupKey: '{}:{alertname="HighLatency"}',
      status: 'firing',
      service: 'orders',
      labels: { alertname: 'HighLatency', service: 'orders' },
      payload: {},
      runId: null,
      receivedAt: new Date(NOW - 60_000),
    });
    await env.services.store.linkAlertRun(ev.id, latest.id);
    await run('/alerts');
    expect(last()).toMatch(
      /Recent alert-triggered reports[\s\S]*firing\s+HighLatency \(orders\)\s+run \w{6}/,
    );
  });
});
