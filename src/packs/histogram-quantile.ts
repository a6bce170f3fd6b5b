import type { NativeHistogram } from '../sources/native-histogram.js';

/**
 * Quantiles and threshold shares computed client-side from histogram buckets, with the
 * semantics of Prometheus' `histogram_quantile` (promql/quantile.go as of 2.42), so a
 * panel computed here equals the one Prometheus would have computed from the same buckets.
 * Pure functions, no I/O.
 */

/** One classic bucket: its upper bound (`le`) and the cumulative count (or rate) up to it. */
export interface ClassicBucket {
  upper: number;
  count: number;
}

/** Parses an `le` label value as Prometheus does (`+Inf`, `Inf`, decimals); NaN when unreadable. */
export function parseLe(le: string): number {
  const s = le.trim();
  if (s === '+Inf' || s === 'Inf' || s === '+inf' || s === 'inf') return Number.POSITIVE_INFINITY;
  if (s === '-Inf' || s === '-inf') return Number.NEGATIVE_INFINITY;
  if (s === '') return Number.NaN;
  return Number(s);
}

/** Sorts by bound and merges buckets sharing one (`le="1"` and `le="1.0"` are one bucket). */
function coalesced(input: readonly ClassicBucket[]): { uppers: number[]; counts: Float64Array } {
  const sorted = input.filter((x) => !Number.isNaN(x.upper)).sort((a, b) => a.upper - b.upper);
  const uppers: number[] = [];
  const counts: number[] = [];
  for (const b of sorted) {
    const last = uppers.length - 1;
    if (last >= 0 && uppers[last] === b.upper) counts[last]! += b.count;
    else {
      uppers.push(b.upper);
      counts.push(b.count);
    }
  }
  return { uppers, counts: Float64Array.from(counts) };
}

/**
 * Checks the shape and forces monotonic cumulative counts in place: scrapes taken at slightly
 * different moments (or a `rate()` over a counter reset) can break it, and the bucket search
 * needs it, so every count is raised to the largest one below it. False when Prometheus would
 * answer NaN for the shape (no `+Inf` bucket, fewer than two buckets).
 */
function usable(uppers: ArrayLike<number>, counts: Float64Array, n: number): boolean {
  if (n === 0 || uppers[n - 1] !== Number.POSITIVE_INFINITY) return false;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const c = counts[i]!;
    if (c > max) max = c;
    else if (c < max) counts[i] = max;
  }
  return n >= 2;
}

/**
 * `bucketQuantile` over buckets already sorted by bound with distinct bounds: the first `n`
 * entries of `uppers` and `counts` (cumulative). `counts` is used as scratch (made monotonic).
 */
export function sortedBucketQuantile(
  q: number,
  uppers: ArrayLike<number>,
  counts: Float64Array,
  n: number,
): number {
  if (Number.isNaN(q)) return Number.NaN;
  if (q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  if (!usable(uppers, counts, n)) return Number.NaN;
  const observations = counts[n - 1]!;
  if (observations === 0) return Number.NaN;
  let rank = q * observations;
  // First bucket (the +Inf one left out) whose cumulative count reaches the rank.
  const i = searchFirst(n - 1, (k) => counts[k]! >= rank);
  if (i === n - 1) return uppers[n - 2]!;
  if (i === 0 && uppers[0]! <= 0) return uppers[0]!;
  let start = 0;
  let count = counts[i]!;
  if (i > 0) {
    start = uppers[i - 1]!;
    count -= counts[i - 1]!;
    rank -= counts[i - 1]!;
  }
  return start + (uppers[i]! - start) * (rank / count);
}

/**
 * The q-quantile of classic cumulative buckets, as `histogram_quantile`: linear inside the
 * bucket holding the rank; the first bucket starts at 0 when its bound is positive (else its
 * bound is the answer); a rank in the `+Inf` bucket answers the highest finite bound. NaN for
 * q = NaN, no `+Inf` bucket, fewer than two buckets or no observations; -Inf/+Inf for q < 0 / q > 1.
 */
export function bucketQuantile(q: number, input: readonly ClassicBucket[]): number {
  const { uppers, counts } = coalesced(input);
  return sortedBucketQuantile(q, uppers, counts, uppers.length);
}

/** Binary search: the smallest k in [0, n) with pred(k) true, else n (pred is monotone, like Go's sort.Search). */
function searchFirst(n: number, pred: (k: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (!pred(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `bucketShareAbove` over sorted distinct buckets (see `sortedBucketQuantile`). */
export function sortedBucketShareAbove(
  threshold: number,
  uppers: ArrayLike<number>,
  counts: Float64Array,
  n: number,
): number {
  if (Number.isNaN(threshold) || !usable(uppers, counts, n)) return Number.NaN;
  const total = counts[n - 1]!;
  if (total === 0) return Number.NaN;
  let below = 0;
  for (let i = 0; i < n; i++) {
    const upper = uppers[i]!;
    const count = counts[i]!;
    if (threshold >= upper) {
      below = count;
      continue;
    }
    const lower = i === 0 ? Math.min(0, upper) : uppers[i - 1]!;
    const prevCount = i === 0 ? 0 : counts[i - 1]!;
    if (threshold > lower && upper !== Number.POSITIVE_INFINITY) {
      below = prevCount + ((count - prevCount) * (threshold - lower)) / (upper - lower);
    }
    break;
  }
  return Math.max(0, Math.min(1, 1 - below / total));
}

/**
 * Share (0..1) of observations above `threshold`, from classic cumulative buckets, with the
 * same linear-within-a-bucket assumption as `bucketQuantile` (so the share above that
 * function's q-quantile is 1 - q). A threshold in the `+Inf` bucket counts everything
 * there as above it. NaN when there are no observations or the buckets are unusable.
 */
export function bucketShareAbove(threshold: number, input: readonly ClassicBucket[]): number {
  const { uppers, counts } = coalesced(input);
  return sortedBucketShareAbove(threshold, uppers, counts, uppers.length);
}

/**
 * The q-quantile of a native histogram, as Prometheus' `histogramQuantile`: linear inside the
 * bucket holding the rank, walking from the top for q >= 0.5 (for precision), a zero bucket
 * starting at 0 when no negative buckets exist. Same NaN/±Inf rules as `bucketQuantile`.
 */
export function nativeQuantile(q: number, h: NativeHistogram): number {
  if (q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  if (h.count === 0 || Number.isNaN(q) || h.buckets.length === 0) return Number.NaN;
  const forward = Number.isNaN(h.sum) || q < 0.5;
  let rank = forward ? q * h.count : (1 - q) * h.count;
  const order = forward ? h.buckets : [...h.buckets].reverse();
  let count = 0;
  let bucket = order[0]!;
  for (const b of order) {
    bucket = b;
    count += b.count;
    if (count >= rank) break;
  }
  let { lower, upper } = bucket;
  if (lower < 0 && upper > 0) {
    const hasNeg = h.buckets.some((b) => b.upper <= 0 && !(b.lower < 0 && b.upper > 0));
    const hasPos = h.buckets.some((b) => b.lower >= 0 && !(b.lower < 0 && b.upper > 0));
    if (!hasNeg && hasPos) lower = 0;
    else if (!hasPos && hasNeg) upper = 0;
  }
  count = Math.min(count, h.count);
  if (count < rank) return upper;
  rank = forward ? rank - (count - bucket.count) : count - rank;
  return lower + (upper - lower) * (rank / bucket.count);
}

/**
 * Share (0..1) of a native histogram's observations above `threshold`, linear inside the
 * bucket that straddles it (Prometheus' `histogram_fraction(threshold, +Inf, h)`).
 */
export function nativeShareAbove(threshold: number, h: NativeHistogram): number {
  if (h.count === 0 || Number.isNaN(threshold)) return Number.NaN;
  let below = 0;
  const hasNeg = h.buckets.some((b) => b.upper <= 0 && !(b.lower < 0 && b.upper > 0));
  for (const b of h.buckets) {
    const lower = b.lower < 0 && b.upper > 0 && !hasNeg ? 0 : b.lower;
    if (threshold >= b.upper) below += b.count;
    else {
      if (threshold > lower) below += (b.count * (threshold - lower)) / (b.upper - lower);
      break;
    }
  }
  return Math.max(0, Math.min(1, 1 - below / h.count));
}
