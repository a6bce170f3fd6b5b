import type { Narrative } from '../llm/narrative.types.js';

/** One stored generation of a run's narrative. */
export interface StoredNarrative {
  runId: string;
  /** 1, 2, … per run: every regenerate appends a version. */
  version: number;
  narrative: Narrative;
  createdAt: Date;
}

/** What the LLM narratives of a run cost, over all versions. */
export interface NarrativeCost {
  versions: number;
  inputTokens: number;
  outputTokens: number;
  /** USD over the priced versions; null when no version had a known price. */
  costUsd: number | null;
  /** True when some version's price was unknown (its tokens are counted, not its cost). */
  partial: boolean;
}

/**
 * LLM narratives kept with their run, versioned: `saveNarrative` appends, readers take the
 * newest; deleting the run deletes them. Unknown runs are NOT_FOUND.
 */
export interface NarrativeStore {
  saveNarrative(runId: string, narrative: Narrative): Promise<StoredNarrative>;
  /** The newest version, or null when the run has none. */
  getNarrative(runId: string): Promise<StoredNarrative | null>;
  listNarratives(runId: string): Promise<StoredNarrative[]>;
  narrativeCost(runId: string): Promise<NarrativeCost>;
}
