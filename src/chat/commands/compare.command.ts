import type { CommandContext } from '../command-context.js';

/** `/compare [runA] [runB]`: wired to the compare job once the compare feature lands. */
export async function compareCommand(ctx: CommandContext): Promise<void> {
  await ctx.replyText(ctx.t('compareUnavailable'));
}
