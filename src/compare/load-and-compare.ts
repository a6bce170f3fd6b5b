import type { Locale } from '../analysis/report.types.js';
import { LoadLensError } from '../core/errors.js';
import type { RunRecord, Store } from '../store/store.js';
import type { CompareOptions, CompareResult, CompareRun } from './compare.types.js';
import { compareRunFromRecord } from './compare-input.js';
import { compareRuns } from './compare-runs.js';
import { summaryLine } from './explain.js';

/** Options of the stored comparisons: those of `compareRuns` plus the warnings' language. */
export type StoredCompareOptions = CompareOptions & { locale?: Locale };

/** A comparison with both runs as compared (the overlay charts need their series). */
export interface StoredComparison {
  result: CompareResult;
  a: CompareRun;
  b: CompareRun;
}

/** A stored run with its series, ready to compare; NOT_FOUND when the id is unknown. */
export async function loadCompareRun(store: Store, runId: string): Promise<CompareRun> {
  const run = await store.getRun(runId);
  if (!run) {
    throw new LoadLensError(
      'NOT_FOUND',
      `run "${runId}" not found; \`loadlens runs\` lists the stored runs`,
      {
        details: { runId },
      },
    );
  }
  return compareRunFromRecord(run, await store.getSeries(run.id));
}

/** Loads two stored runs and compares B with A (reference); keeps the inputs for charts. */
export async function compareStoredPair(
  store: Store,
  runIdA: string,
  runIdB: string,
  opts: StoredCompareOptions = {},
): Promise<StoredComparison> {
  const [a, b] = await Promise.all([loadCompareRun(store, runIdA), loadCompareRun(store, runIdB)]);
  return { result: compareRuns(a, b, opts), a, b };
}

/** Compares stored run B with stored run A (reference). NOT_FOUND for an unknown id. */
export async function compareStoredRuns(
  store: Store,
  runIdA: string,
  runIdB: string,
  opts: StoredCompareOptions = {},
): Promise<CompareResult> {
  return (await compareStoredPair(store, runIdA, runIdB, opts)).result;
}

/**
 * The service's baseline run for `run`, or null: when the run has no service, the service
 * has no baseline, the run is the baseline itself, or the baseline run is gone or invalid.
 */
export async function baselineFor(
  store: Store,
  run: Pick<RunRecord, 'id' | 'service'>,
): Promise<RunRecord | null> {
  if (!run.service) return null;
  const baseline = await store.getBaseline(run.service);
  if (!baseline || baseline.runId === run.id) return null;
  const base = await store.getRun(baseline.runId);
  return base && !base.invalid ? base : null;
}

/**
 * Compares a run with its service's baseline (A = baseline, B = the run) and words the
 * summary as "vs baseline …"; null when there is nothing to compare with (see
 * `baselineFor`). The report pipeline appends `result.summary[locale]` to the run's summary.
 */
export async function compareWithBaseline(
  store: Store,
  run: Pick<RunRecord, 'id' | 'service'>,
  opts: StoredCompareOptions = {},
): Promise<CompareResult | null> {
  return (await compareWithBaselinePair(store, run, opts))?.result ?? null;
}

/** `compareWithBaseline` keeping both inputs, for the "Compare with baseline" button's charts. */
export async function compareWithBaselinePair(
  store: Store,
  run: Pick<RunRecord, 'id' | 'service'>,
  opts: StoredCompareOptions = {},
): Promise<StoredComparison | null> {
  const base = await baselineFor(store, run);
  if (!base) return null;
  const pair = await compareStoredPair(store, base.id, run.id, opts);
  const r = pair.result;
  r.summary = {
    en: summaryLine(r, 'en', { baseline: true }),
    ru: summaryLine(r, 'ru', { baseline: true }),
  };
  return pair;
}
