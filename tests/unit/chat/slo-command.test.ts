import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandCall } from '../../../src/chat/command-context.js';
import { parseSloArgs } from '../../../src/chat/commands/slo.command.js';
import { handleCommand } from '../../../src/chat/handle-command.js';
import { reportJob } from '../../../src/pipeline/jobs/report.job.js';
import { PGLITE_HOOK_TIMEOUT } from '../store/pglite-harness.js';
import { chatServices, NOW } from './chat-services.js';

let env: Awaited<ReturnType<typeof chatServices>>;
const YAML = `services:\n  orders:\n    slo: ['p99<2s']\n  payments: {}\n`;

beforeEach(async () => {
  env = await chatServices({ LOADLENS_CONFIG: '/cfg.yml' }, { '/cfg.yml': YAML });
}, PGLITE_HOOK_TIMEOUT);
afterEach(async () => env.close());

const call = (text: string, over: Partial<CommandCall> = {}): CommandCall => {
  const [name = '', ...rest] = text.replace(/^\//, '').split(' ');
  return {
    name,
    args: rest.join(' '),
    address: { platform: 'telegram', chatId: '-100' },
    user: { id: 'u1', name: 'alice', languageCode: 'en' },
    ...over,
  };
};
const run = (text: string, over: Partial<CommandCall> = {}) => handleCommand(env.services, call(text, over));
const last = () => env.tg.sent().at(-1) ?? '';

describe('parseSloArgs', () => {
  it('tells the service from the SLOs, and reads spaced comparisons', () => {
    expect(parseSloArgs('')).toEqual({ kind: 'list' });
    expect(parseSloArgs('orders')).toEqual({ kind: 'show', service: 'orders' });
    expect(parseSloArgs('orders clear')).toEqual({ kind: 'clear', service: 'orders' });
    expect(parseSloArgs('orders p95 < 500ms, error_rate<1%')).toEqual({
      kind: 'set',
      service: 'orders',
      slos: ['p95<500ms', 'error_rate<1%'],
    });
    expect(parseSloArgs('p95<500ms')).toEqual({ kind: 'set', service: null, slos: ['p95<500ms'] });
  });
});

describe('/slo', () => {
  it('sets, shows, lists and clears a service’s SLOs per chat', async () => {
    await run('/slo orders');
    expect(last()).toMatch(/no SLOs for orders; reports use the catalogue’s: p99<2s/);
    await run('/slo orders p95<500ms error_rate<1%');
    expect(last()).toBe(
      'SLOs of orders in this chat are now: p95<500ms error_rate<1%. /report uses them when the request names none.',
    );
    expect((await env.services.store.chatSlos.get('telegram:-100', 'orders'))?.slos).toEqual([
      'p95<500ms',
      'error_rate<1%',
    ]);
    // Another chat has its own SLOs.
    expect(await env.services.store.chatSlos.get('telegram:42', 'orders')).toBeNull();
    await run('/slo orders');
    expect(last()).toMatch(/SLOs of orders in this chat: p95<500ms error_rate<1%/);
    await run('/slo');
    expect(last()).toBe('SLOs set in this chat:\norders: p95<500ms error_rate<1%');
    await run('/slo orders clear');
    expect(last()).toBe('SLOs of orders in this chat are cleared.');
    expect(await env.services.store.chatSlos.get('telegram:-100', 'orders')).toBeNull();
    await run('/slo orders clear');
    expect(last()).toMatch(/had no SLOs for orders/);
  });

  it('refuses a bad SLO or an unknown service in the chat’s language and stores nothing', async () => {
    await run('/slo orders p95<500ms p95<lots');
    expect(last()).toMatch(/p95<lots/);
    expect(await env.services.store.chatSlos.get('telegram:-100', 'orders')).toBeNull();
    await run('/slo billing p95<500ms');
    expect(last()).toMatch(/Unknown service "billing"/);
    await run('/slo orders p95<500ms p95<lots', { user: { id: 'u1', languageCode: 'ru' } });
    expect(last()).toMatch(/[а-я]/);
    await run('/slo p95<500ms');
    expect(last()).toMatch(/Name the service/);
    await run('/slo p95<500ms', { user: { id: 'u1', languageCode: 'ru' } });
    expect(last()).toMatch(/Укажите сервис/);
  });

  it('uses the chat’s service when none is named', async () => {
    await run('/service payments');
    await run('/slo p95<300ms');
    expect((await env.services.store.chatSlos.get('telegram:-100', 'payments'))?.slos).toEqual(['p95<300ms']);
  });
});

describe('/report in a chat with SLOs', () => {
  const job = async (chatId: string, runId: string) => {
    const signal = new AbortController().signal;
    await reportJob(env.services)({
      id: `j-${runId}`,
      kind: 'report',
      payload: {
        runId,
        address: { platform: 'telegram', chatId },
        user: { id: 'u1' },
        locale: 'en',
        tz: 'UTC',
        service: 'orders',
        fromMs: NOW - 1_800_000,
        toMs: NOW - 60_000,
      },
      attempt: 1,
      signal,
      progress: async () => undefined,
    });
    return (await env.services.store.getRun(runId))!.report.slo.map((s) => s.expr);
  };

  it('judges the chat’s SLOs, and the catalogue’s in a chat without its own', async () => {
    await run('/slo orders p95<500ms error_rate<1%');
    expect(await job('-100', '01JCHATSLOS0000000000000001')).toEqual(['p95<500ms', 'error_rate<1%']);
    expect(await job('42', '01JCHATSLOS0000000000000002')).toEqual(['p99<2s']);
  });
});
