import { hasNarrativeText, narrativeText } from '../../llm/present.js';
import { narrateRun } from '../../pipeline/jobs/narrate.job.js';
import type { CommandContext } from '../command-context.js';
import { resolveRun } from '../resolve-run.js';

/** `/regenerate [run]` and the "Regenerate" button: a new LLM narrative version of a run. */
export async function regenerateCommand(ctx: CommandContext): Promise<void> {
  if (!ctx.services.llm) {
    await ctx.replyText(ctx.t('noLlm'));
    return;
  }
  const run = await resolveRun(ctx, ctx.call.args.trim() || undefined);
  await ctx.replyText(ctx.t('working', { what: ctx.t('phaseAnalysing') }));
  const stored = await narrateRun(ctx.services, run.id, ctx.locale, ctx.tz);
  if (!hasNarrativeText(stored.narrative)) {
    await ctx.replyText(ctx.t('narrativeEmpty', { status: stored.narrative.status }));
    return;
  }
  await ctx.reply({
    blocks: [
      { kind: 'header', text: ctx.t('narrativeHeader') },
      { kind: 'text', text: narrativeText(stored.narrative) },
    ],
  });
}
