import type { DomainId } from '../../config/file.schema.js';
import type { Texts } from '../analysis-text.js';
import type { Figure, FindingParam } from '../figure.js';
import { findingTexts } from '../finding-text.js';
import type { Formatter } from '../format.js';
import type { Metrics } from '../metrics.js';
import type { PeakResult } from '../peak.js';
import type { FindingJson, Severity } from '../report.types.js';
import { longestRun, medianFilter, type Run, runsWhere, type TimeSeries } from '../signals.js';
import type { Step, TestMode } from '../steps.js';

export type FindingId =
  | 'db_pool_saturated'
  | 'db_pool_waiting'
  | 'db_scaling'
  | 'cpu_saturation'
  | 'cpu_throttling'
  | 'single_core_bound'
  | 'gc_pause_share'
  | 'heap_leak'
  | 'memory_leak'
  | 'consumer_lag_growing'
  | 'error_burst'
  | 'plateau_errors'
  | 'latency_knee'
  | 'throughput_plateau';

/** A finding with the domain it belongs to and, for saturation, the domain it blames. */
export interface Finding extends FindingJson {
  id: FindingId;
  domain: DomainId;
  severity: Severity;
  /** Saturation of a resource: the bottleneck domain it points at. */
  bottleneck?: DomainId;
  /** Symptoms (latency knee, throughput plateau) explain nothing on their own. */
  symptom?: boolean;
  /**
   * A saturation already in place while throughput still grew by half or more after it
   * began (a host CPU busy with other work from the start): true, but it did not cap the
   * throughput when it began, so it ranks after the other saturations of its severity.
   */
  ambient?: boolean;
  /** Epoch ms of `at`, for ordering. */
  atMs: number | null;
}

/** What every detector reads. */
export interface FindingContext {
  m: Metrics;
  steps: Step[];
  peak: PeakResult;
  mode: TestMode;
  t: Texts;
  f: Formatter;
  /** Shortest stretch that counts as "sustained". */
  sustainMs: number;
}

/**
 * Sustained means at least a minute and at least three samples — or, in a test whose load
 * steps are shorter than a minute (a lab's 15–20 s steps), at least half of a typical step
 * (still three samples): a pool saturated through the last two steps is a bottleneck even
 * when those steps add up to less than a minute.
 */
export function sustainMsFor(
  stepMs: number,
  loadSteps: ReadonlyArray<{ fromMs: number; toMs: number }> = [],
): number {
  const lengths = loadSteps.map((s) => s.toMs - s.fromMs + stepMs).sort((a, b) => a - b);
  const typical = lengths[lengths.length >> 1];
  const base = typical !== undefined && typical < 60_000 ? typical / 2 : 60_000;
  return Math.max(base, 3 * stepMs);
}

/** Severity order, strongest first. */
export const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1 };

/**
 * Builds a finding: typed value and parameters (figures with units and aggregation) that
 * every surface renders per locale at display time, plus the title and evidence in the
 * analysis locale for the JSON contract.
 */
export function makeFinding(
  ctx: FindingContext,
  o: {
    id: FindingId;
    domain: DomainId;
    severity: Severity;
    metric: string;
    atMs: number | null;
    value: Figure | null;
    threshold: number | null;
    params: Record<string, FindingParam>;
    bottleneck?: DomainId;
    symptom?: boolean;
    ambient?: boolean;
  },
): Finding {
  const text = findingTexts(o.id, o.params, ctx.f, ctx.t);
  return {
    id: o.id,
    domain: o.domain,
    severity: o.severity,
    title: text.title,
    metric: o.metric,
    at: o.atMs === null ? null : new Date(o.atMs).toISOString(),
    atMs: o.atMs,
    value: o.value?.value ?? null,
    ...(o.value ? { unit: o.value.unit, ...(o.value.agg ? { agg: o.value.agg } : {}) } : {}),
    threshold: o.threshold,
    evidence: text.evidence,
    params: o.params,
    ...(o.bottleneck ? { bottleneck: o.bottleneck } : {}),
    ...(o.symptom ? { symptom: true } : {}),
    ...(o.ambient ? { ambient: true } : {}),
  };
}

/** A sustained stretch above a threshold, with the highest (smoothed) value inside it. */
export interface Sustained {
  run: Run;
  max: number;
  /** Total time above the threshold, over all runs. */
  totalMs: number;
}

/**
 * The longest stretch where the median-filtered series stays above `threshold`, if it lasts
 * at least `minMs`. The filter keeps single-sample spikes from counting and single-sample
 * dips from breaking a stretch.
 */
export function sustainedAbove(
  s: TimeSeries,
  threshold: number,
  minMs: number,
  stepMs: number,
): Sustained | null {
  const v = medianFilter(s.v, 5);
  const runs = runsWhere(
    s.t,
    stepMs,
    (i) => Number.isFinite(v[i]!),
    (i) => v[i]! > threshold,
  );
  const run = longestRun(runs);
  if (!run || run.durationMs < minMs) return null;
  let max = -Infinity;
  for (let i = run.i0; i <= run.i1; i++) if (Number.isFinite(v[i]!) && v[i]! > max) max = v[i]!;
  return { run, max, totalMs: runs.reduce((a, r) => a + r.durationMs, 0) };
}

// Summaries in both languages and the findings quote the same maxima: compute each once.
const ROBUST_MAX = new WeakMap<TimeSeries, number | null>();

/** Largest value after a 3-point median filter: a "reached up to" that ignores lone spikes. */
export function robustMax(s: TimeSeries): number | null {
  const cached = ROBUST_MAX.get(s);
  if (cached !== undefined) return cached;
  const v = medianFilter(s.v, 3);
  let max = -Infinity;
  for (const x of v) if (Number.isFinite(x) && x > max) max = x;
  const out = max === -Infinity ? null : max;
  ROBUST_MAX.set(s, out);
  return out;
}

/** `domain.panel` of a series, for the finding's `metric`. */
export function metricName(s: { domain: DomainId; panel: string }): string {
  return `${s.domain}.${s.panel}`;
}
