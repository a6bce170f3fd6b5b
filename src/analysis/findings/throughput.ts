import { fig } from '../figure.js';
import { latency, throughput } from '../key-series.js';
import { followThreshold } from '../peak.js';
import type { Step } from '../steps.js';
import { type Finding, type FindingContext, makeFinding, metricName } from './common.js';

/** p95 growing by more than this factor between consecutive steps is a knee. */
export const KNEE_FACTOR = 2;
/** Without an offered-load series, throughput growing less than this (relative) is "flat". */
export const FLAT_GROWTH = 0.1;

function flattens(a: Step, b: Step, concurrencyLoad: boolean): boolean {
  if (a.rps === null || b.rps === null || a.rps <= 0) return false;
  const thrInc = (b.rps - a.rps) / a.rps;
  if (a.load !== null && b.load !== null && a.load > 0) {
    const loadInc = (b.load - a.load) / a.load;
    return loadInc > 0 && thrInc < followThreshold(loadInc, concurrencyLoad);
  }
  return thrInc < FLAT_GROWTH;
}

/**
 * Symptoms of reaching capacity, shown where they are seen (http or load): a latency knee
 * (p95 more than KNEE_FACTOR× the previous step's while throughput flattens: high) and
 * throughput no longer following the offered load (high). They blame no
 * domain; the bottleneck falls back to http only when no saturation explains them.
 */
export function throughputFindings(ctx: FindingContext): Finding[] {
  const { steps, peak } = ctx;
  const out: Finding[] = [];
  const p95 = latency(ctx.m, 'p95');
  const thr = throughput(ctx.m);
  for (let i = 1; i < steps.length; i++) {
    const a = steps[i - 1]!;
    const b = steps[i]!;
    if (a.p95Ms === null || b.p95Ms === null || a.p95Ms <= 0) continue;
    const factor = b.p95Ms / a.p95Ms;
    if (factor <= KNEE_FACTOR || !flattens(a, b, peak.concurrencyLoad)) continue;
    out.push(
      makeFinding(ctx, {
        id: 'latency_knee',
        domain: p95?.domain ?? 'http',
        severity: 'high',
        metric: p95 ? `${p95.domain}.${p95.panel}` : 'http.p95',
        atMs: b.fromMs,
        value: fig(factor, 'factor', 'step_mean'),
        threshold: KNEE_FACTOR,
        symptom: true,
        params: {
          from: fig(a.p95Ms, 'ms', 'step_mean'),
          to: fig(b.p95Ms, 'ms', 'step_mean'),
          factor: fig(factor, 'factor'),
          a: a.index + 1,
          b: b.index + 1,
          rpsA: fig(a.rps ?? 0, 'rps', 'step_mean'),
          rpsB: fig(b.rps ?? 0, 'rps', 'step_mean'),
        },
      }),
    );
    break;
  }
  const j = peak.reasons.indexOf('throughput');
  const ref = j >= 0 ? peak.reference[j] : null;
  // Only with offered load: without it (steps cut from the server's levels) there is no
  // load increase to compare the throughput with.
  if (j >= 0 && ref !== null && ref !== undefined && steps[j]!.load !== null && steps[ref]!.load !== null) {
    const a = steps[ref]!;
    const b = steps[j]!;
    const loadInc = (b.load! - a.load!) / a.load!;
    const thrInc = (b.rps! - a.rps!) / a.rps!;
    // A database driven directly (pgbench: its transactions are the throughput, its
    // connections the load) that stops following its clients is itself the bottleneck.
    const db = thr?.domain === 'database';
    out.push(
      makeFinding(ctx, {
        id: 'throughput_plateau',
        domain: db ? 'database' : 'load',
        severity: 'high',
        ...(db ? { bottleneck: 'database' as const } : {}),
        // The value is the step's throughput, so the metric is the throughput series.
        metric: thr ? metricName(thr) : 'load.rps',
        atMs: b.fromMs,
        value: fig(b.rps!, 'rps', 'step_mean'),
        threshold: null,
        symptom: !db,
        params: {
          b: b.index + 1,
          loadInc: fig(loadInc, 'ratio', 'change', true),
          thrInc: fig(thrInc, 'ratio', 'change', true),
          rpsA: fig(a.rps!, 'rps', 'step_mean'),
          rpsB: fig(b.rps!, 'rps', 'step_mean'),
        },
      }),
    );
  }
  return out;
}
