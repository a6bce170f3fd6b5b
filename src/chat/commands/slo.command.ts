import { parseSlo } from '../../analysis/slo-parse.js';
import { resolveService } from '../../pipeline/resolve-service.js';
import type { ChatSloStore } from '../../store/chat-slos.repo.js';
import { chatKey } from '../chat.types.js';
import type { CommandContext } from '../command-context.js';

/** What `/slo` was asked to do. */
export type SloArgs =
  | { kind: 'list' }
  | { kind: 'show'; service: string | null }
  | { kind: 'clear'; service: string | null }
  | { kind: 'set'; service: string | null; slos: string[] };

/** One token per SLO: `p95 < 500ms` and `p95<500ms` both become `p95<500ms`. */
function sloTokens(text: string): string[] {
  return text
    .replace(/\s*(<=|>=|<|>)\s*/g, '$1')
    .split(/[\s,;]+/)
    .filter(Boolean);
}

/** An SLO-looking token (indicator then comparison), as opposed to a service name. */
const looksLikeSlo = (token: string) => /^[a-z][a-z0-9_]*(<=|>=|<|>)/i.test(token);

/**
 * Splits `/slo [service] [SLOs | clear]`. The first word is the service unless it is
 * already an SLO (then the chat's service is meant); no words at all list the chat's SLOs.
 */
export function parseSloArgs(args: string): SloArgs {
  const tokens = sloTokens(args.trim());
  if (tokens.length === 0) return { kind: 'list' };
  const service = looksLikeSlo(tokens[0]!) ? null : tokens[0]!;
  const rest = service === null ? tokens : tokens.slice(1);
  if (rest.length === 0) return { kind: 'show', service };
  if (rest.length === 1 && /^(clear|reset|off|сброс|очистить)$/i.test(rest[0]!))
    return { kind: 'clear', service };
  return { kind: 'set', service, slos: rest };
}

/**
 * The SLOs a chat's report of `service` uses when the request names none: the chat's own
 * (set with `/slo`), or undefined so the catalogue's apply.
 */
export async function chatSlosFor(
  store: { chatSlos: ChatSloStore },
  key: string,
  service: string | null,
): Promise<string[] | undefined> {
  if (!service) return undefined;
  const found = await store.chatSlos.get(key, service);
  return found && found.slos.length > 0 ? found.slos : undefined;
}

/**
 * `/slo [service] [SLOs | clear]`: shows, sets or clears this chat's SLOs of a service,
 * each checked by the SLO grammar first (a bad one is explained and nothing is stored).
 * Without a service name the chat's service (`/service`) is meant.
 */
export async function sloCommand(ctx: CommandContext): Promise<void> {
  const store = ctx.services.store.chatSlos;
  const key = chatKey(ctx.call.address);
  const args = parseSloArgs(ctx.call.args);
  if (args.kind === 'list') {
    const all = await store.list(key);
    await ctx.replyText(
      all.length === 0
        ? ctx.t('sloListNone')
        : ctx.t('sloList', { lines: all.map((x) => `${x.service}: ${x.slos.join(' ')}`).join('\n') }),
    );
    return;
  }
  const name = args.service ?? ctx.settings.service;
  if (!name) {
    await ctx.replyText(ctx.t('sloNeedsService'));
    return;
  }
  // An unknown service (when there is a catalogue) is an error in the user's language.
  const service = resolveService(ctx.services.config, name);
  const svc = service.name ?? name;
  if (args.kind === 'show') {
    const found = await store.get(key, svc);
    if (found) await ctx.replyText(ctx.t('sloShow', { service: svc, slos: found.slos.join(' ') }));
    else if (service.slos.length > 0)
      await ctx.replyText(ctx.t('sloNoneCatalogue', { service: svc, slos: service.slos.join(' ') }));
    else await ctx.replyText(ctx.t('sloNone', { service: svc }));
    return;
  }
  if (args.kind === 'clear') {
    const had = await store.clear(key, svc);
    await ctx.replyText(ctx.t(had ? 'sloCleared' : 'sloNothingToClear', { service: svc }));
    return;
  }
  // parseSlo throws BAD_INPUT with the grammar help in the chat's language.
  const slos = args.slos.map((expr) => parseSlo(expr, ctx.locale).expr);
  await store.set(key, svc, slos, ctx.call.user.name ?? ctx.call.user.id);
  await ctx.replyText(ctx.t('sloSet', { service: svc, slos: slos.join(' ') }));
}
