import { LoadLensError } from '../../core/errors.js';
import type { CommandContext } from '../command-context.js';
import { resolveRun } from '../resolve-run.js';

/**
 * `/note [run] <text>`: appends to the run's engineer summary as a new version. The first
 * word is taken as a run reference only when it resolves to a run; otherwise the whole
 * text is the note for the chat's latest run.
 */
export async function noteCommand(ctx: CommandContext): Promise<void> {
  const text = ctx.call.args.trim();
  if (!text) {
    await ctx.replyText(ctx.t('noteEmpty'));
    return;
  }
  const [first, ...rest] = text.split(/\s+/);
  let run = null;
  let body = text;
  if (rest.length > 0 && first && /^[0-9a-z]{4,}$/i.test(first)) {
    try {
      run = await resolveRun(ctx, first);
      body = text.slice(first.length).trim();
    } catch (err) {
      if (!(err instanceof LoadLensError && err.code === 'NOT_FOUND')) throw err;
    }
  }
  run ??= await resolveRun(ctx, undefined);
  const versions = await ctx.services.store.listSummaryVersions(run.id);
  const previous = versions.at(-1)?.body;
  const author = ctx.call.user.name ?? ctx.call.user.id;
  const saved = await ctx.services.store.addSummaryVersion(
    run.id,
    author,
    previous ? `${previous}\n\n${body}` : body,
  );
  await ctx.replyText(ctx.t('noteSaved', { name: run.name, version: saved.version }));
}
