import { LoadLensError } from '../core/errors.js';
import type { RunRecord } from '../store/store.js';
import type { CommandContext } from './command-context.js';

/** Short form of a run id shown in chat: its last 6 characters (the random part of a ULID). */
export function shortRunId(id: string): string {
  return id.slice(-6);
}

/**
 * Finds a run by full id, by its short form (a unique suffix of 4+ characters), or, with
 * no reference, the latest run of the chat's service (any service when none is bound).
 */
export async function resolveRun(ctx: CommandContext, ref: string | undefined): Promise<RunRecord> {
  const store = ctx.services.store;
  if (!ref || ref === 'latest' || ref === 'last') {
    const run = await store.latestRun(ctx.settings.service ?? null);
    if (!run) throw new LoadLensError('NOT_FOUND', 'no runs yet', { details: { run: ref ?? 'latest' } });
    return run;
  }
  const exact = await store.getRun(ref);
  if (exact) return exact;
  if (ref.length >= 4) {
    const recent = await store.listRuns({ limit: 500 });
    const hits = recent.filter((r) => r.id.toLowerCase().endsWith(ref.toLowerCase()));
    if (hits.length === 1 && hits[0]) return hits[0];
  }
  throw new LoadLensError('NOT_FOUND', `no run ${ref}`, { details: { run: ref } });
}
