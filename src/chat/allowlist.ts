import type { Env } from '../config/env.schema.js';
import type { ChatAddress } from './chat.types.js';

/**
 * Whether a chat may run commands. Deny by default: a chat must be listed in
 * TELEGRAM_ALLOWED_CHATS or SLACK_ALLOWED_CHANNELS (`*` allows every chat), because a
 * bot added to a stranger's group must not expose internal metrics.
 */
export function isChatAllowed(env: Env, address: ChatAddress): boolean {
  const list = address.platform === 'telegram' ? env.TELEGRAM_ALLOWED_CHATS : env.SLACK_ALLOWED_CHANNELS;
  return list.includes('*') || list.includes(address.chatId);
}

/** The setting that lists allowed chats on a platform, named in messages. */
export function allowSetting(address: ChatAddress): string {
  return address.platform === 'telegram' ? 'TELEGRAM_ALLOWED_CHATS' : 'SLACK_ALLOWED_CHANNELS';
}
