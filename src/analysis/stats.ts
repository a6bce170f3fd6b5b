/**
 * Numeric primitives of the analysis. Every function ignores NaN and ±Infinity, so callers
 * can pass raw series with gaps.
 */

/** Summary statistics of one series. Fields are null when the series has no valid point. */
export interface SeriesStats {
  /** Number of valid (finite) points. */
  count: number;
  mean: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  min: number | null;
  /** The last valid value. */
  last: number | null;
  /** Least-squares slope, in value units per minute. */
  slopePerMin: number | null;
  /**
   * Relative change between the mean of the first and the last tenth of the points:
   * `(last − first) / |first|`; null when the first tenth averages ~0.
   */
  change: number | null;
}

/** The finite values of `v`, in order. */
export function finiteValues(v: ArrayLike<number>, i0 = 0, i1 = v.length): number[] {
  const out: number[] = [];
  for (let i = i0; i < i1; i++) {
    const x = v[i]!;
    if (Number.isFinite(x)) out.push(x);
  }
  return out;
}

/** Arithmetic mean of the finite values; null when there are none. */
export function mean(v: ArrayLike<number>): number | null {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (Number.isFinite(x)) {
      sum += x;
      n++;
    }
  }
  return n === 0 ? null : sum / n;
}

/** Quantile `q` (0..1) of an ascending array, linearly interpolated. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const pos = Math.min(Math.max(q, 0), 1) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo]!;
  return a + (sorted[hi]! - a) * (pos - lo);
}

/** Ascending typed copy of the finite values (typed arrays sort numerically and fast). */
export function sortedFinite(v: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < v.length; i++) if (Number.isFinite(v[i]!)) n++;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (Number.isFinite(x)) out[k++] = x;
  }
  return out.sort();
}

/** Quantile `q` of the finite values. */
export function quantile(v: ArrayLike<number>, q: number): number | null {
  return quantileSorted(sortedFinite(v), q);
}

/** Median of the finite values. */
export function median(v: ArrayLike<number>): number | null {
  return quantile(v, 0.5);
}

/** Coefficient of variation (population stdev / |mean|); null for < 2 points or a ~0 mean. */
export function coefficientOfVariation(v: ArrayLike<number>): number | null {
  const xs = finiteValues(v);
  if (xs.length < 2) return null;
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  if (Math.abs(m) < 1e-12) return null;
  const variance = xs.reduce((a, b) => a + (b - m) * (b - m), 0) / xs.length;
  return Math.sqrt(variance) / Math.abs(m);
}

/** A least-squares line through the valid points. */
export interface LinearFit {
  /** Value units per millisecond. */
  slope: number;
  intercept: number;
  /** Coefficient of determination, 0..1 (0 for a flat line). */
  r2: number;
  n: number;
}

/**
 * Least-squares fit of `v` over `t` for indices [i0, i1). Time is centred on the first
 * point so that epoch-ms magnitudes do not cost precision.
 */
export function linearFit(
  t: ArrayLike<number>,
  v: ArrayLike<number>,
  i0 = 0,
  i1 = Math.min(t.length, v.length),
): LinearFit | null {
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  const t0 = t[i0] ?? 0;
  for (let i = i0; i < i1; i++) {
    const y = v[i]!;
    const x = t[i]! - t0;
    if (!Number.isFinite(y) || !Number.isFinite(x)) continue;
    n++;
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
    syy += y * y;
  }
  if (n < 2) return null;
  const vx = sxx - (sx * sx) / n;
  const vy = syy - (sy * sy) / n;
  const cov = sxy - (sx * sy) / n;
  if (vx <= 0) return null;
  const slope = cov / vx;
  const r2 = vy > 0 ? Math.min(1, (cov * cov) / (vx * vy)) : 0;
  return { slope, intercept: sy / n - slope * (sx / n) - slope * t0, r2, n };
}

/** Mean of the first and last tenth of the valid values, for "grew by X %" statements. */
export function firstLastTenth(v: ArrayLike<number>, count?: number): { first: number; last: number } | null {
  let n = count ?? 0;
  if (count === undefined) for (let i = 0; i < v.length; i++) if (Number.isFinite(v[i]!)) n++;
  if (n < 2) return null;
  const k = Math.max(1, Math.floor(n / 10));
  // Walk in from both ends, so no copy of a long series is made.
  const avgFrom = (start: number, step: number) => {
    let sum = 0;
    let taken = 0;
    for (let i = start; taken < k && i >= 0 && i < v.length; i += step) {
      const x = v[i]!;
      if (Number.isFinite(x)) {
        sum += x;
        taken++;
      }
    }
    return sum / taken;
  };
  return { first: avgFrom(0, 1), last: avgFrom(v.length - 1, -1) };
}

/** Relative change `(b − a) / |a|`, null when `a` is ~0. */
export function relativeChange(a: number, b: number): number | null {
  return Math.abs(a) < 1e-12 ? null : (b - a) / Math.abs(a);
}

/** Statistics of one series (timestamps in ms). Runs in O(n log n). */
export function seriesStats(t: ArrayLike<number>, v: ArrayLike<number>): SeriesStats {
  const sorted = sortedFinite(v);
  const count = sorted.length;
  if (count === 0) {
    return {
      count: 0,
      mean: null,
      p50: null,
      p95: null,
      p99: null,
      max: null,
      min: null,
      last: null,
      slopePerMin: null,
      change: null,
    };
  }
  let last: number | null = null;
  for (let i = v.length - 1; i >= 0; i--) {
    if (Number.isFinite(v[i]!)) {
      last = v[i]!;
      break;
    }
  }
  const fit = linearFit(t, v);
  const tenths = firstLastTenth(v, count);
  return {
    count,
    mean: mean(sorted),
    p50: quantileSorted(sorted, 0.5),
    p95: quantileSorted(sorted, 0.95),
    p99: quantileSorted(sorted, 0.99),
    max: sorted[count - 1]!,
    min: sorted[0]!,
    last,
    slopePerMin: fit ? fit.slope * 60_000 : null,
    change: tenths ? relativeChange(tenths.first, tenths.last) : null,
  };
}
