/**
 * Pure translation of Telegram update parts into the neutral chat types: command text,
 * the address (chat and forum topic) and the user.
 */
import type { Message, User } from 'grammy/types';
import type { ChatAddress, ChatUser } from '../../chat/chat.types.js';

/**
 * Parses `/name@bot args`. Returns null for text that is no command and for a command
 * addressed to another bot (`/report@other_bot` in a group with several bots).
 */
export function parseCommandText(
  text: string,
  botUsername: string | undefined,
): { name: string; args: string } | null {
  const m = /^\/([A-Za-z0-9_]{1,64})(?:@([A-Za-z0-9_]+))?(?=\s|$)\s*([\s\S]*)$/.exec(text.trim());
  if (!m) return null;
  const mention = m[2];
  if (mention && botUsername && mention.toLowerCase() !== botUsername.toLowerCase()) return null;
  return { name: (m[1] as string).toLowerCase(), args: (m[3] ?? '').trim() };
}

/**
 * Where to answer a message: its chat, and its forum topic when it was sent in one. Only
 * `is_topic_message` marks a topic; in a plain group `message_thread_id` names a reply thread.
 */
export function addressOf(
  message: Pick<Message, 'chat' | 'message_thread_id' | 'is_topic_message'>,
): ChatAddress {
  const address: ChatAddress = { platform: 'telegram', chatId: String(message.chat.id) };
  if (message.is_topic_message && message.message_thread_id !== undefined) {
    address.threadId = String(message.message_thread_id);
  }
  return address;
}

/** The neutral user of a Telegram `from`. */
export function userOf(from: User | undefined): ChatUser {
  if (!from) return { id: 'unknown' };
  const name = from.username ?? [from.first_name, from.last_name].filter(Boolean).join(' ');
  const user: ChatUser = { id: String(from.id) };
  if (name) user.name = name;
  if (from.language_code) user.languageCode = from.language_code;
  return user;
}
