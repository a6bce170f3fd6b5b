import { normalTwoSided } from './normal.js';

/**
 * The Mann-Whitney U test (Wilcoxon rank-sum) of "B is shifted against A", and its
 * stratified form that adds up the statistics of several independent strata (load steps,
 * time blocks) so the load profile never counts as a difference.
 */

/** One stratum: samples of A and B, and the variance inflation for autocorrelation (≥ 1). */
export interface Stratum {
  a: readonly number[];
  b: readonly number[];
  inflation?: number;
}

export interface MannWhitneyResult {
  /** U of B: pairs (a, b) with b > a, ties counting one half. */
  u: number;
  nA: number;
  nB: number;
  /** Mean and variance of U under "no difference" (tie-corrected, inflated). */
  mean: number;
  variance: number;
  /** Normal statistic with continuity correction (sign: B above A is positive); 0 when exact. */
  z: number;
  /** Two-sided p-value. */
  pValue: number;
  method: 'exact' | 'normal';
  /** P(B > A) + ½ P(B = A), 0..1. */
  auc: number;
  /** Cliff's delta = 2·auc − 1: P(B > A) − P(B < A). */
  cliffsDelta: number;
}

/** Largest `nA + nB` for which the exact null distribution is used (counts stay < 2^53). */
export const EXACT_MAX_N = 50;

const exactCache = new Map<string, Float64Array>();

/**
 * Number of orderings of `m` A-values and `n` B-values giving each U = 0..m·n: the
 * coefficients of the Gaussian binomial [m+n choose m]_q, built as ∏ (1 − q^(n+i)) / (1 − q^i).
 */
export function exactUCounts(m: number, n: number): Float64Array {
  const key = m <= n ? `${m}:${n}` : `${n}:${m}`;
  const cached = exactCache.get(key);
  if (cached) return cached;
  const [k, l] = m <= n ? [m, n] : [n, m];
  const size = k * l + 1;
  const c = new Float64Array(size + l + k + 1);
  c[0] = 1;
  let deg = 0;
  for (let i = 1; i <= k; i++) {
    // Multiply by (1 − q^(l+i)): subtract a shifted copy, high degrees first.
    const s = l + i;
    for (let d = deg; d >= 0; d--) c[d + s] = c[d + s]! - c[d]!;
    // Divide by (1 − q^i): a running sum with stride i (the division is exact).
    for (let d = i; d <= deg + s; d++) c[d] = c[d]! + c[d - i]!;
    deg += l;
  }
  const out = c.slice(0, size);
  exactCache.set(key, out);
  return out;
}

/** P(U ≤ u) under the exact null distribution. */
export function exactUCdf(m: number, n: number, u: number): number {
  const counts = exactUCounts(m, n);
  let total = 0;
  let below = 0;
  for (let i = 0; i < counts.length; i++) {
    total += counts[i]!;
    if (i <= u) below += counts[i]!;
  }
  return below / total;
}

/** U of B, the tie-correction term Σ(t³ − t) of the pooled sample, and whether ties occurred. */
export function rankSums(a: readonly number[], b: readonly number[]): { u: number; ties: number } {
  const pooled = new Float64Array(a.length + b.length);
  pooled.set(a, 0);
  pooled.set(b, a.length);
  const order = Array.from({ length: pooled.length }, (_, i) => i).sort((x, y) => pooled[x]! - pooled[y]!);
  let rankSumB = 0;
  let ties = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && pooled[order[j + 1]!] === pooled[order[i]!]) j++;
    const midRank = (i + j) / 2 + 1;
    const t = j - i + 1;
    if (t > 1) ties += t * t * t - t;
    for (let k = i; k <= j; k++) if (order[k]! >= a.length) rankSumB += midRank;
    i = j + 1;
  }
  return { u: rankSumB - (b.length * (b.length + 1)) / 2, ties };
}

interface Moments {
  u: number;
  mean: number;
  variance: number;
  pairs: number;
  ties: number;
}

function moments(s: Stratum): Moments {
  const nA = s.a.length;
  const nB = s.b.length;
  const n = nA + nB;
  const { u, ties } = rankSums(s.a, s.b);
  const tieTerm = n > 1 ? ties / (n * (n - 1)) : 0;
  const variance = ((nA * nB) / 12) * (n + 1 - tieTerm) * Math.max(1, s.inflation ?? 1);
  return { u, mean: (nA * nB) / 2, variance, pairs: nA * nB, ties };
}

function finish(m: Omit<Moments, 'ties'>, nA: number, nB: number, exact: number | null): MannWhitneyResult {
  const auc = m.pairs > 0 ? m.u / m.pairs : 0.5;
  const dev = m.u - m.mean;
  const z =
    exact !== null || m.variance <= 0
      ? 0
      : (Math.sign(dev) * Math.max(0, Math.abs(dev) - 0.5)) / Math.sqrt(m.variance);
  const pValue = exact ?? (m.variance > 0 ? normalTwoSided(z) : 1);
  return {
    u: m.u,
    nA,
    nB,
    mean: m.mean,
    variance: m.variance,
    z,
    pValue,
    method: exact === null ? 'normal' : 'exact',
    auc,
    cliffsDelta: 2 * auc - 1,
  };
}

/**
 * Two-sided Mann-Whitney test of B against A. Exact for small samples without ties and
 * without autocorrelation inflation (nA + nB ≤ EXACT_MAX_N); otherwise the normal
 * approximation with tie correction and continuity correction, its variance multiplied by
 * `inflation` (the effective-sample-size correction for autocorrelated samples).
 */
export function mannWhitney(a: readonly number[], b: readonly number[], inflation = 1): MannWhitneyResult {
  if (a.length === 0 || b.length === 0) {
    throw new RangeError('Mann-Whitney needs at least one value on each side');
  }
  const m = moments({ a, b, inflation });
  const exactOk = m.ties === 0 && inflation <= 1 && a.length + b.length <= EXACT_MAX_N;
  let exact: number | null = null;
  if (exactOk) {
    // The null distribution is symmetric: double the smaller tail.
    const lower = Math.min(m.u, m.pairs - m.u);
    exact = Math.min(1, 2 * exactUCdf(a.length, b.length, Math.floor(lower + 1e-9)));
  }
  return finish(m, a.length, b.length, exact);
}

/**
 * Stratified test: the U statistics of independent strata summed, with their means and
 * variances, into one normal statistic (continuity-corrected). With one stratum it is
 * `mannWhitney` in its normal form. Strata with an empty side are left out.
 */
export function stratifiedMannWhitney(strata: readonly Stratum[]): MannWhitneyResult | null {
  const used = strata.filter((s) => s.a.length > 0 && s.b.length > 0);
  if (used.length === 0) return null;
  if (used.length === 1) return mannWhitney(used[0]!.a, used[0]!.b, used[0]!.inflation ?? 1);
  const total: Omit<Moments, 'ties'> = { u: 0, mean: 0, variance: 0, pairs: 0 };
  let nA = 0;
  let nB = 0;
  for (const s of used) {
    const m = moments(s);
    total.u += m.u;
    total.mean += m.mean;
    total.variance += m.variance;
    total.pairs += m.pairs;
    nA += s.a.length;
    nB += s.b.length;
  }
  return finish(total, nA, nB, null);
}
