import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { callsTo, say, waitForSummary, waitForText } from './chat-helpers.js';
import { type Stack, startStack } from './stack.js';

/*
 * Zero-config chat on a shared Prometheus (issue 12): `/services` lists the services with
 * traffic with one button each; an unscoped `/report` over a window with several services
 * under load answers with those buttons instead of a mixed report; a button press reports
 * that service alone.
 */
const CHAT = -1_002_222_333_444;
const user = { id: 301, firstName: 'Oleg', username: 'perf_oleg', languageCode: 'en' };
const shared = inject('shared');
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const interval = `${iso(shared.window.fromMs)}/${iso(shared.window.toMs)}`;
const busy = Object.values(shared.services).filter((s) => s.role === 'under_load');

const buttonsOf = (markup: unknown): string[] =>
  ((markup as { inline_keyboard?: Array<Array<{ callback_data?: string }>> })?.inline_keyboard ?? [])
    .flat()
    .map((b) => b.callback_data ?? '');

describe('Telegram on a shared Prometheus, zero-config', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ label: 'svc', allowed: [String(CHAT)], catalogue: '{}\n' });
  });
  afterAll(async () => s?.close());

  it('/services lists every service with traffic, one report button each', async () => {
    const sent = say(s.fake, CHAT, `/services ${interval}`, { from: user });
    const reply = await waitForText(s.fake, CHAT, /Services with traffic/, {
      since: sent.at,
      timeoutMs: 30_000,
    });
    const text = String(reply.params.text);
    for (const t of Object.values(shared.services)) {
      if (t.role === 'before_window') expect(text).not.toContain(t.app);
      else expect(text).toContain(t.app);
    }
    const data = buttonsOf(reply.params.reply_markup);
    for (const t of busy)
      expect(data.some((d) => d.startsWith('a:report_service:') && d.endsWith(`-${t.app}`))).toBe(true);
  });

  it('an unscoped /report refuses to mix the services under load and offers them; a press reports one', async () => {
    const sent = say(s.fake, CHAT, `/report ${interval}`, { from: user });
    const pick = await s.fake.waitForCall(
      (c) =>
        c.method === 'editMessageText' &&
        c.ok &&
        /Several services were under load/.test(String(c.params.text)),
      60_000,
    );
    const data = buttonsOf(pick.params.reply_markup);
    const orders = data.find((d) => d.endsWith('-orders'));
    expect(orders, JSON.stringify(data)).toBeDefined();
    expect(callsTo(s.fake, 'sendMediaGroup', CHAT).filter((c) => c.at >= sent.at)).toHaveLength(0);

    const since = performance.timeOrigin + performance.now();
    s.fake.injectCallback({
      chatId: CHAT,
      messageId: (pick.result as { message_id: number }).message_id,
      data: orders!,
      from: user,
    });
    // The report's summary is the final edit of its progress message.
    const summary = await waitForSummary(s.fake, CHAT, {
      since,
      pattern: /orders: app application="orders"/,
    });
    const text = String(summary.params.text);
    expect(text).toContain(`host ${shared.services.orders!.hostIp}`);
    expect(text).toContain('k6 test orders-step');
    for (const other of busy.filter((t) => t.app !== 'orders')) expect(text).not.toContain(other.hostIp);
  });
});
