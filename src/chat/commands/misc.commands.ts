import type { CommandContext } from '../command-context.js';
import { intervalForms } from '../parse-interval.js';
import { formatWhen } from '../report-message.js';

/** `/help`: the commands and the interval forms. */
export async function helpCommand(ctx: CommandContext): Promise<void> {
  await ctx.replyText(ctx.t('help', { forms: intervalForms(ctx.locale).join(', ') }));
}

/** `/alerts`: recent alert-triggered reports. */
export async function alertsCommand(ctx: CommandContext): Promise<void> {
  const events = await ctx.services.store.listAlertEvents({ limit: 10 });
  if (events.length === 0) {
    await ctx.replyText(ctx.t('alertsNone'));
    return;
  }
  const lines = events.map((e) => {
    const name = e.labels.alertname ?? e.groupKey;
    return `${formatWhen(e.receivedAt.getTime(), ctx.locale, ctx.tz)}  ${e.status.padEnd(8)} ${name}${e.service ? ` (${e.service})` : ''}${e.runId ? `  run ${e.runId.slice(-6)}` : ''}`;
  });
  await ctx.reply({
    blocks: [
      { kind: 'header', text: ctx.t('alertsHeader') },
      { kind: 'pre', text: lines.join('\n') },
    ],
  });
}
