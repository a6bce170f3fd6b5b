import type { Locale } from '../analysis/report.types.js';
import type { DomainId } from '../config/file.schema.js';
import type { StoredSeries } from '../store/store.js';

/** The four answers to "is it worse than last time?". */
export type CompareVerdict = 'regression' | 'improvement' | 'no_change' | 'insufficient_data';

/** Whether a change is bad, good or neither for the metric (see `metric-direction.ts`). */
export type ChangeDirection = 'worse' | 'better' | 'same';

/** One load step of a run, as the comparison needs it. Times are epoch ms. */
export interface CompareStep {
  fromMs: number;
  toMs: number;
  /** Offered load (virtual users), null when the run had no offered-load series. */
  load: number | null;
  /** Served throughput on the step, rps. */
  rps: number | null;
}

/** A stored run reduced to what `compareRuns` reads: its window, its steps and its series. */
export interface CompareRun {
  id: string;
  name: string;
  service: string | null;
  fromMs: number;
  toMs: number;
  steps: CompareStep[];
  peakRps: number | null;
  series: StoredSeries[];
}

/** A window of run A matched with a window of run B. */
export interface AlignedWindow {
  a: { fromMs: number; toMs: number };
  b: { fromMs: number; toMs: number };
}

/**
 * A unit of comparison: one aligned load step (step alignment), all steps together, or the
 * whole overlap (offset alignment). Its windows are the strata of the rank test: values are
 * only ever ranked against values of the same stratum, so the load profile itself never
 * shows up as a difference.
 */
export interface CompareSegment {
  /** `step:<i>` (0-based index into the aligned steps), `all` or `whole`. */
  id: string;
  kind: 'step' | 'all' | 'whole';
  /** Served throughput of run A on the step (labels read "at 200 rps"); null for `all`/`whole`. */
  rps: number | null;
  /** Load level the steps were matched on (A and B). */
  levelA: number | null;
  levelB: number | null;
  windows: AlignedWindow[];
}

/** How the two runs were put side by side. */
export interface Alignment {
  /** `steps`: plateau with plateau at the same load level; `offset`: by time since the load started. */
  mode: 'steps' | 'offset';
  /** What the step levels were matched on. */
  levelBy: 'load' | 'rps' | null;
  segments: CompareSegment[];
  /** Steps (indices into each run's steps) that found no partner. */
  unmatchedA: number[];
  unmatchedB: number[];
  /** Offset alignment: when the load started in each run, and how long both ran. */
  startA?: number;
  startB?: number;
  overlapMs?: number;
}

/** The five summary statistics of a series over a segment, in normalised units. */
export interface StatSet {
  p50: number | null;
  p95: number | null;
  p99: number | null;
  mean: number | null;
  max: number | null;
}

export type StatName = keyof StatSet;

/**
 * One row of the `changes` list (the JSON contract: `domain` … `direction`), plus extras.
 * Values are in normalised units: seconds, ratios 0..1, rps, bytes.
 */
export interface Change {
  domain: DomainId;
  /** Panel id, e.g. `p95`, `rps`, `error_rate`. */
  metric: string;
  /** Series name; `all` for a panel folded over its series. */
  series: string;
  /** The statistic `a`, `b` and `deltaPct` refer to: `p50` (typical interval) or `mean` for errors. */
  stat: StatName;
  a: number;
  b: number;
  /** `(b − a) / |a|` in %; relative to the absolute floor when `a` is ~0. */
  deltaPct: number;
  /**
   * Two-sided p-value (not adjusted): Mann-Whitney; on the all-steps row the smaller of it and
   * the step-level shift test, doubled (`step-shift.ts`). Null when there were too few samples.
   */
  pValue: number | null;
  /** Statistically significant after the multiple-comparison correction and clear of both floors. */
  significant: boolean;
  direction: ChangeDirection;

  // Extras beyond the contract.
  /** Stored series key in run A (or `domain.panel` for a folded panel). */
  seriesKey: string;
  segment: string;
  /** Served throughput of the step in A, for "at 200 rps". */
  atRps: number | null;
  unit: string;
  /** Counts for the verdict (throughput, server and load-tool latency p95/p99/mean, error rate, saturation). */
  keyMetric: boolean;
  /** The row of the whole panel (folded over its series, or its only series). */
  panelLevel: boolean;
  /** Hodges-Lehmann shift B − A with its confidence interval. */
  shift: number | null;
  shiftCi: [number, number] | null;
  /** Cliff's delta: P(B > A) − P(B < A), −1..1. */
  effect: number | null;
  /**
   * p-value after the weighted Bonferroni correction over the row's family (key or all rows;
   * all-steps and per-step rows share the budget half and half, see `verdict.ts`).
   */
  pAdjusted: number | null;
  /** Variance inflation applied for autocorrelated samples (1 = none). */
  inflation: number | null;
  samples: { a: number; b: number };
  /**
   * The floors the change was held to: absolute (in the metric's unit) and relative (share
   * of A). `clearsEffect` covers the relative and the standardised (Cliff's delta) floor.
   */
  floors: { absolute: number; relative: number; clearsAbsolute: boolean; clearsEffect: boolean };
  /** Which way the value moved, whatever that means for the metric. */
  moved: 'up' | 'down' | 'none';
  /** Ranking score: relative size of the shift. */
  score: number;
  /** The change in one line. */
  text: Record<Locale, string>;
}

/** All five statistics of one series on one segment, for the full table. */
export interface SeriesStatsRow {
  domain: DomainId;
  metric: string;
  series: string;
  segment: string;
  unit: string;
  a: StatSet;
  b: StatSet;
  /** Delta in % per statistic, null when A is ~0 or either side is missing. */
  deltaPct: Record<StatName, number | null>;
}

/** Thresholds below which a change is noise, whatever its p-value. */
export interface CompareFloors {
  /** Absolute floor of a latency (seconds). */
  latencySec: number;
  /** Absolute floor of an error ratio (0..1). */
  errorRatio: number;
  /** Absolute floor of other ratios: CPU, GC share, throttling (0..1). */
  ratio: number;
  rps: number;
  bytes: number;
  count: number;
  cores: number;
}

/** Options of `compareRuns`; every field has a default. */
export interface CompareOptions {
  /** Family-wise error rate of the significance tests (Bonferroni). Default 0.01. */
  alpha?: number;
  /** Relative effect floor: |change| ≥ this share of A's level. Default 0.05. */
  minRelativeChange?: number;
  /** Standardised effect floor: |Cliff's delta| ≥ this. Default 0.33. */
  minEffect?: number;
  floors?: Partial<CompareFloors>;
  /** Steps match when their load levels differ by at most this share. Default 0.1. */
  stepTolerance?: number;
  /** Stratum length of the offset alignment, ms. Default 5 min. */
  blockMs?: number;
  /** Samples per side and stratum above which values are averaged in blocks. Default 240. */
  maxSamples?: number;
  /** Fewer valid samples on either side and no test is made. Default 5. */
  minSamples?: number;
  /** Confidence of the Hodges-Lehmann interval. Default 0.95. */
  confidence?: number;
  /** How many top changes to keep. Default 5. */
  top?: number;
}

/** Summary of one run inside a result. */
export interface CompareRunInfo {
  id: string;
  name: string;
  service: string | null;
  from: string;
  to: string;
  peakRps: number | null;
}

/** The result of comparing run A (reference) with run B (candidate). */
export interface CompareResult {
  a: string;
  b: string;
  verdict: CompareVerdict;
  /** Every compared row, ranked: significant first, then by the size of the change. */
  changes: Change[];

  // Extras beyond the contract.
  runs: { a: CompareRunInfo; b: CompareRunInfo };
  alignment: Alignment;
  /** The top significant changes, one per series (its largest segment), ranked by effect. */
  top: Change[];
  /** Key-metric rows that were tested, and how many of them changed significantly. */
  keyTested: number;
  keyChanged: number;
  /** Peak sustainable throughput of each run (from the reports), and its change in %. */
  peak: { a: number | null; b: number | null; deltaPct: number | null };
  table: SeriesStatsRow[];
  warnings: string[];
  /** One line for a report summary: the verdict and the top change. */
  summary: Record<Locale, string>;
  /** The effective options. */
  settings: Required<Omit<CompareOptions, 'floors'>> & { floors: CompareFloors };
}
