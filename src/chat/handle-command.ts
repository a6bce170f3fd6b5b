import { createFormatter } from '../analysis/format.js';
import { isLoadLensError, type LoadLensError } from '../core/errors.js';
import { pickLocale } from '../i18n/chat-text.js';
import type { ChatSettings } from '../store/store.js';
import { allowSetting, isChatAllowed } from './allowlist.js';
import { boundedStore } from './bounded-store.js';
import { chatKey } from './chat.types.js';
import { type CommandCall, type CommandContext, createCommandContext } from './command-context.js';
import { COMMANDS } from './commands/index.js';
import { intervalForms } from './parse-interval.js';
import type { ChatServices } from './services.js';

/**
 * The one entry point both chat adapters call. It loads the chat's settings, picks the
 * language, enforces the allowlist, runs the command, and turns every error into a message
 * in the user's language. It never throws: a bad command must not crash a bot.
 */
export async function handleCommand(chatServices: ChatServices, call: CommandCall): Promise<void> {
  let ctx: CommandContext | undefined;
  // Every store call of a command is bounded, so a hanging database never leaves a chat unanswered.
  const services: ChatServices = {
    ...chatServices,
    store: boundedStore(chatServices.store, chatServices.config.env.CHAT_STORE_TIMEOUT_MS),
  };
  try {
    const key = chatKey(call.address);
    const { settings, storeDown } = await loadSettings(services, key);
    const locale = pickLocale(settings.locale, call.user.languageCode, services.config.env.LOCALE);
    ctx = createCommandContext(services, call, settings, locale);
    ctx.storeDown = storeDown;
    const allowed = isChatAllowed(services.config.env, call.address);
    if (call.name === 'start') {
      await ctx.replyText(
        allowed
          ? ctx.t('startAllowed', { chat: call.address.chatId })
          : ctx.t('startDenied', { chat: call.address.chatId, setting: allowSetting(call.address) }),
      );
      return;
    }
    if (!allowed) {
      // Such a chat only ever gets the /start answer, which names its id for the admin.
      ctx.log.warn('command from a chat that is not allowed', { name: call.name });
      await ctx.replyText(
        ctx.t('startDenied', { chat: call.address.chatId, setting: allowSetting(call.address) }),
      );
      return;
    }
    const handler = COMMANDS[call.name];
    if (!handler) {
      await ctx.replyText(ctx.t('unknownCommand', { name: call.name }));
      return;
    }
    await handler(ctx);
  } catch (err) {
    services.logger.warn('command failed', { name: call.name, err });
    if (!ctx) return;
    try {
      await ctx.replyText(describeError(ctx, err));
    } catch (replyErr) {
      services.logger.error('could not send the error reply', { err: replyErr });
    }
  }
}

/**
 * The chat's settings; when the database cannot be read, the defaults, so commands that need
 * no database (/start, /help, /tz and /service without arguments) still answer.
 */
async function loadSettings(
  services: ChatServices,
  key: string,
): Promise<{ settings: ChatSettings; storeDown: boolean }> {
  try {
    return { settings: await services.store.getChatSettings(key), storeDown: false };
  } catch (err) {
    services.logger.warn('chat settings unavailable, using the defaults', { chat: key, err });
    return { settings: { chatKey: key, service: null, tz: null, locale: null }, storeDown: true };
  }
}

/**
 * Maps a coded error to a message in the chat's language. Only coded sentences reach the
 * chat: driver messages, hosts and ports stay in the log.
 */
export function describeError(ctx: Pick<CommandContext, 't' | 'locale' | 'tz'>, err: unknown): string {
  if (!isLoadLensError(err)) return ctx.t('internalError', { code: 'INTERNAL' });
  const e: LoadLensError = err;
  const d = e.details;
  switch (e.code) {
    case 'BAD_INTERVAL':
      return describeIntervalError(ctx, d);
    case 'INTERVAL_TOO_LONG': {
      const f = createFormatter(ctx.locale, ctx.tz);
      const span = (ms: unknown, raw: unknown) => (typeof ms === 'number' ? f.span(ms) : String(raw));
      return ctx.t('intervalTooLong', { length: span(d.lengthMs, d.length), max: span(d.maxMs, d.max) });
    }
    case 'UNKNOWN_SERVICE':
      return ctx.t('unknownService', { service: String(d.service), known: String(d.known) });
    case 'NOT_FOUND':
      return d.run !== undefined
        ? ctx.t('runNotFound', { run: String(d.run) })
        : ctx.t('badInput', { message: e.message });
    case 'SOURCE_UNREACHABLE':
    case 'SOURCE_TIMEOUT':
      return ctx.t('sourceDown', { system: typeof d.system === 'string' ? d.system : 'Prometheus' });
    case 'STORE_UNAVAILABLE':
      return ctx.t('storeDown');
    case 'BAD_INPUT':
    case 'FORBIDDEN':
      return ctx.t('badInput', { message: e.message });
    default:
      return ctx.t('internalError', { code: e.code });
  }
}

/** A bad interval in the chat's language, with its times as `2026-12-01 15:20 MSK`. */
function describeIntervalError(
  ctx: Pick<CommandContext, 't' | 'locale' | 'tz'>,
  d: Record<string, unknown>,
): string {
  const f = createFormatter(ctx.locale, ctx.tz);
  const when = (ms: unknown) => (typeof ms === 'number' ? f.dateTime(ms) : '—');
  if (d.input !== undefined) {
    return ctx.t('badInterval', { input: String(d.input), forms: intervalForms(ctx.locale).join(', ') });
  }
  switch (d.reason) {
    case 'end_before_start':
      return ctx.t('intervalEndBeforeStart', { from: when(d.fromMs), to: when(d.toMs) });
    case 'start_in_future':
      return ctx.t('intervalInFuture', { from: when(d.fromMs), now: when(d.nowMs) });
    default:
      return ctx.t('intervalInvalid');
  }
}
