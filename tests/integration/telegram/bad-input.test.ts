import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERVAL_FORMS } from '../../../src/chat/parse-interval.js';
import { callsTo, firstReply, say, sleep, summaries, waitForSummary } from './chat-helpers.js';
import { type Stack, startStack } from './stack.js';

/*
 * Bad input and faults reach the user as a message in their language, and none of them
 * queues a report: unknown command or service, malformed or over-long intervals, a chat
 * that is not allowed, and Telegram answering 429 or 5xx while a report is delivered.
 */
const GROUP = -1_002_222_222_222;
const RU_CHAT = 5_550_001;
const FAULT_CHAT = 5_550_002;
const DENIED = -1_009_999_999_999;
const en = { id: 201, firstName: 'Bob', languageCode: 'en' };
const ru = { id: RU_CHAT, firstName: 'Иван', languageCode: 'ru' };

describe('Telegram: bad input, languages and faults', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({
      label: 'bad',
      allowed: [String(GROUP), String(RU_CHAT), String(FAULT_CHAT)],
      env: { MAX_REPORT_INTERVAL_HOURS: '2' },
    });
  });
  afterAll(async () => s?.close());

  /** Sends a command and returns the text of the first reply; asserts no report was queued. */
  async function ask(chatId: number, text: string, from = en): Promise<string> {
    const sent = say(s.fake, chatId, text, { from });
    const reply = await firstReply(s.fake, chatId, sent.at);
    expect(await s.services.queue.getState(sent.jobId)).toBe('unknown');
    return String(reply.params.text);
  }

  it('unknown command: en from language_code, ru from language_code', async () => {
    expect(await ask(GROUP, '/frobnicate now')).toContain('Unknown command "frobnicate"');
    expect(await ask(RU_CHAT, '/frobnicate', ru)).toContain('Неизвестная команда «frobnicate»');
  });

  it('unknown service names the known ones', async () => {
    const text = await ask(GROUP, '/report nosuch 30m');
    expect(text).toContain('Unknown service "nosuch"');
    expect(text).toContain('checkout, payments');
    expect(await ask(RU_CHAT, '/report nosuch 30m', ru)).toContain('Неизвестный сервис «nosuch»');
  });

  it('malformed interval says which forms work', async () => {
    const text = await ask(GROUP, '/report checkout 25:99-whenever');
    expect(text).toMatch(/I cannot read ".*" as an interval/);
    for (const form of INTERVAL_FORMS) expect(text).toContain(form);
    expect(await ask(RU_CHAT, '/report checkout вчера-вечером', ru)).toContain('Не понимаю интервал');
  });

  it('an interval over MAX_REPORT_INTERVAL_HOURS is refused with the maximum', async () => {
    const from = new Date(s.truth.startMs - 3 * 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const to = new Date(s.truth.startMs).toISOString().replace(/\.\d+Z$/, 'Z');
    const text = await ask(GROUP, `/report checkout ${from}/${to}`);
    expect(text).toMatch(/The interval is 3\s?h.*longer than the maximum of 2\s?h/);
    expect(await ask(RU_CHAT, `/report checkout ${from}/${to}`, ru)).toContain('длиннее максимума');
    expect(await s.services.store.listRuns({ limit: 5 })).toHaveLength(0);
  });

  it('a chat that is not allowed gets only the /start answer with its id, and no report runs', async () => {
    const start = await ask(DENIED, '/start');
    expect(start).toContain(String(DENIED));
    expect(start).toContain('TELEGRAM_ALLOWED_CHATS');
    expect(await ask(DENIED, `/report checkout ${s.interval}`)).toContain('not allowed');
    expect(await ask(DENIED, '/start', { ...en, languageCode: 'ru' })).toContain('Его id');
    // A forged button press from that chat is refused the same way.
    const since = performance.timeOrigin + performance.now();
    s.fake.injectCallback({
      chatId: DENIED,
      messageId: 1,
      data: 'a:set_baseline:01kxxxxxxxxxxxxxxxxxxxxxxx',
      from: en,
    });
    expect(String((await firstReply(s.fake, DENIED, since)).params.text)).toContain('not allowed');
    await sleep(300);
    expect(callsTo(s.fake, 'sendMediaGroup', DENIED)).toHaveLength(0);
    expect(await s.services.store.listRuns({ limit: 5 })).toHaveLength(0);
  });

  it('429 (retry_after) and 5xx from Telegram: the report still arrives once, in Russian', async () => {
    const sent = say(s.fake, FAULT_CHAT, `/report checkout ${s.interval}`, {
      from: { ...ru, id: FAULT_CHAT },
    });
    const progress = await firstReply(s.fake, FAULT_CHAT, sent.at);
    const progressId = (progress.result as { message_id: number }).message_id;
    // Everything after the "working" reply meets a fault once: progress edits, album, and
    // (set once the album is in, so the phase edits do not take them) the summary's edit.
    s.fake.failNext('editMessageText', { status: 502 });
    s.fake.failNext('sendMediaGroup', { status: 429, retryAfter: 1 });
    s.fake.failNext('sendMediaGroup', { status: 500 });
    await s.fake.waitForCall(
      (c) => c.method === 'sendMediaGroup' && c.ok && String(c.params.chat_id) === String(FAULT_CHAT),
      90_000,
    );
    s.fake.failNext('editMessageText', { status: 429, retryAfter: 1 });
    s.fake.failNext('editMessageText', { status: 502 });
    await waitForSummary(s.fake, FAULT_CHAT, { since: sent.at, messageId: progressId });
    const edits = s.fake.calls.filter(
      (c) =>
        c.method === 'editMessageText' &&
        c.params.message_id === progressId &&
        String(c.params.chat_id) === String(FAULT_CHAT),
    );
    expect(edits.slice(-3).map((c) => c.status)).toEqual([429, 502, 200]);
    const attempts = s.fake.calls.filter(
      (c) => c.method === 'sendMediaGroup' && String(c.params.chat_id) === String(FAULT_CHAT),
    );
    expect(attempts.map((c) => c.status)).toEqual([429, 500, 200]);
    // The 429 was honoured: the retry came at least retry_after later.
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(950);
    expect(callsTo(s.fake, 'sendMediaGroup', FAULT_CHAT)).toHaveLength(1);
    const [summary, ...more] = summaries(s.fake, FAULT_CHAT);
    expect(more).toHaveLength(0);
    expect(summary?.messageId).toBe(progressId);
    expect(String(summary?.visible)).toMatch(/Вердикт: (ПРОВАЛ|РИСК|УСПЕХ)/);
    const keyboard = JSON.stringify(summary?.replyMarkup);
    expect(keyboard).toContain('Сравнить с базовым');
    expect(keyboard).toContain('Полный отчёт');
  });

  it('a retry_after beyond the cap fails the delivery step; the queue retries it and posts once', async () => {
    const sent = say(s.fake, GROUP, `/report checkout ${s.interval}`, { from: en });
    const progress = await firstReply(s.fake, GROUP, sent.at);
    const progressId = (progress.result as { message_id: number }).message_id;
    // The summary is the progress message's final edit, after the album: fail that edit.
    await s.fake.waitForCall(
      (c) => c.method === 'sendMediaGroup' && c.ok && String(c.params.chat_id) === String(GROUP),
      90_000,
    );
    s.fake.failNext('editMessageText', { status: 429, retryAfter: 3_600 });
    await waitForSummary(s.fake, GROUP, { since: sent.at, messageId: progressId, pattern: /Verdict:/ });
    const tried = s.fake.calls.filter(
      (c) =>
        c.method === 'editMessageText' &&
        c.status === 429 &&
        c.params.message_id === progressId &&
        String(c.params.chat_id) === String(GROUP),
    );
    expect(tried).toHaveLength(1);
    expect(summaries(s.fake, GROUP)).toHaveLength(1);
    expect(callsTo(s.fake, 'sendMediaGroup', GROUP)).toHaveLength(1);
  });
});
