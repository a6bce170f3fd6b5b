import { finiteValues, type LinearFit, linearFit, mean, median } from './stats.js';

/** The two parallel arrays of a series; `Series` from the sources satisfies it. */
export interface TimeSeries {
  /** Epoch milliseconds, ascending. */
  t: number[];
  /** Values; NaN marks a gap. */
  v: number[];
}

/** First index whose timestamp is ≥ `x` (binary search). */
export function lowerBound(t: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Half-open index range [i0, i1) of the points with `fromMs ≤ t ≤ toMs`. */
export function indexRange(t: ArrayLike<number>, fromMs: number, toMs: number): [number, number] {
  return [lowerBound(t, fromMs), lowerBound(t, toMs + 1e-6)];
}

/** Finite values inside [fromMs, toMs]. */
export function valuesIn(s: TimeSeries, fromMs: number, toMs: number): number[] {
  const [i0, i1] = indexRange(s.t, fromMs, toMs);
  return finiteValues(s.v, i0, i1);
}

/** Mean of the finite values inside [fromMs, toMs]; null when none. */
export function meanIn(s: TimeSeries, fromMs: number, toMs: number): number | null {
  return mean(valuesIn(s, fromMs, toMs));
}

/**
 * Mean of the values within 4 robust standard deviations (1.4826 × MAD) of the median:
 * ordinary noise is kept whole, lone spikes and dips (scrape artefacts, a GC hiccup) are not.
 */
export function robustMean(xs: number[]): number | null {
  // Median and MAD from at most ~2000 evenly spread values: as good a centre and spread,
  // without sorting long windows twice.
  const stride = Math.max(1, Math.floor(xs.length / 2000));
  const sample = stride === 1 ? xs : xs.filter((_, i) => i % stride === 0);
  const m = median(sample);
  if (m === null) return null;
  const mad = median(sample.map((x) => Math.abs(x - m))) ?? 0;
  const limit = 4 * 1.4826 * mad + 1e-12 * Math.abs(m);
  return mean(xs.filter((x) => Math.abs(x - m) <= limit));
}

/** `robustMean` of the finite values inside [fromMs, toMs]; null when none. */
export function robustMeanIn(s: TimeSeries, fromMs: number, toMs: number): number | null {
  return robustMean(valuesIn(s, fromMs, toMs));
}

/** Median of the finite values inside [fromMs, toMs]; null when none. */
export function medianIn(s: TimeSeries, fromMs: number, toMs: number): number | null {
  return median(valuesIn(s, fromMs, toMs));
}

/** Largest finite value inside [fromMs, toMs]; null when none. */
export function maxIn(s: TimeSeries, fromMs: number, toMs: number): number | null {
  const xs = valuesIn(s, fromMs, toMs);
  return xs.length === 0 ? null : xs.reduce((a, b) => Math.max(a, b), -Infinity);
}

/** Typical spacing of the timestamps (median difference), or null for < 2 points. */
export function typicalStepMs(t: ArrayLike<number>): number | null {
  if (t.length < 2) return null;
  const n = Math.min(t.length - 1, 2000);
  const diffs: number[] = [];
  for (let i = 1; i <= n; i++) diffs.push(t[i]! - t[i - 1]!);
  const m = median(diffs);
  return m !== null && m > 0 ? m : null;
}

/**
 * Running median over `k` points (k odd), NaN-aware: the window's finite values decide, a
 * window with none stays NaN. Removes spikes and dips shorter than k/2 points while
 * keeping step edges sharp, which a moving average would smear.
 */
export function medianFilter(v: ArrayLike<number>, k: number): number[] {
  const half = Math.max(0, Math.floor(k / 2));
  const out = new Array<number>(v.length);
  // A small insertion-sorted window: far cheaper than Array#sort for k ≤ ~9 on long series.
  const buf = new Float64Array(2 * half + 1);
  for (let i = 0; i < v.length; i++) {
    let n = 0;
    const a = Math.max(0, i - half);
    const b = Math.min(v.length - 1, i + half);
    for (let j = a; j <= b; j++) {
      const x = v[j]!;
      if (!Number.isFinite(x)) continue;
      let p = n++;
      while (p > 0 && buf[p - 1]! > x) {
        buf[p] = buf[p - 1]!;
        p--;
      }
      buf[p] = x;
    }
    if (n === 0) out[i] = Number.NaN;
    else {
      const m = n >> 1;
      out[i] = n % 2 === 1 ? buf[m]! : (buf[m - 1]! + buf[m]!) / 2;
    }
  }
  return out;
}

/** A maximal stretch of points satisfying a predicate. */
export interface Run {
  fromMs: number;
  toMs: number;
  /** Covered time: last − first timestamp plus one sampling step. */
  durationMs: number;
  i0: number;
  /** Inclusive. */
  i1: number;
}

/**
 * Stretches where `pred(i)` holds on every valid point; points for which `valid(i)` is false
 * (gaps) neither extend nor break a run.
 */
export function runsWhere(
  t: ArrayLike<number>,
  stepMs: number,
  valid: (i: number) => boolean,
  pred: (i: number) => boolean,
): Run[] {
  const out: Run[] = [];
  let start = -1;
  let end = -1;
  const close = () => {
    if (start >= 0) {
      out.push({
        fromMs: t[start]!,
        toMs: t[end]!,
        durationMs: t[end]! - t[start]! + stepMs,
        i0: start,
        i1: end,
      });
    }
    start = -1;
  };
  for (let i = 0; i < t.length; i++) {
    if (!valid(i)) continue;
    if (pred(i)) {
      if (start < 0) start = i;
      end = i;
    } else close();
  }
  close();
  return out;
}

/** The longest run, or null. */
export function longestRun(runs: Run[]): Run | null {
  let best: Run | null = null;
  for (const r of runs) if (!best || r.durationMs > best.durationMs) best = r;
  return best;
}

/** How a series moves within a window. */
export interface Growth {
  fit: LinearFit;
  /** Fitted rise across the window, in value units. */
  growth: number;
  /** Largest |value| in the window (scale for a relative rise). */
  scale: number;
}

/** Linear trend of `s` inside [fromMs, toMs]; null with fewer than 3 valid points. */
export function growthIn(s: TimeSeries, fromMs: number, toMs: number): Growth | null {
  const [i0, i1] = indexRange(s.t, fromMs, toMs);
  const fit = linearFit(s.t, s.v, i0, i1);
  if (!fit || fit.n < 3) return null;
  let scale = 0;
  for (let i = i0; i < i1; i++) {
    const x = s.v[i]!;
    if (Number.isFinite(x) && Math.abs(x) > scale) scale = Math.abs(x);
  }
  return { fit, growth: fit.slope * (toMs - fromMs), scale };
}

/**
 * True when `s` rises steadily across [fromMs, toMs]: a good linear fit (r² ≥ `minR2`), a
 * rise of at least `minRelative` of the window's largest value and at least `minAbsolute`.
 * A noisy but level series has a poor fit, and a high but flat one a small relative rise.
 */
export function growsSteadily(
  s: TimeSeries,
  fromMs: number,
  toMs: number,
  opts: { minR2?: number; minRelative?: number; minAbsolute?: number } = {},
): boolean {
  const g = growthIn(s, fromMs, toMs);
  if (!g) return false;
  return (
    g.growth > 0 &&
    g.fit.r2 >= (opts.minR2 ?? 0.6) &&
    g.growth >= (opts.minRelative ?? 0.25) * g.scale &&
    g.growth >= (opts.minAbsolute ?? 0)
  );
}

/**
 * The lower envelope of a sawtooth (a heap between collections): the minimum of each of
 * `buckets` equal time slices of [fromMs, toMs], as a series at the slices' midpoints.
 */
export function lowerEnvelope(s: TimeSeries, fromMs: number, toMs: number, buckets: number): TimeSeries {
  const t: number[] = [];
  const v: number[] = [];
  const width = (toMs - fromMs) / buckets;
  if (!(width > 0)) return { t, v };
  for (let b = 0; b < buckets; b++) {
    const a = fromMs + b * width;
    const xs = valuesIn(s, a, b === buckets - 1 ? toMs : a + width - 1e-6);
    if (xs.length === 0) continue;
    t.push(a + width / 2);
    v.push(xs.reduce((m, x) => Math.min(m, x), Infinity));
  }
  return { t, v };
}

/**
 * Values of `other` at the timestamps of `base` (nearest sample within `maxDistMs`, else
 * NaN), so two panels scraped on slightly different grids can be compared point by point.
 */
export function alignTo(base: ArrayLike<number>, other: TimeSeries, maxDistMs: number): number[] {
  const out = new Array<number>(base.length);
  let j = 0;
  for (let i = 0; i < base.length; i++) {
    const x = base[i]!;
    while (j + 1 < other.t.length && Math.abs(other.t[j + 1]! - x) <= Math.abs(other.t[j]! - x)) j++;
    const d = other.t.length > 0 ? Math.abs(other.t[j]! - x) : Infinity;
    out[i] = d <= maxDistMs ? other.v[j]! : Number.NaN;
  }
  return out;
}
