import type { DomainId } from '../config/file.schema.js';
import type { Texts } from './analysis-text.js';
import { cpu, errorRate, latency, memory, throughput } from './key-series.js';
import type { Metrics, PanelSeries } from './metrics.js';
import type { SloResultJson } from './report.types.js';
import { maxIn, meanIn, robustMeanIn } from './signals.js';
import { isLatencyIndicator, type Slo, sloHolds } from './slo-parse.js';
import type { Step, TestMode } from './steps.js';

/** A step counts as reaching an rps target when its throughput is within this share below it. */
export const TARGET_TOLERANCE = 0.03;

/** An SLO's result with what the verdict and domain statuses need. */
export interface SloOutcome extends SloResultJson {
  slo: Slo | null;
  /** The domain whose series the SLO read; null when it read nothing. */
  domain: DomainId | null;
  /** `service` (latency, errors, throughput) decide fail; `resource` (cpu, memory) only risk. */
  kind: 'service' | 'resource';
}

/** What an SLO measured: a value per step and one over the whole window. */
interface Measure {
  series: PanelSeries | null;
  perStep: Array<number | null>;
  whole: number | null;
}

const WHAT: Record<Slo['indicator'], string> = {
  p50: 'p50',
  p90: 'p90',
  p95: 'p95',
  p99: 'p99',
  avg: 'avg latency',
  error_rate: 'error_rate',
  rps: 'throughput',
  cpu: 'cpu',
  memory: 'memory',
};

/** Decimals kept in `actual`, per unit (what a report can show without noise digits). */
const DIGITS: Record<Slo['unit'], number> = { ms: 1, rps: 2, ratio: 6, bytes: 0 };

function rounded(x: number | null, unit: Slo['unit']): number | null {
  if (x === null) return null;
  const k = 10 ** DIGITS[unit];
  return Math.round(x * k) / k;
}

function seriesFor(slo: Slo, m: Metrics): PanelSeries | null {
  if (isLatencyIndicator(slo.indicator)) return latency(m, slo.indicator as 'p50');
  if (slo.indicator === 'error_rate') return errorRate(m);
  if (slo.indicator === 'cpu') return cpu(m);
  if (slo.indicator === 'memory') return memory(m);
  return throughput(m);
}

/**
 * The window an SLO is judged over outside capacity tests: the single plateau of a soak
 * (ramps excluded), else the whole window.
 */
function wholeWindow(steps: Step[], mode: TestMode, m: Metrics): [number, number] {
  const only = steps[0];
  return mode === 'soak' && only ? [only.midFromMs, only.midToMs] : [m.fromMs, m.toMs];
}

function measure(slo: Slo, m: Metrics, steps: Step[], mode: TestMode): Measure {
  const series = seriesFor(slo, m);
  if (!series) return { series, perStep: steps.map(() => null), whole: null };
  const scale = slo.unit === 'ms' ? 1000 : 1;
  const scaled = (x: number | null) => rounded(x === null ? null : x * scale, slo.unit);
  // Memory is judged by its worst point (running out once is enough), the error rate by its
  // plain mean (the share of failed requests), the rest like the steps (robust mean).
  const agg = slo.indicator === 'memory' ? maxIn : slo.indicator === 'error_rate' ? meanIn : robustMeanIn;
  const [a, b] = slo.indicator === 'memory' ? [m.fromMs, m.toMs] : wholeWindow(steps, mode, m);
  return {
    series,
    perStep: steps.map((s) => scaled(agg(series, s.midFromMs, s.midToMs))),
    whole: scaled(agg(series, a, b)),
  };
}

/**
 * Per step: do all latency and error-rate SLOs hold there? null when none could be
 * measured at that step. The peak search uses this.
 */
export function stepSloPasses(slos: Slo[], m: Metrics, steps: Step[], mode: TestMode): Array<boolean | null> {
  const service = slos.filter((s) => isLatencyIndicator(s.indicator) || s.indicator === 'error_rate');
  const measured = service.map((s) => ({ slo: s, m: measure(s, m, steps, mode) }));
  return steps.map((_, i) => {
    let verdict: boolean | null = null;
    for (const { slo, m: x } of measured) {
      const v = x.perStep[i];
      if (v === null || v === undefined) continue;
      if (!sloHolds(slo, v)) return false;
      verdict = true;
    }
    return verdict;
  });
}

/**
 * The step a capacity test is judged at: with an `rps` SLO, the lowest step whose
 * throughput reaches the target (within TARGET_TOLERANCE); otherwise — or when no step
 * reaches it — the highest step applied (largest offered load, else throughput).
 */
export function targetStepIndex(slos: Slo[], steps: Step[]): number | null {
  if (steps.length === 0) return null;
  const target = slos.find((s) => s.indicator === 'rps' && (s.op === '>=' || s.op === '>'));
  if (target) {
    const reaching = steps
      .filter((s) => s.rps !== null && s.rps >= target.value * (1 - TARGET_TOLERANCE))
      .sort((a, b) => (a.load ?? a.rps ?? 0) - (b.load ?? b.rps ?? 0));
    if (reaching[0]) return reaching[0].index;
  }
  let best = steps[0]!;
  for (const s of steps) if ((s.load ?? s.rps ?? 0) >= (best.load ?? best.rps ?? 0)) best = s;
  return best.index;
}

export interface SloEvaluation {
  outcomes: SloOutcome[];
  /** Index of the step latency/error SLOs were judged at (capacity tests). */
  targetIndex: number | null;
  warnings: string[];
}

/**
 * Evaluates SLOs. Capacity tests judge latency, error rate and cpu at the target step
 * (`actual` is the value there; every step's value is in `perStep`); soak and unknown
 * tests judge them over the soak plateau or the whole window (mean). Memory is the
 * maximum over the window. `rps` is the peak sustainable throughput (null when there are
 * no steps; failed when steps exist but none is sustainable). A missing series gives
 * `passed: null` and a warning — never an invented number.
 */
export function evaluateSlos(input: {
  slos: Slo[];
  metrics: Metrics;
  steps: Step[];
  mode: TestMode;
  peakRps: number | null;
  t: Texts;
}): SloEvaluation {
  const { slos, metrics: m, steps, mode, peakRps, t } = input;
  const warnings: string[] = [];
  const capacity = mode === 'capacity' && steps.length > 0;
  const targetIndex = capacity ? targetStepIndex(slos, steps) : null;
  const outcomes = slos.map((slo): SloOutcome => {
    const kind = slo.indicator === 'cpu' || slo.indicator === 'memory' ? 'resource' : 'service';
    const base = { expr: slo.expr, slo, kind, unit: slo.unit } as const;
    const x = measure(slo, m, steps, mode);
    if (!x.series) {
      warnings.push(t('w.slo_no_data', { expr: slo.expr, what: WHAT[slo.indicator] }));
      return { ...base, actual: null, passed: null, domain: null, step: null };
    }
    const domain = x.series.domain;
    if (slo.indicator === 'rps') {
      if (peakRps === null && steps.length === 0) {
        warnings.push(t('w.no_steps'));
        return { ...base, actual: null, passed: null, domain, step: null };
      }
      const actual = rounded(peakRps, 'rps');
      return { ...base, actual, passed: actual === null ? false : sloHolds(slo, actual), domain, step: null };
    }
    const perStep = x.perStep.map((v, i) => ({
      step: i + 1,
      actual: v,
      passed: v === null ? null : sloHolds(slo, v),
    }));
    const useStep = capacity && slo.indicator !== 'memory' && targetIndex !== null;
    const actual = useStep ? (x.perStep[targetIndex] ?? null) : x.whole;
    return {
      ...base,
      actual,
      passed: actual === null ? null : sloHolds(slo, actual),
      domain,
      step: useStep ? targetIndex + 1 : null,
      ...(steps.length > 0 && slo.indicator !== 'memory' ? { perStep } : {}),
    };
  });
  return { outcomes, targetIndex, warnings };
}
