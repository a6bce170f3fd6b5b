import { LoadLensError } from '../core/errors.js';
import type { Narrative } from '../llm/narrative.types.js';
import type { Db } from './db.js';
import type { NarrativeCost, NarrativeStore, StoredNarrative } from './narratives.store.js';
import { jsonParam } from './rows.js';
import { loadQueries } from './sql-files.js';

interface NarrativeRow {
  run_id: string;
  version: number;
  body: Narrative;
  created_at: Date;
}

interface CostRow {
  versions: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number | null;
  unpriced: boolean | null;
}

const toStored = (r: NarrativeRow): StoredNarrative => ({
  runId: r.run_id,
  version: r.version,
  narrative: r.body,
  createdAt: r.created_at,
});

/** SQL implementation of the narrative store. */
export function createNarrativesRepo(db: Db): NarrativeStore {
  const q = loadQueries('narratives', [
    'lock_run',
    'insert_narrative',
    'latest_narrative',
    'list_narratives',
    'run_cost',
  ] as const);

  return {
    /** Appends version max + 1 under a lock on the run row (concurrent regenerates queue up). */
    saveNarrative(runId: string, n: Narrative): Promise<StoredNarrative> {
      return db.tx(async (t) => {
        if ((await t.query(q.lock_run, [runId])).length === 0) {
          throw new LoadLensError('NOT_FOUND', `run ${runId} not found`, { details: { runId } });
        }
        const [row] = await t.query<NarrativeRow>(q.insert_narrative, [
          runId,
          n.status,
          n.provider,
          n.model,
          n.locale,
          Math.round(n.usage.inputTokens),
          Math.round(n.usage.outputTokens),
          n.usage.costUsd,
          jsonParam(n),
        ]);
        return toStored(row!);
      });
    },

    async getNarrative(runId: string): Promise<StoredNarrative | null> {
      const [row] = await db.query<NarrativeRow>(q.latest_narrative, [runId]);
      return row ? toStored(row) : null;
    },

    async listNarratives(runId: string): Promise<StoredNarrative[]> {
      return (await db.query<NarrativeRow>(q.list_narratives, [runId])).map(toStored);
    },

    async narrativeCost(runId: string): Promise<NarrativeCost> {
      const [r] = await db.query<CostRow>(q.run_cost, [runId]);
      return {
        versions: r?.versions ?? 0,
        inputTokens: r?.input_tokens ?? 0,
        outputTokens: r?.output_tokens ?? 0,
        costUsd: r?.cost_usd ?? null,
        partial: r?.unpriced === true && r.cost_usd !== null,
      };
    },
  };
}
