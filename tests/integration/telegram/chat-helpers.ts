/**
 * Small helpers over the fake Bot API for the Telegram integration tests: send a command as
 * a user would, and wait for the bot's answers in a chat.
 */
import type { Update } from 'grammy/types';
import type { FakeCall, FakeTelegram, FakeUser, StoredMessage } from '../../fakes/telegram-api.js';

/** A command sent into a chat: the update and when it arrived at the fake. */
export interface Sent {
  update: Update;
  at: number;
  /** The report job id `/report` derives from this update. */
  jobId: string;
}

export function say(
  fake: FakeTelegram,
  chatId: number | string,
  text: string,
  o: { from?: FakeUser; threadId?: number } = {},
): Sent {
  const at = performance.timeOrigin + performance.now();
  const update = fake.injectText({ chatId, text, ...o });
  return { update, at, jobId: `report-telegram:${Number(chatId)}-${update.update_id}` };
}

const textOf = (c: FakeCall) => String(c.params.text ?? '');
const chatOfCall = (c: FakeCall) => String(Number(c.params.chat_id));

/** Waits for a successful sendMessage to the chat whose text matches, posted after `since`. */
export function waitForText(
  fake: FakeTelegram,
  chatId: number | string,
  pattern: RegExp,
  o: { since?: number; timeoutMs?: number } = {},
): Promise<FakeCall> {
  return fake.waitForCall(
    (c) =>
      c.method === 'sendMessage' &&
      c.ok &&
      chatOfCall(c) === String(Number(chatId)) &&
      c.at >= (o.since ?? 0) &&
      pattern.test(textOf(c)),
    o.timeoutMs ?? 15_000,
  );
}

/** The first sendMessage to the chat after `since` (the first reply to a command). */
export function firstReply(fake: FakeTelegram, chatId: number | string, since: number, timeoutMs = 15_000) {
  return waitForText(fake, chatId, /[\s\S]*/, { since, timeoutMs });
}

/** Successful calls of a method to one chat. */
export function callsTo(fake: FakeTelegram, method: string, chatId: number | string): FakeCall[] {
  return fake.callsOf(method).filter((c) => chatOfCall(c) === String(Number(chatId)));
}

const hasActions = (markup: unknown) => JSON.stringify(markup ?? '').includes('callback_data');

/**
 * The report summaries in a chat as it stands now (edits applied): the messages carrying
 * the summary's inline action keyboard. The report summary is the final edit of the
 * command's progress message (no post), so one summary is one message; two are a duplicate.
 */
export function summaries(fake: FakeTelegram, chatId: number | string): StoredMessage[] {
  return fake
    .messagesIn(String(Number(chatId)))
    .filter((m) => m.kind === 'text' && hasActions(m.replyMarkup));
}

/**
 * Waits for a successful call that made a summary in the chat after `since` (the final edit
 * of the progress message `messageId`, or a post when there is none) whose text matches.
 */
export function waitForSummary(
  fake: FakeTelegram,
  chatId: number | string,
  o: { since?: number; messageId?: number; pattern?: RegExp; timeoutMs?: number } = {},
): Promise<FakeCall> {
  return fake.waitForCall(
    (c) =>
      (c.method === 'editMessageText' || c.method === 'sendMessage') &&
      c.ok &&
      chatOfCall(c) === String(Number(chatId)) &&
      c.at >= (o.since ?? 0) &&
      (o.messageId === undefined || c.params.message_id === o.messageId) &&
      hasActions(c.params.reply_markup) &&
      (o.pattern ?? /[\s\S]/).test(textOf(c)),
    o.timeoutMs ?? 90_000,
  );
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
