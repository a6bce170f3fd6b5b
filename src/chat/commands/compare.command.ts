import { baselineFor } from '../../compare/load-and-compare.js';
import { assertSameService } from '../../pipeline/same-service.js';
import { newId } from '../../store/ids.js';
import { chatKey } from '../chat.types.js';
import type { CommandContext } from '../command-context.js';
import { resolveRun } from '../resolve-run.js';

/**
 * `/compare [runA] [runB]`: compares B with A (the reference). `/compare <run> baseline`
 * (also the "Compare with baseline" button) and `/compare` alone compare a run — the
 * chat's latest by default — with its service's baseline.
 */
export async function compareCommand(ctx: CommandContext): Promise<void> {
  const all = ctx.call.args.trim().split(/\s+/).filter(Boolean);
  const force = all.some((w) => w === 'force' || w === '--force');
  const words = all.filter((w) => w !== 'force' && w !== '--force');
  let a: string;
  let b: string;
  if (words.length >= 2 && words[1] !== 'baseline') {
    const ra = await resolveRun(ctx, words[0]);
    const rb = await resolveRun(ctx, words[1]);
    assertSameService(ra, rb, force, ctx.locale);
    a = ra.id;
    b = rb.id;
  } else {
    const run = await resolveRun(ctx, words[0]);
    const base = await baselineFor(ctx.services.store, run);
    const current = run.service ? await ctx.services.store.getBaseline(run.service) : null;
    if (!base && current?.runId === run.id) {
      await ctx.replyText(ctx.t('compareIsBaseline', { service: run.service ?? '' }));
      return;
    }
    if (!base) {
      await ctx.replyText(
        run.service ? ctx.t('compareNeedsBaseline', { service: run.service }) : ctx.t('baselineNeedsService'),
      );
      return;
    }
    a = base.id;
    b = run.id;
  }
  const jobId = `compare-${chatKey(ctx.call.address)}-${ctx.call.updateId ?? newId(ctx.services.clock.now())}`;
  if ((await ctx.services.queue.getState(jobId)) !== 'unknown') return;
  const [progress] = await ctx.replyText(ctx.t('working', { what: ctx.t('phaseComparing') }));
  await ctx.services.queue.add(
    'compare',
    {
      a,
      b,
      address: ctx.call.address,
      user: { id: ctx.call.user.id, name: ctx.call.user.name },
      locale: ctx.locale,
      tz: ctx.tz,
      progress,
    },
    { jobId },
  );
}
