import { resolveService } from '../../pipeline/resolve-service.js';
import { chatKey } from '../chat.types.js';
import type { CommandContext } from '../command-context.js';

/** The answer of a settings command, with a note when the settings are the defaults (database down). */
function withDefaultsNote(ctx: CommandContext, text: string): string {
  return ctx.storeDown ? `${text}\n${ctx.t('settingsDefault')}` : text;
}

function validZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** `/service [name]`: shows or binds the chat's default service. */
export async function serviceCommand(ctx: CommandContext): Promise<void> {
  const name = ctx.call.args.trim();
  if (!name) {
    await ctx.replyText(
      withDefaultsNote(
        ctx,
        ctx.settings.service ? ctx.t('serviceShow', { service: ctx.settings.service }) : ctx.t('serviceNone'),
      ),
    );
    return;
  }
  const svc = resolveService(ctx.services.config, name);
  await ctx.services.store.setChatSettings(chatKey(ctx.call.address), { service: svc.name });
  await ctx.replyText(ctx.t('serviceSet', { service: name }));
}

/** `/tz [zone]`: shows or sets the chat's time zone (IANA names). */
export async function tzCommand(ctx: CommandContext): Promise<void> {
  const tz = ctx.call.args.trim();
  if (!tz) {
    await ctx.replyText(withDefaultsNote(ctx, ctx.t('tzShow', { tz: ctx.tz })));
    return;
  }
  if (!validZone(tz)) {
    await ctx.replyText(ctx.t('badTz', { tz }));
    return;
  }
  await ctx.services.store.setChatSettings(chatKey(ctx.call.address), { tz });
  await ctx.replyText(ctx.t('tzSet', { tz }));
}

/** `/lang ru|en`: sets the chat's language; the answer is already in the new language. */
export async function langCommand(ctx: CommandContext): Promise<void> {
  const lang = ctx.call.args.trim().toLowerCase();
  if (lang !== 'ru' && lang !== 'en') {
    await ctx.replyText(ctx.t('badLang'));
    return;
  }
  await ctx.services.store.setChatSettings(chatKey(ctx.call.address), { locale: lang });
  ctx.locale = lang;
  await ctx.replyText(ctx.t('langSet'));
}
