import type { CommandContext } from '../command-context.js';
import { resolveRun, shortRunId } from '../resolve-run.js';

/** `/baseline [run | set <run>]`: shows the service's baseline, or sets a run as it. */
export async function baselineCommand(ctx: CommandContext): Promise<void> {
  const [verb, ref] = ctx.call.args.trim().split(/\s+/).filter(Boolean);
  if (verb === 'set') {
    const run = await resolveRun(ctx, ref);
    await setBaseline(ctx, run.id);
    return;
  }
  const service = verb ?? ctx.settings.service;
  if (!service) {
    const latest = await resolveRun(ctx, undefined);
    return showBaseline(ctx, latest.service);
  }
  return showBaseline(ctx, service);
}

async function showBaseline(ctx: CommandContext, service: string | null): Promise<void> {
  if (!service) {
    await ctx.replyText(ctx.t('baselineNeedsService'));
    return;
  }
  const base = await ctx.services.store.getBaseline(service);
  if (!base) {
    await ctx.replyText(ctx.t('baselineNone', { service }));
    return;
  }
  const run = await ctx.services.store.getRun(base.runId);
  await ctx.replyText(
    ctx.t('baselineShow', { service, name: run?.name ?? base.runId, run: shortRunId(base.runId) }),
  );
}

/** Sets `runId` as its service's baseline (also the "Set as baseline" button). */
export async function setBaseline(ctx: CommandContext, runId: string): Promise<void> {
  const run = await resolveRun(ctx, runId);
  if (!run.service) {
    await ctx.replyText(ctx.t('baselineNeedsService'));
    return;
  }
  await ctx.services.store.setBaseline(run.service, run.id, ctx.call.user.name ?? ctx.call.user.id);
  await ctx.replyText(ctx.t('baselineSet', { service: run.service, name: run.name }));
}
