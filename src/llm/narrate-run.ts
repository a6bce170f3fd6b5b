import type { SeriesStatsEntry } from '../analysis/analyse.js';
import type { Locale } from '../analysis/report.types.js';
import { seriesStats } from '../analysis/stats.js';
import type { Env } from '../config/env.schema.js';
import { LoadLensError } from '../core/errors.js';
import type { SeriesUnit } from '../sources/series.js';
import type { StoredNarrative } from '../store/narratives.store.js';
import type { Store, StoredSeries } from '../store/store.js';
import type { BaselineInput } from './context-pack.js';
import { type NarrateDeps, type NarrateInput, type NarrateOptions, narrate } from './narrate.js';

/** The narrative options the environment sets (LLM_TIMEOUT_MS, LLM_MAX_*_TOKENS, LLM_CONCURRENCY). */
export function narrateOptionsFromEnv(
  env: Pick<Env, 'LLM_TIMEOUT_MS' | 'LLM_MAX_CONTEXT_TOKENS' | 'LLM_MAX_OUTPUT_TOKENS' | 'LLM_CONCURRENCY'>,
): NarrateOptions {
  return {
    timeoutMs: env.LLM_TIMEOUT_MS,
    maxContextTokens: env.LLM_MAX_CONTEXT_TOKENS,
    maxOutputTokens: env.LLM_MAX_OUTPUT_TOKENS,
    concurrency: env.LLM_CONCURRENCY,
  };
}

/**
 * Per-series statistics of stored series, in the analysis' normalised units (ms → s,
 * percent → ratio), for runs whose AnalysisResult is gone (regenerate, baselines).
 */
export function statsFromStoredSeries(series: StoredSeries[]): SeriesStatsEntry[] {
  return series.map((s) => {
    const scale = s.unit === 'ms' ? 0.001 : s.unit === 'percent' ? 0.01 : 1;
    const unit = (s.unit === 'ms' ? 's' : s.unit === 'percent' ? 'ratio' : s.unit) as SeriesUnit;
    // Negative values are counter artefacts to the analysis too (see metrics.ts).
    const v = s.v.map((x) => (Number.isFinite(x) && x >= 0 ? x * scale : Number.NaN));
    // The stored key is `<domain>.<panel>.<series id>`; the series id is what stats use.
    const prefix = `${s.domain}.${s.panel}.`;
    const seriesId = s.key.startsWith(prefix) ? s.key.slice(prefix.length) : s.key;
    return { domain: s.domain, panel: s.panel, seriesId, name: s.name, unit, stats: seriesStats(s.t, v) };
  });
}

/**
 * The service's baseline run as narrative input, unless it is `runId` itself, missing, or
 * unreadable (a narrative without a baseline is still a narrative).
 */
export async function loadBaseline(
  store: Store,
  service: string | null,
  runId: string,
): Promise<BaselineInput | undefined> {
  if (!service) return undefined;
  try {
    const b = await store.getBaseline(service);
    if (!b || b.runId === runId) return undefined;
    const run = await store.getRun(b.runId);
    if (!run) return undefined;
    return { runId: run.id, report: run.report, stats: statsFromStoredSeries(await store.getSeries(run.id)) };
  } catch {
    return undefined;
  }
}

/**
 * Narrates and stores the result as a new version. Resolves within about
 * `opts.timeoutMs` plus one store write; only the write can throw (STORE_ERROR, NOT_FOUND).
 *
 * Wiring: after `runReport` has delivered the deterministic report, call
 * `narrateAndSave(deps, store, { report, analysis, locale, tz, prompts, baseline }, opts)`
 * without awaiting it before delivery; then edit the chat message / fill the web section /
 * set the CLI JSON `llm` field from the returned narrative.
 */
export async function narrateAndSave(
  deps: NarrateDeps,
  store: Store,
  input: NarrateInput,
  opts: NarrateOptions,
): Promise<StoredNarrative> {
  const narrative = await narrate(deps, input, opts);
  return store.narratives.saveNarrative(input.report.runId, narrative);
}

export interface RegenerateOptions extends NarrateOptions {
  /** Default: the locale the run was reported in. */
  locale?: Locale;
  tz?: string;
  /** The service's prompt overrides (`services.<name>.prompts`). */
  overrides?: Record<string, string>;
}

/**
 * The "regenerate" action of the chat and web buttons: reloads the run (report, stored
 * series, the service's baseline), narrates it again and saves a new version. Throws
 * NOT_FOUND for an unknown run; the narrative itself never throws.
 */
export async function regenerateNarrative(
  deps: NarrateDeps,
  store: Store,
  runId: string,
  opts: RegenerateOptions,
): Promise<StoredNarrative> {
  const run = await store.getRun(runId);
  if (!run) throw new LoadLensError('NOT_FOUND', `run ${runId} not found`, { details: { runId } });
  const locale = opts.locale ?? run.report.locale ?? 'en';
  const [series, baseline] = await Promise.all([
    store.getSeries(runId),
    loadBaseline(store, run.service, runId),
  ]);
  return narrateAndSave(
    deps,
    store,
    {
      report: run.report,
      analysis: { stats: statsFromStoredSeries(series) },
      locale,
      ...(opts.tz ? { tz: opts.tz } : {}),
      ...(opts.overrides ? { promptOverrides: opts.overrides } : {}),
      ...(baseline ? { baseline } : {}),
    },
    opts,
  );
}
