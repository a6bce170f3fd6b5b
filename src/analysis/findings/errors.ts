import { fig } from '../figure.js';
import { errorRate } from '../key-series.js';
import { medianIn, runsWhere } from '../signals.js';
import { median } from '../stats.js';
import { type Finding, type FindingContext, makeFinding, metricName } from './common.js';

/** A step whose typical (median) error rate exceeds this: critical. */
export const PLATEAU_ERROR_RATE = 0.05;
/** A burst must exceed the rest of the window by this factor… */
export const BURST_FACTOR = 5;
/** …and this absolute error rate. */
export const BURST_MIN_RATE = 0.02;
/** A burst at or above this error rate is high, below it medium. */
export const BURST_HIGH_RATE = 0.1;
/** Bursts are short: at most this share of the window (and never under five minutes). */
export const BURST_MAX_SHARE = 0.25;

/**
 * Errors under load. A step whose median error rate exceeds PLATEAU_ERROR_RATE is critical
 * (the median keeps a short burst inside a step from counting as the step's level). A
 * burst — a short stretch (two samples or more) far above the rest of the window, outside
 * such steps — is high from BURST_HIGH_RATE, else medium.
 */
export function errorFindings(ctx: FindingContext): Finding[] {
  const { m, steps } = ctx;
  const s = errorRate(m);
  if (!s) return [];
  const out: Finding[] = [];
  const bad = steps
    .map((st) => ({ st, level: medianIn(s, st.midFromMs, st.midToMs) }))
    .filter((x) => x.level !== null && x.level > PLATEAU_ERROR_RATE);
  const first = bad[0];
  if (first) {
    out.push(
      makeFinding(ctx, {
        id: 'plateau_errors',
        domain: s.domain,
        severity: 'critical',
        metric: metricName(s),
        atMs: first.st.fromMs,
        // The step's own error rate (the figure the steps table shows); the median only decides.
        value: fig(
          first.st.errorRate ?? first.level!,
          'ratio',
          first.st.errorRate === null ? 'step_median' : 'step_mean',
        ),
        threshold: PLATEAU_ERROR_RATE,
        symptom: true,
        params: {
          value: fig(first.st.errorRate ?? first.level!, 'ratio', 'step_mean'),
          threshold: fig(PLATEAU_ERROR_RATE, 'ratio'),
          step: first.st.index + 1,
          rps: first.st.rps === null ? '—' : fig(first.st.rps, 'rps', 'step_mean'),
        },
      }),
    );
  }
  const base = median(s.v) ?? 0;
  const threshold = Math.max(BURST_MIN_RATE, BURST_FACTOR * base);
  const maxMs = Math.max(5 * 60_000, BURST_MAX_SHARE * (m.toMs - m.fromMs));
  const inBadStep = (a: number, b: number) => bad.some((x) => a <= x.st.toMs && b >= x.st.fromMs);
  const bursts = runsWhere(
    s.t,
    m.stepMs,
    (i) => Number.isFinite(s.v[i]!),
    (i) => s.v[i]! > threshold,
  ).filter((r) => r.i1 > r.i0 && r.durationMs <= maxMs && !inBadStep(r.fromMs, r.toMs));
  let worst: { fromMs: number; durationMs: number; peak: number } | null = null;
  for (const r of bursts) {
    let peak = 0;
    for (let i = r.i0; i <= r.i1; i++) if (s.v[i]! > peak) peak = s.v[i]!;
    if (!worst || peak > worst.peak) worst = { fromMs: r.fromMs, durationMs: r.durationMs, peak };
  }
  if (worst) {
    out.push(
      makeFinding(ctx, {
        id: 'error_burst',
        domain: s.domain,
        severity: worst.peak >= BURST_HIGH_RATE ? 'high' : 'medium',
        metric: metricName(s),
        atMs: worst.fromMs,
        value: fig(worst.peak, 'ratio', 'window_max'),
        threshold,
        params: {
          value: fig(worst.peak, 'ratio', 'window_max'),
          dur: fig(worst.durationMs, 'span'),
          time: fig(worst.fromMs, 'time'),
          base: fig(base, 'ratio', 'window_median'),
        },
      }),
    );
  }
  return out;
}
