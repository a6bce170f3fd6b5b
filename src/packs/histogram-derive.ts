import type { NativeHistogram, NativeSamples } from '../sources/native-histogram.js';
import type { Series } from '../sources/series.js';
import type { RawSeries } from '../sources/series-build.js';
import {
  nativeQuantile,
  nativeShareAbove,
  parseLe,
  sortedBucketQuantile,
  sortedBucketShareAbove,
} from './histogram-quantile.js';
import type { BucketDerivation } from './types.js';

/**
 * Sums native histograms bucket by bucket (routes of one instrumentation share a schema, so
 * their bounds coincide). Returns null when the bounds overlap without coinciding (mixed
 * schemas), which would need re-bucketing: that point becomes NaN rather than a guess.
 */
export function sumNative(hs: readonly NativeHistogram[]): NativeHistogram | null {
  if (hs.length === 1) return hs[0]!;
  const byBounds = new Map<string, { lower: number; upper: number; rule: number; count: number }>();
  let count = 0;
  let sum = 0;
  for (const h of hs) {
    count += h.count;
    sum += h.sum;
    for (const b of h.buckets) {
      const k = `${b.lower}|${b.upper}`;
      const prev = byBounds.get(k);
      if (prev) prev.count += b.count;
      else byBounds.set(k, { lower: b.lower, upper: b.upper, rule: b.boundaryRule, count: b.count });
    }
  }
  const buckets = [...byBounds.values()].sort((a, b) => a.lower - b.lower || a.upper - b.upper);
  for (let i = 1; i < buckets.length; i++) if (buckets[i]!.lower < buckets[i - 1]!.upper) return null;
  return {
    count,
    sum,
    buckets: buckets.map((b) => ({ boundaryRule: b.rule, lower: b.lower, upper: b.upper, count: b.count })),
  };
}

/** One output series' buckets on a dense time × bound grid, shared by every panel of the fetch. */
interface Prepared {
  labels: Record<string, string>;
  t: number[];
  /** Distinct classic bounds, ascending. */
  uppers: number[];
  /** Row-major `t.length × uppers.length` summed bucket rates, and which cells had a sample. */
  counts: Float64Array;
  present: Uint8Array;
  native: Array<NativeHistogram[] | null>;
}

interface Group {
  labels: Record<string, string>;
  classic: Array<{ upper: number; s: Series }>;
  native: NativeSamples[];
}

/** Grouping is shared by the panels of one fetch (p50, p95, p99 read the same aggregate). */
const preparedCache = new WeakMap<readonly Series[], Map<string, Prepared[]>>();

function grid(g: Group): Prepared {
  const uppers = [...new Set(g.classic.map((c) => c.upper))].sort((a, b) => a - b);
  const col = new Map(uppers.map((u, i) => [u, i]));
  const times = new Set<number>();
  for (const c of g.classic) for (const x of c.s.t) times.add(x);
  for (const n of g.native) for (const x of n.t) times.add(x);
  const t = [...times].sort((a, b) => a - b);
  const row = new Map(t.map((x, i) => [x, i]));
  const nb = uppers.length;
  const counts = new Float64Array(t.length * nb);
  const present = new Uint8Array(t.length * nb);
  for (const { upper, s } of g.classic) {
    const j = col.get(upper)!;
    for (let i = 0; i < s.t.length; i++) {
      const cell = row.get(s.t[i]!)! * nb + j;
      // Equal bounds are one bucket: routes summed into the aggregate, or `1` and `1.0`.
      counts[cell]! += s.v[i]!;
      present[cell] = 1;
    }
  }
  const native: Array<NativeHistogram[] | null> = t.map(() => null);
  for (const n of g.native) {
    for (let i = 0; i < n.t.length; i++) {
      const r = row.get(n.t[i]!)!;
      const list = native[r];
      if (list) list.push(n.h[i]!);
      else native[r] = [n.h[i]!];
    }
  }
  return { labels: g.labels, t, uppers, counts, present, native };
}

function prepare(fetched: readonly Series[], route: string | undefined): Prepared[] {
  const key = route ?? '';
  let byRoute = preparedCache.get(fetched);
  const hit = byRoute?.get(key);
  if (hit) return hit;
  const groups = new Map<string, Group>();
  for (const s of fetched) {
    const r = route ? (s.labels[route] ?? '') : '';
    let g = groups.get(r);
    if (!g) {
      g = { labels: route && r !== '' ? { [route]: r } : {}, classic: [], native: [] };
      groups.set(r, g);
    }
    if (s.histograms) g.native.push(s.histograms);
    const le = s.labels.le;
    if (le === undefined) continue;
    const upper = parseLe(le);
    // Prometheus ignores samples whose `le` does not parse.
    if (!Number.isNaN(upper)) g.classic.push({ upper, s });
  }
  const out = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, g]) => grid(g))
    .filter((p) => p.t.length > 0);
  if (!byRoute) {
    byRoute = new Map();
    preparedCache.set(fetched, byRoute);
  }
  byRoute.set(key, out);
  return out;
}

/**
 * Computes one derived panel from the series of a bucket fetch: classic `le` series (already
 * `sum by (le[, route])` on the server) and native-histogram series. The aggregate sums the
 * routes client-side, which equals the server's `sum by (le)` (a sum of sums over the same
 * samples). Each output point is where Prometheus' `histogram_quantile` would have one: a
 * timestamp with any bucket sample (classic buckets win where a series has both). Values are
 * brought to seconds by `divisor`. The grouping is computed once per fetch and route label.
 */
export function deriveFromBuckets(fetched: readonly Series[], d: BucketDerivation): RawSeries[] {
  const divisor = d.divisor ?? 1;
  const value = d.value;
  const nativeValue = (hs: NativeHistogram[]) => {
    const h = sumNative(hs);
    if (!h) return Number.NaN;
    return 'quantile' in value
      ? nativeQuantile(value.quantile, h) / divisor
      : nativeShareAbove(value.shareAboveSec * divisor, h);
  };
  return prepare(fetched, d.byRoute ? d.routeLabel : undefined).map((g) => {
    const nb = g.uppers.length;
    const up = new Float64Array(nb);
    const cnt = new Float64Array(nb);
    const v = g.t.map((_, r) => {
      let n = 0;
      for (let j = 0; j < nb; j++) {
        if (!g.present[r * nb + j]) continue;
        up[n] = g.uppers[j]!;
        cnt[n] = g.counts[r * nb + j]!;
        n++;
      }
      if (n === 0) return nativeValue(g.native[r] ?? []);
      return 'quantile' in value
        ? sortedBucketQuantile(value.quantile, up, cnt, n) / divisor
        : sortedBucketShareAbove(value.shareAboveSec * divisor, up, cnt, n);
    });
    return { labels: { ...g.labels }, t: [...g.t], v };
  });
}
