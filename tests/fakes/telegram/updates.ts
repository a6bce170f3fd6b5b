/**
 * Builders of the updates a real Telegram server would deliver: text messages (private,
 * group or forum-topic) and callback queries, with realistic ids and shapes.
 */
import type { Chat, Message, Update, User } from 'grammy/types';

/** Who sends an injected update. */
export interface FakeUser {
  id: number;
  firstName?: string;
  username?: string;
  /** Telegram's `language_code`, e.g. `ru` or `en`. */
  languageCode?: string;
}

/** Chat type implied by an id, as on Telegram: positive private, -100… supergroup, else group. */
export function chatOf(chatId: number | string, forum = false): Chat {
  const id = Number(chatId);
  if (id > 0) return { id, type: 'private', first_name: 'Tester' } as Chat;
  if (String(chatId).startsWith('-100')) {
    return { id, type: 'supergroup', title: 'Perf team', ...(forum ? { is_forum: true } : {}) } as Chat;
  }
  return { id, type: 'group', title: 'Perf team' } as Chat;
}

export function userOf(u: FakeUser): User {
  return {
    id: u.id,
    is_bot: false,
    first_name: u.firstName ?? 'Tester',
    ...(u.username ? { username: u.username } : {}),
    ...(u.languageCode ? { language_code: u.languageCode } : {}),
  };
}

/** Options of a text update. */
export interface TextUpdateOptions {
  chatId: number | string;
  text: string;
  from?: FakeUser;
  /** Forum topic: sets `message_thread_id` and `is_topic_message`. */
  threadId?: number;
}

/** A `message` update with a text (commands get their `bot_command` entity, as Telegram adds). */
export function textUpdate(updateId: number, messageId: number, o: TextUpdateOptions): Update {
  const from = o.from ?? { id: Math.abs(Number(o.chatId)) || 1, languageCode: 'en' };
  const message = {
    message_id: messageId,
    date: Math.floor(Date.now() / 1000),
    chat: chatOf(o.chatId, o.threadId !== undefined),
    from: userOf(from),
    text: o.text,
    ...(o.threadId !== undefined ? { message_thread_id: o.threadId, is_topic_message: true } : {}),
  } as Message.TextMessage;
  const cmd = /^\/\S+/.exec(o.text);
  if (cmd) message.entities = [{ type: 'bot_command', offset: 0, length: cmd[0].length }];
  return { update_id: updateId, message } as Update;
}

/** Options of a callback-query update (a press on an inline button). */
export interface CallbackUpdateOptions {
  chatId: number | string;
  data: string;
  /** The bot message carrying the keyboard. */
  messageId: number;
  from?: FakeUser;
  threadId?: number;
}

export function callbackUpdate(updateId: number, o: CallbackUpdateOptions): Update {
  const from = o.from ?? { id: Math.abs(Number(o.chatId)) || 1, languageCode: 'en' };
  return {
    update_id: updateId,
    callback_query: {
      id: String(9_000_000_000 + updateId),
      from: userOf(from),
      chat_instance: `ci${Math.abs(Number(o.chatId))}`,
      data: o.data,
      message: {
        message_id: o.messageId,
        date: Math.floor(Date.now() / 1000),
        chat: chatOf(o.chatId, o.threadId !== undefined),
        from: { id: 1, is_bot: true, first_name: 'LoadLens', username: 'loadlens_bot' },
        text: '…',
        ...(o.threadId !== undefined ? { message_thread_id: o.threadId, is_topic_message: true } : {}),
      },
    },
  } as Update;
}
