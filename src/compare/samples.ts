import type { TimeSeries } from '../analysis/signals.js';
import { valuesIn } from '../analysis/signals.js';

/**
 * Per-interval samples for the rank tests. Scrapes 15 s apart are autocorrelated (a slow
 * query, a GC cycle or a cache warm-up spans several of them), which makes a naive test
 * see "significant" differences between two identical runs. Samples are kept at the
 * scrape resolution (long windows averaged in blocks) and the test's variance is
 * inflated by the effective-sample-size factor n / n_eff of the series instead.
 */

/** Largest variance factor used (an AR(1) with ρ = 0.95): beyond it nothing could ever be significant. */
export const MAX_INFLATION = 39;

/** The finite values of `s` inside [fromMs, toMs], averaged in consecutive blocks down to `maxSamples`. */
export function windowSamples(s: TimeSeries, fromMs: number, toMs: number, maxSamples: number): number[] {
  const xs = valuesIn(s, fromMs, toMs);
  if (xs.length <= maxSamples) return xs;
  const size = Math.ceil(xs.length / maxSamples);
  const out: number[] = [];
  for (let i = 0; i < xs.length; i += size) {
    const block = xs.slice(i, i + size);
    out.push(block.reduce((a, b) => a + b, 0) / block.length);
  }
  return out;
}

/** Mid-ranks (1-based, ties averaged) of `xs`, in the original order. */
export function midRanks(xs: readonly number[]): number[] {
  const order = xs.map((_, i) => i).sort((i, j) => xs[i]! - xs[j]!);
  const ranks = new Array<number>(xs.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && xs[order[j + 1]!] === xs[order[i]!]) j++;
    for (let k = i; k <= j; k++) ranks[order[k]!] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return ranks;
}

/** Lag-1 and lag-2 autocorrelations of a series, the mean window length and the points they came from. */
export interface Autocorrelation {
  r1: number;
  r2: number;
  n: number;
  points: number;
}

/**
 * Lag-1 and lag-2 autocorrelations of the ranks of a series, pooled over several windows
 * (each ranked within itself, so level differences between windows do not count) and
 * corrected for the downward small-sample bias of the estimator (Marriott-Pope:
 * E[r] ≈ ρ − (1 + 3ρ)/n). Ranks, because U's variance depends on how the ranks cluster,
 * and one latency spike would otherwise dominate the sum of squares and hide the
 * dependence. Pooled, because 20-odd points of one load step give estimates too noisy to
 * trust, while the noise structure belongs to the metric, not to the step.
 */
export function pooledAutocorrelation(windows: ReadonlyArray<readonly number[]>): Autocorrelation {
  let den = 0;
  let num1 = 0;
  let num2 = 0;
  let points = 0;
  let used = 0;
  for (const w of windows) {
    const n = w.length;
    if (n < 4) continue;
    const xs = midRanks(w);
    const m = (n + 1) / 2;
    for (let i = 0; i < n; i++) {
      const d = xs[i]! - m;
      den += d * d;
      if (i + 1 < n) num1 += d * (xs[i + 1]! - m);
      if (i + 2 < n) num2 += d * (xs[i + 2]! - m);
    }
    points += n;
    used++;
  }
  if (used === 0 || !(den > 0)) return { r1: 0, r2: 0, n: 0, points: 0 };
  const n = points / used;
  const fix = (r: number) => (n > 5 ? (r * n + 1) / (n - 3) : r);
  return { r1: fix(num1 / den), r2: fix(num2 / den), n, points };
}

/**
 * Variance factor n / n_eff = 1 + 2 Σ ρ_k, with ρ_k = r1 · φ^(k−1): the autocorrelations of
 * an ARMA(1,1), i.e. of a slow AR(1) drift under white scrape noise, which is what metrics
 * look like — with white noise on top, the lag-1 autocorrelation alone would understate a
 * slow drift several times. φ = r2 / r1 (never below r1, which gives the plain AR(1) factor
 * (1 + ρ)/(1 − ρ)), but only when both lags are clearly positive (over two standard errors,
 * 1/√points): a ratio of two noisy near-zero estimates would invent a drift. 1 when r1 ≤ 0.
 */
export function varianceFactor(ac: Autocorrelation): number {
  const r1 = Math.min(0.99, ac.r1);
  if (!(r1 > 0)) return 1;
  const clear = 2 / Math.sqrt(Math.max(1, ac.points));
  const phi = r1 > clear && ac.r2 > clear ? Math.min(0.95, Math.max(r1, ac.r2 / r1)) : r1;
  return Math.min(MAX_INFLATION, 1 + (2 * r1) / (1 - phi));
}

/**
 * Inflation of the variance of U for two autocorrelated samples of sizes nA and nB with
 * variance factors fA and fB: U's variance has one part from each sample's dependence,
 * weighted nB : nA, so each part gets its own factor.
 */
export function pairInflation(fA: number, fB: number, nA: number, nB: number): number {
  const n = nA + nB;
  return n === 0 ? 1 : (nB * fA + nA * fB) / n;
}
