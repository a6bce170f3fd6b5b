import { createFormatter } from '../../analysis/format.js';
import type { CommandContext } from '../command-context.js';
import { formatWhen, verdictText } from '../report-message.js';
import { shortRunId } from '../resolve-run.js';

/** `/runs [service]`: the last runs with verdict, peak and a link. */
export async function runsCommand(ctx: CommandContext): Promise<void> {
  const service = ctx.call.args.trim() || ctx.settings.service || undefined;
  const runs = await ctx.services.store.listRuns({ service, limit: 10 });
  if (runs.length === 0) {
    await ctx.replyText(ctx.t('noRuns'));
    return;
  }
  const lines = runs.map((r) => {
    const peak = r.peak ? createFormatter(ctx.locale, ctx.tz).rps(r.peak.rps) : '–';
    return `${shortRunId(r.id)}  ${formatWhen(r.from.getTime(), ctx.locale, ctx.tz)}  ${verdictText(ctx, r.verdict).padEnd(8)} ${peak.padStart(8)}  ${r.name}`;
  });
  // Allowed chats are trusted with rename/delete, so the list link is edit-scoped.
  const link = ctx.services.links.runs(ctx.call.user.id, 'edit');
  await ctx.reply({
    blocks: [
      { kind: 'header', text: ctx.t('runsHeader') },
      { kind: 'pre', text: lines.join('\n') },
      ...(link ? [{ kind: 'link' as const, text: ctx.t('fullReport'), url: link }] : []),
    ],
  });
}
