import type { NativeHistogram, NativeSamples } from '../sources/native-histogram.js';
import type { Series } from '../sources/series.js';
import type { RawSeries } from '../sources/series-build.js';
import {
  bucketQuantile,
  bucketShareAbove,
  type ClassicBucket,
  nativeQuantile,
  nativeShareAbove,
  parseLe,
} from './histogram-quantile.js';
import type { BucketDerivation } from './types.js';

/** Per timestamp, the classic buckets and native histograms of one output series. */
interface Group {
  labels: Record<string, string>;
  classic: Map<number, ClassicBucket[]>;
  native: Map<number, NativeHistogram[]>;
}

function groupOf(groups: Map<string, Group>, key: string, labels: Record<string, string>): Group {
  let g = groups.get(key);
  if (!g) {
    g = { labels, classic: new Map(), native: new Map() };
    groups.set(key, g);
  }
  return g;
}

function push<T>(m: Map<number, T[]>, t: number, x: T): void {
  const list = m.get(t);
  if (list) list.push(x);
  else m.set(t, [x]);
}

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

function addNative(g: Group, n: NativeSamples): void {
  for (let i = 0; i < n.t.length; i++) push(g.native, n.t[i]!, n.h[i]!);
}

/**
 * Computes one derived panel from the series of a bucket fetch: classic `le` series (already
 * `sum by (le[, route])` on the server) and native-histogram series. The aggregate sums the
 * routes client-side, which equals the server's `sum by (le)` (a sum of sums over the same
 * samples). Each output point is where Prometheus' `histogram_quantile` would have one: a
 * timestamp with any bucket sample. Values are brought to seconds by `divisor`.
 */
export function deriveFromBuckets(fetched: readonly Series[], d: BucketDerivation): RawSeries[] {
  const route = d.byRoute ? d.routeLabel : undefined;
  const groups = new Map<string, Group>();
  for (const s of fetched) {
    const r = route ? (s.labels[route] ?? '') : '';
    const labels: Record<string, string> = route && r !== '' ? { [route]: r } : {};
    const g = groupOf(groups, r, labels);
    if (s.histograms) addNative(g, s.histograms);
    const le = s.labels.le;
    if (le === undefined) continue;
    const upper = parseLe(le);
    // Prometheus ignores samples whose `le` does not parse.
    if (Number.isNaN(upper)) continue;
    for (let i = 0; i < s.t.length; i++) push(g.classic, s.t[i]!, { upper, count: s.v[i]! });
  }
  const divisor = d.divisor ?? 1;
  const value = d.value;
  const classicValue = (b: ClassicBucket[]) =>
    'quantile' in value
      ? bucketQuantile(value.quantile, b) / divisor
      : bucketShareAbove(value.shareAboveSec * divisor, b);
  const nativeValue = (hs: NativeHistogram[]) => {
    const h = sumNative(hs);
    if (!h) return Number.NaN;
    return 'quantile' in value
      ? nativeQuantile(value.quantile, h) / divisor
      : nativeShareAbove(value.shareAboveSec * divisor, h);
  };
  const out: RawSeries[] = [];
  for (const g of [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, x]) => x)) {
    const points = new Map<number, number>();
    for (const [t, b] of g.classic) points.set(t, classicValue(b));
    // A timestamp with native samples only (or a series switching to native) uses them.
    for (const [t, hs] of g.native) if (!g.classic.has(t)) points.set(t, nativeValue(hs));
    if (points.size === 0) continue;
    const t = [...points.keys()].sort((a, b) => a - b);
    out.push({ labels: g.labels, t, v: t.map((x) => points.get(x)!) });
  }
  return out;
}
