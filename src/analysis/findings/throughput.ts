import { latency } from '../key-series.js';
import { FOLLOW_SHARE } from '../peak.js';
import type { Step } from '../steps.js';
import { type Finding, type FindingContext, makeFinding } from './common.js';

/** p95 growing by more than this factor between consecutive steps is a knee. */
export const KNEE_FACTOR = 2;
/** Without an offered-load series, throughput growing less than this (relative) is "flat". */
export const FLAT_GROWTH = 0.1;

function flattens(a: Step, b: Step): boolean {
  if (a.rps === null || b.rps === null || a.rps <= 0) return false;
  const thrInc = (b.rps - a.rps) / a.rps;
  if (a.load !== null && b.load !== null && a.load > 0) {
    const loadInc = (b.load - a.load) / a.load;
    return loadInc > 0 && thrInc < FOLLOW_SHARE * loadInc;
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
  const { steps, peak, f } = ctx;
  const out: Finding[] = [];
  const p95 = latency(ctx.m, 'p95');
  for (let i = 1; i < steps.length; i++) {
    const a = steps[i - 1]!;
    const b = steps[i]!;
    if (a.p95Ms === null || b.p95Ms === null || a.p95Ms <= 0) continue;
    const factor = b.p95Ms / a.p95Ms;
    if (factor <= KNEE_FACTOR || !flattens(a, b)) continue;
    out.push(
      makeFinding(ctx, {
        id: 'latency_knee',
        domain: p95?.domain ?? 'http',
        severity: 'high',
        metric: p95 ? `${p95.domain}.${p95.panel}` : 'http.p95',
        atMs: b.fromMs,
        value: factor,
        threshold: KNEE_FACTOR,
        symptom: true,
        params: {
          from: f.ms(a.p95Ms),
          to: f.ms(b.p95Ms),
          factor: f.num(factor),
          a: a.index + 1,
          b: b.index + 1,
          rpsA: f.rps(a.rps ?? 0),
          rpsB: f.rps(b.rps ?? 0),
        },
      }),
    );
    break;
  }
  const j = peak.reasons.indexOf('throughput');
  const ref = j >= 0 ? peak.reference[j] : null;
  if (j >= 0 && ref !== null && ref !== undefined) {
    const a = steps[ref]!;
    const b = steps[j]!;
    const loadInc = (b.load! - a.load!) / a.load!;
    const thrInc = (b.rps! - a.rps!) / a.rps!;
    out.push(
      makeFinding(ctx, {
        id: 'throughput_plateau',
        domain: 'load',
        severity: 'high',
        metric: 'load.users',
        atMs: b.fromMs,
        value: b.rps,
        threshold: null,
        symptom: true,
        params: {
          b: b.index + 1,
          loadInc: (loadInc >= 0 ? '+' : '') + f.pct(loadInc),
          thrInc: (thrInc >= 0 ? '+' : '') + f.pct(thrInc),
          rpsA: f.rps(a.rps!),
          rpsB: f.rps(b.rps!),
        },
      }),
    );
  }
  return out;
}
