import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../src/store/store.js';
import { parseTelegramHtml } from '../../fakes/telegram/parse-request.js';
import {
  callsTo,
  firstReply,
  type Sent,
  say,
  summaries,
  waitForSummary,
  waitForText,
} from './chat-helpers.js';
import { PUBLIC_URL, type Stack, startStack } from './stack.js';

/*
 * The Telegram front end end to end: real updates through grammY long polling, the command
 * layer, BullMQ on real Redis, PostgreSQL, the report engine on real Prometheus holding the
 * simulated step test, and back out through grammY to the fake Bot API.
 */
const FORUM = -1_001_111_111_111;
const TOPIC = 42;
const admin = { id: 101, firstName: 'Anna', username: 'perf_anna', languageCode: 'en' };

describe('Telegram: /report end to end', () => {
  let s: Stack;
  let sent: Sent;
  let run: RunRecord;
  let summaryMessageId: number;

  beforeAll(async () => {
    s = await startStack({ label: 'flow', allowed: [String(FORUM)] });
  });
  afterAll(async () => s?.close());

  it('answers within half a second, in the forum topic, then posts the album and turns progress into the summary', async () => {
    sent = say(s.fake, FORUM, `/report@loadlens_bot checkout ${s.interval}`, {
      from: admin,
      threadId: TOPIC,
    });
    const first = await firstReply(s.fake, FORUM, sent.at);
    expect(first.at - sent.at).toBeLessThan(500);
    expect(String(first.params.text)).toMatch(/Working on it/);
    expect(first.params.message_thread_id).toBe(TOPIC);
    const progressId = (first.result as { message_id: number }).message_id;

    const done = await waitForSummary(s.fake, FORUM, { messageId: progressId, since: sent.at });
    expect(done).toBeDefined();

    // Progress: the same message was edited through the phases, ending as the summary (an
    // edit, so a retried delivery cannot post it twice); no separate "Done" line.
    const progress = s.fake.state.messages.get(`${FORUM}:${progressId}`);
    const seen = progress?.history.join('\n') ?? '';
    for (const phase of ['collecting metrics', 'analysing', 'drawing charts']) expect(seen).toContain(phase);
    expect(progress?.visible).toMatch(/Verdict: (PASS|RISK|FAIL|INSUFFICIENT DATA)/);
    expect(`${seen}\n${progress?.visible}`).not.toMatch(/Done:/);

    // Album: one sendMediaGroup of 2–10 PNG photos in the topic, the first one captioned.
    const albums = callsTo(s.fake, 'sendMediaGroup', FORUM);
    expect(albums).toHaveLength(1);
    const album = albums[0]!;
    expect(album.chunked).toBe(true);
    expect(album.files.length).toBeGreaterThanOrEqual(2);
    expect(album.files.length).toBeLessThanOrEqual(10);
    expect(album.files.every((f) => f.png && f.size > 5_000)).toBe(true);
    const media = album.params.media as Array<{ caption?: string }>;
    expect(media[0]?.caption).toMatch(/^checkout .*: (PASS|RISK|FAIL), peak [\d.,]+\srps$/);
    expect(media.slice(1).every((m) => m.caption === undefined)).toBe(true);
    expect(album.params.message_thread_id).toBe(String(TOPIC));

    // Summary: the progress message itself, with verdict, peak, steps, domains, the web link
    // and the inline keyboard; nothing else in the chat carries it.
    const [summary, ...more] = summaries(s.fake, FORUM);
    expect(more).toHaveLength(0);
    expect(summary!.messageId).toBe(progressId);
    const html = String(summary!.text);
    const visible = parseTelegramHtml(html);
    expect(visible).toMatch(/Verdict: (PASS|RISK|FAIL)/);
    expect(visible).toMatch(/Peak: [\d,.]+\srps/);
    expect(html).toContain('<pre>');
    expect(visible).toMatch(/Database/);
    expect(html).toMatch(new RegExp(`<a href="${PUBLIC_URL}/[^"]+">Full report</a>`));
    expect(summary!.threadId).toBe(TOPIC);
    const buttons = (summary!.replyMarkup?.inline_keyboard ?? []).flat() as unknown as Array<
      Record<string, string>
    >;
    expect(buttons.map((b) => b.text)).toEqual([
      'Compare with baseline',
      'Set as baseline',
      'PDF',
      'Full report',
    ]);
    expect(buttons[2]?.callback_data).toMatch(/^a:pdf:/);
    expect(buttons[3]?.url).toMatch(new RegExp(`^${PUBLIC_URL}/`));
    summaryMessageId = summary!.messageId;

    // The store holds the run, for this service, made from the update's chat.
    const runs = await s.services.store.listRuns({ limit: 10 });
    expect(runs).toHaveLength(1);
    run = runs[0]!;
    expect(run.service).toBe('checkout');
    expect(buttons[0]?.callback_data).toBe(`a:compare_baseline:${run.id}`);
    expect(buttons[1]?.callback_data).toBe(`a:set_baseline:${run.id}`);

    // Everything the bot posted went to the topic.
    expect(s.fake.messagesIn(FORUM).every((m) => m.threadId === TOPIC)).toBe(true);
  });

  it('ignores a duplicated update: the same report is not queued or posted again', async () => {
    // A re-delivery of the very same update (same update_id), as Telegram does after a timeout.
    await s.bot.handleUpdate(sent.update);
    expect(await s.services.queue.getState(sent.jobId)).toBe('completed');
    const working = callsTo(s.fake, 'sendMessage', FORUM).filter((c) =>
      /Working on it/.test(String(c.params.text)),
    );
    expect(working).toHaveLength(1);
    expect(summaries(s.fake, FORUM)).toHaveLength(1);
    expect(await s.services.store.listRuns({ limit: 10 })).toHaveLength(1);
  });

  it('"Set as baseline" persists the baseline; "Compare with baseline" answers', async () => {
    const since = performance.timeOrigin + performance.now();
    const press = s.fake.injectCallback({
      chatId: FORUM,
      messageId: summaryMessageId,
      data: `a:set_baseline:${run.id}`,
      from: admin,
      threadId: TOPIC,
    });
    const reply = await waitForText(s.fake, FORUM, /Baseline of checkout is now/, { since });
    expect(reply.params.message_thread_id).toBe(TOPIC);
    expect(s.fake.callsOf('answerCallbackQuery').map((c) => c.params.callback_query_id)).toContain(
      press.callback_query?.id,
    );
    const answeredAt =
      s.fake
        .callsOf('answerCallbackQuery')
        .find((c) => c.params.callback_query_id === press.callback_query?.id)?.at ?? Infinity;
    expect(answeredAt).toBeLessThanOrEqual(reply.at);
    expect((await s.services.store.getBaseline('checkout'))?.runId).toBe(run.id);

    const since2 = performance.timeOrigin + performance.now();
    s.fake.injectCallback({
      chatId: FORUM,
      messageId: summaryMessageId,
      data: `a:compare_baseline:${run.id}`,
      from: admin,
      threadId: TOPIC,
    });
    const answer = await firstReply(s.fake, FORUM, since2);
    expect(String(answer.params.text).length).toBeGreaterThan(0);
    expect(answer.params.message_thread_id).toBe(TOPIC);
  });

  it('/note, /runs, /baseline, /service, /tz and /lang persist what they set', async () => {
    const key = `telegram:${FORUM}`;
    let at = say(s.fake, FORUM, `/note ${run.id.slice(-6)} Pool exhausted at step 4 <b>&`, {
      from: admin,
    }).at;
    await waitForText(s.fake, FORUM, /Saved the summary/, { since: at });
    const versions = await s.services.store.listSummaryVersions(run.id);
    expect(versions.at(-1)?.body).toContain('Pool exhausted at step 4 <b>&');
    expect(versions.at(-1)?.author).toBe('perf_anna');

    at = say(s.fake, FORUM, '/runs', { from: admin }).at;
    await waitForText(s.fake, FORUM, new RegExp(run.id.slice(-6)), { since: at });

    at = say(s.fake, FORUM, '/service checkout', { from: admin }).at;
    await waitForText(s.fake, FORUM, /default service is now checkout/, { since: at });
    expect((await s.services.store.getChatSettings(key)).service).toBe('checkout');

    at = say(s.fake, FORUM, '/baseline', { from: admin }).at;
    await waitForText(s.fake, FORUM, new RegExp(`Baseline of checkout: .*${run.id.slice(-6)}`), {
      since: at,
    });

    at = say(s.fake, FORUM, '/tz Europe/Moscow', { from: admin }).at;
    await waitForText(s.fake, FORUM, /Time zone set to Europe\/Moscow/, { since: at });
    expect((await s.services.store.getChatSettings(key)).tz).toBe('Europe/Moscow');

    at = say(s.fake, FORUM, '/lang ru', { from: admin }).at;
    await waitForText(s.fake, FORUM, /Язык: русский/, { since: at });
    expect((await s.services.store.getChatSettings(key)).locale).toBe('ru');
    // The chat's setting wins over the user's language_code: still Russian.
    at = say(s.fake, FORUM, '/frobnicate', { from: admin }).at;
    await waitForText(s.fake, FORUM, /Неизвестная команда/, { since: at });
    at = say(s.fake, FORUM, '/lang en', { from: admin }).at;
    await waitForText(s.fake, FORUM, /Language set to English/, { since: at });
  });

  it('/compare: a rerun against the baseline gets overlay charts, the verdict and a baseline line', async () => {
    // A second report of the same window: the rerun of the baseline set above.
    let at = say(s.fake, FORUM, `/report checkout ${s.interval}`, { from: admin, threadId: TOPIC }).at;
    await waitForSummary(s.fake, FORUM, { since: at, pattern: /vs baseline/ });
    const albumsBefore = callsTo(s.fake, 'sendMediaGroup', FORUM).length;
    at = say(s.fake, FORUM, '/compare', { from: admin, threadId: TOPIC }).at;
    const verdict = await waitForText(s.fake, FORUM, /no significant change/, {
      since: at,
      timeoutMs: 60_000,
    });
    expect(verdict).toBeDefined();
    // Overlays of A against B went out as one more album before the verdict.
    const albums = callsTo(s.fake, 'sendMediaGroup', FORUM);
    expect(albums.length).toBe(albumsBefore + 1);
    expect(albums.at(-1)!.files.length).toBeGreaterThanOrEqual(2);
  });
});
