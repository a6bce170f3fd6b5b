import { EXACT_MAX_N, exactUCounts, type Stratum } from './mann-whitney.js';
import { normalUpperQuantile } from './normal.js';

/** The Hodges-Lehmann shift of B against A with its distribution-free confidence interval. */
export interface ShiftEstimate {
  /** Median of the pairwise differences b − a. */
  shift: number;
  lower: number;
  upper: number;
  /** Confidence of [lower, upper] as requested (the achieved level is at least this, exact case). */
  confidence: number;
  pairs: number;
  method: 'exact' | 'normal';
}

/** Ascending pairwise differences b − a over every stratum (values only meet their own stratum's). */
export function pairwiseDifferences(strata: readonly Stratum[]): Float64Array {
  let total = 0;
  for (const s of strata) total += s.a.length * s.b.length;
  const d = new Float64Array(total);
  let k = 0;
  for (const s of strata) for (const b of s.b) for (const a of s.a) d[k++] = b - a;
  return d.sort();
}

function medianOfSorted(d: Float64Array): number {
  const n = d.length;
  const mid = n >> 1;
  return n % 2 === 1 ? d[mid]! : (d[mid - 1]! + d[mid]!) / 2;
}

/**
 * Order-statistic index k (1-based) of the interval [d(k), d(N−k+1)]: from the exact null
 * distribution of U for one small stratum (R's `qwilcox` rule), else from the normal
 * approximation with the summed (inflated) variances.
 */
function ciIndex(
  strata: readonly Stratum[],
  pairs: number,
  confidence: number,
): { k: number; exact: boolean } {
  const tail = (1 - confidence) / 2;
  const only = strata.length === 1 ? strata[0]! : null;
  if (only && (only.inflation ?? 1) <= 1 && only.a.length + only.b.length <= EXACT_MAX_N) {
    const counts = exactUCounts(only.a.length, only.b.length);
    let total = 0;
    for (const c of counts) total += c;
    let cum = 0;
    let q = 0;
    for (; q < counts.length; q++) {
      cum += counts[q]!;
      if (cum / total >= tail) break;
    }
    return { k: Math.max(1, q), exact: true };
  }
  let variance = 0;
  for (const s of strata) {
    const n = s.a.length + s.b.length;
    variance += ((s.a.length * s.b.length * (n + 1)) / 12) * Math.max(1, s.inflation ?? 1);
  }
  const z = normalUpperQuantile(tail);
  return { k: Math.max(1, Math.floor(pairs / 2 - z * Math.sqrt(variance))), exact: false };
}

/**
 * Hodges-Lehmann estimate of the shift B − A: the median of all pairwise differences
 * (within strata), and the ~`confidence` interval between the k-th smallest and k-th
 * largest difference, k from the null distribution of U. Null when a side is empty.
 */
export function hodgesLehmann(strata: readonly Stratum[], confidence = 0.95): ShiftEstimate | null {
  const used = strata.filter((s) => s.a.length > 0 && s.b.length > 0);
  const d = pairwiseDifferences(used);
  if (d.length === 0) return null;
  const { k, exact } = ciIndex(used, d.length, confidence);
  const kk = Math.min(k, Math.ceil(d.length / 2));
  return {
    shift: medianOfSorted(d),
    lower: d[kk - 1]!,
    upper: d[d.length - kk]!,
    confidence,
    pairs: d.length,
    method: exact ? 'exact' : 'normal',
  };
}
