import type { Locale } from '../analysis/report.types.js';
import type { Logger } from '../core/logger.js';
import { chatText, type TextKey } from '../i18n/chat-text.js';
import type { ChatSettings } from '../store/store.js';
import type { ChatAddress, ChatUser, MessageRef, Msg } from './chat.types.js';
import type { ChatServices } from './services.js';

/** A command as the adapters hand it over: transport details already stripped. */
export interface CommandCall {
  /** Command name without slash or bot mention, lower case: `report`, `note`, … */
  name: string;
  /** Everything after the command name, trimmed. */
  args: string;
  address: ChatAddress;
  user: ChatUser;
  /** The platform's id of the update (Telegram update_id, Slack trigger id): makes queueing idempotent. */
  updateId?: string;
}

/** What one command handler gets: one argument carrying every dependency. */
export interface CommandContext {
  services: ChatServices;
  call: CommandCall;
  locale: Locale;
  tz: string;
  settings: ChatSettings;
  /** True when the settings could not be read (database down) and `settings` are the defaults. */
  storeDown?: boolean;
  log: Logger;
  t(key: TextKey, params?: Record<string, string | number>): string;
  /** Posts to the chat (and thread) the command came from. */
  reply(msg: Msg): Promise<MessageRef[]>;
  replyText(text: string): Promise<MessageRef[]>;
}

/** Builds a command context; `reply` goes through the platform's gateway. */
export function createCommandContext(
  services: ChatServices,
  call: CommandCall,
  settings: ChatSettings,
  locale: Locale,
): CommandContext {
  const gateway = services.gateways[call.address.platform];
  const reply = async (msg: Msg) => {
    if (!gateway) throw new Error(`no gateway for ${call.address.platform}`);
    return gateway.send(call.address, msg);
  };
  const ctx: CommandContext = {
    services,
    call,
    locale,
    tz: settings.tz ?? services.config.env.TZ,
    settings,
    log: services.logger.child({ chat: `${call.address.platform}:${call.address.chatId}`, cmd: call.name }),
    // Reads ctx.locale at call time, so /lang answers in the language it just set.
    t: (key, params) => chatText(ctx.locale, key, params),
    reply,
    replyText: (text) => reply({ blocks: [{ kind: 'text', text }] }),
  };
  return ctx;
}
