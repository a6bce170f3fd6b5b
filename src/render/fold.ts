import type { Series, SeriesUnit } from '../sources/series.js';

/** How series folded into one are combined at each timestamp. */
export type FoldMode = 'sum' | 'max';

/**
 * Additive units (throughput, counts, bytes, cores) are summed, so "other" is the true
 * remainder of a total; latencies and ratios are not additive, so "other" shows the worst
 * (max) of the folded series, which is what a reader looking for trouble needs.
 */
export function foldModeFor(unit: SeriesUnit): FoldMode {
  switch (unit) {
    case 'rps':
    case 'count':
    case 'bytes':
    case 'cores':
      return 'sum';
    case 's':
    case 'ms':
    case 'ratio':
    case 'percent':
      return 'max';
  }
}

/** Mean of the finite values, NaN when there are none. */
export function seriesMean(values: readonly number[]): number {
  let sum = 0;
  let n = 0;
  for (const v of values) {
    if (Number.isFinite(v)) {
      sum += v;
      n++;
    }
  }
  return n === 0 ? Number.NaN : sum / n;
}

/** True when a series has at least one finite value. */
export function hasData(series: Series): boolean {
  return series.v.some((v) => Number.isFinite(v));
}

/**
 * Combines series into one over the union of their timestamps; a timestamp where no
 * series has a finite value stays a gap (NaN).
 */
export function combineSeries(series: readonly Series[], mode: FoldMode, id: string, name: string): Series {
  const acc = new Map<number, number>();
  for (const s of series) {
    const n = Math.min(s.t.length, s.v.length);
    for (let i = 0; i < n; i++) {
      const t = s.t[i]!;
      const v = s.v[i]!;
      const prev = acc.get(t);
      if (!Number.isFinite(v)) {
        if (prev === undefined) acc.set(t, Number.NaN);
        continue;
      }
      if (prev === undefined || Number.isNaN(prev)) acc.set(t, v);
      else acc.set(t, mode === 'sum' ? prev + v : Math.max(prev, v));
    }
  }
  const t = [...acc.keys()].sort((a, b) => a - b);
  return { id, name, labels: {}, t, v: t.map((x) => acc.get(x)!) };
}

/** The result of folding: the series shown as they are, and the rest combined. */
export interface Folded {
  kept: Series[];
  other: Series | null;
}

/**
 * Keeps at most `maxLines` lines: when there are more series, the top `maxLines - 1` by
 * mean stay and the rest fold into one `other` series (see {@link foldModeFor}). Series
 * without data are dropped first. Order of the kept series is by mean, largest first.
 */
export function foldSeries(
  series: readonly Series[],
  maxLines: number,
  mode: FoldMode,
  other: { id: string; name: string },
): Folded {
  const withData = series.filter(hasData);
  const ranked = withData
    .map((s) => ({ s, mean: seriesMean(s.v) }))
    .sort((a, b) => b.mean - a.mean)
    .map((x) => x.s);
  const limit = Math.max(1, Math.floor(maxLines));
  if (ranked.length <= limit) return { kept: ranked, other: null };
  const kept = ranked.slice(0, limit - 1);
  const rest = ranked.slice(limit - 1);
  return { kept, other: combineSeries(rest, mode, other.id, other.name) };
}

/**
 * Splits a budget of `total` lines over groups wanting `wants[i]` lines each: every
 * group with data gets at least one, the rest is dealt round-robin to groups that want more.
 */
export function allocateLines(wants: readonly number[], total: number): number[] {
  const out: number[] = wants.map((w) => (w > 0 ? 1 : 0));
  let left = total - out.reduce((a, b) => a + b, 0);
  let progressed = true;
  while (left > 0 && progressed) {
    progressed = false;
    for (let i = 0; i < wants.length && left > 0; i++) {
      if (out[i]! < wants[i]!) {
        out[i]!++;
        left--;
        progressed = true;
      }
    }
  }
  return out;
}
