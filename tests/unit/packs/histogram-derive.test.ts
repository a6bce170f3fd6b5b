import { describe, expect, it } from 'vitest';
import { deriveFromBuckets, sumNative } from '../../../src/packs/histogram-derive.js';
import { bucketQuantile } from '../../../src/packs/histogram-quantile.js';
import { runPanels } from '../../../src/packs/run-panels.js';
import type { BucketDerivation, PanelQuery } from '../../../src/packs/types.js';
import { matrixToRaw } from '../../../src/sources/prom-envelope.js';
import type { Series } from '../../../src/sources/series.js';
import type { PromSource, RangeQuery } from '../../../src/sources/source.js';

const T = [0, 15_000, 30_000];
const bucket = (route: string, le: string, v: number[], t = T): Series => ({
  id: `b.${route}.${le}`,
  name: '',
  labels: { uri: route, le },
  t,
  v,
});

/** Two routes; /b has no sample at t = 30 s. */
const FETCHED: Series[] = [
  bucket('/a', '0.1', [1, 2, 3]),
  bucket('/a', '0.5', [4, 6, 8]),
  bucket('/a', '+Inf', [5, 8, 10]),
  bucket('/b', '0.1', [0, 1], T.slice(0, 2)),
  bucket('/b', '0.5', [2, 3], T.slice(0, 2)),
  bucket('/b', '+Inf', [5, 5], T.slice(0, 2)),
];
const d = (value: BucketDerivation['value'], extra: Partial<BucketDerivation> = {}): BucketDerivation => ({
  fetchId: 'http.latency_buckets',
  routeLabel: 'uri',
  value,
  ...extra,
});

describe('deriveFromBuckets', () => {
  it('sums the routes into the aggregate exactly as `sum by (le)` would', () => {
    const [agg, ...rest] = deriveFromBuckets(FETCHED, d({ quantile: 0.95 }));
    expect(rest).toEqual([]);
    expect(agg!.labels).toEqual({});
    expect(agg!.t).toEqual(T);
    const sums = [
      [1, 5, 10],
      [3, 9, 13],
      [3, 8, 10],
    ];
    sums.forEach(([a, b, inf], i) => {
      const expected = bucketQuantile(0.95, [
        { upper: 0.1, count: a! },
        { upper: 0.5, count: b! },
        { upper: Number.POSITIVE_INFINITY, count: inf! },
      ]);
      expect(agg!.v[i]).toBe(expected);
    });
  });

  it('gives one series per route, labelled by the route only, and scales by the divisor', () => {
    const byRoute = deriveFromBuckets(FETCHED, d({ quantile: 0.5 }, { byRoute: true, divisor: 1000 }));
    expect(byRoute.map((s) => s.labels)).toEqual([{ uri: '/a' }, { uri: '/b' }]);
    expect(byRoute[1]!.t).toEqual(T.slice(0, 2));
    // /a at t=0: rank 2.5 in (0.1, 0.5] with 3 of 4 → 0.1 + 0.4 * 1.5/3 = 0.3, then / 1000.
    expect(byRoute[0]!.v[0]).toBeCloseTo(0.0003, 15);
  });

  it('computes the share slower than a threshold given in seconds', () => {
    const [share] = deriveFromBuckets(FETCHED, d({ shareAboveSec: 0.5 }));
    // t=0: 10 requests, 6 ≤ 0.5 s → 40 % above.
    expect(share!.v[0]).toBeCloseTo(0.4, 12);
    const [ms] = deriveFromBuckets(FETCHED, d({ shareAboveSec: 0.0005 }, { divisor: 1000 }));
    expect(ms!.v[0]).toBeCloseTo(0.4, 12);
  });

  it('skips samples whose le does not parse and yields NaN for a window without requests', () => {
    const odd = [bucket('/a', 'x', [1, 1, 1]), bucket('/a', '1', [0, 0, 0]), bucket('/a', '+Inf', [0, 0, 0])];
    const [s] = deriveFromBuckets(odd, d({ quantile: 0.5 }));
    expect(s!.v.every(Number.isNaN)).toBe(true);
  });

  it('reads native histograms from the query API shape and sums them over routes', () => {
    const data = {
      resultType: 'matrix',
      result: ['/a', '/b'].map((uri) => ({
        metric: { uri },
        histograms: [
          [
            1,
            {
              count: '10',
              sum: '5',
              buckets: [
                [0, '0.25', '0.5', '4'],
                [0, '0.5', '1', '6'],
              ],
            },
          ],
        ],
      })),
    };
    const raw = matrixToRaw(data);
    expect(raw[0]!.histograms?.t).toEqual([1000]);
    expect(raw[0]!.histograms!.h[0]!.buckets[1]).toEqual({ boundaryRule: 0, lower: 0.5, upper: 1, count: 6 });
    const series: Series[] = raw.map((r, i) => ({ id: String(i), name: '', ...r }));
    const [agg] = deriveFromBuckets(series, d({ quantile: 0.2 }));
    // 20 requests, rank 4 of the 8 in (0.25, 0.5] → 0.375.
    expect(agg!.t).toEqual([1000]);
    expect(agg!.v[0]).toBeCloseTo(0.375, 12);
    const mixed = sumNative([
      { count: 1, sum: 1, buckets: [{ boundaryRule: 0, lower: 0.5, upper: 1, count: 1 }] },
      { count: 1, sum: 1, buckets: [{ boundaryRule: 0, lower: 0.7, upper: 1.4, count: 1 }] },
    ]);
    expect(mixed).toBeNull();
  });
});

const panel = (p: string, value: BucketDerivation['value'], byRoute = false): PanelQuery => ({
  domain: 'http',
  panel: p,
  title: p,
  role: 'latency_p95',
  unit: 's',
  pack: 'micrometer',
  promql: 'sum by (le, uri)(rate(h_bucket[1m]))',
  buckets: d(value, byRoute ? { byRoute } : {}),
  ...(byRoute ? { legend: '{{uri}}' } : {}),
});
const PLAN = [
  {
    ...panel('p50', { quantile: 0.5 }),
    buckets: d({ quantile: 0.5 }, { shows: 'histogram_quantile(0.5, x)' }),
  },
  { ...panel('rps', { quantile: 0 }), buckets: undefined, promql: 'sum(rate(c[1m]))' },
  panel('p95', { quantile: 0.95 }),
  panel('p95_by_route', { quantile: 0.95 }, true),
];

function source(fail?: Error): PromSource & { asked: RangeQuery[] } {
  const asked: RangeQuery[] = [];
  return {
    kind: 'prometheus',
    asked,
    labelValues: async () => [],
    series: async () => [],
    async queryRange(q) {
      asked.push(q);
      if (fail && q.id === 'http.latency_buckets') throw fail;
      return {
        series: q.query.includes('_bucket') ? FETCHED : [bucket('', '', [1, 1, 1])],
        stepSec: 15,
        warnings: [],
      };
    },
  };
}
const rc = (prom: PromSource) => ({
  prom,
  fromMs: 0,
  toMs: 30_000,
  stepSec: 15,
  rateWindow: '1m',
  selector: '',
});

describe('runPanels', () => {
  it('fetches a histogram once for all its panels, in plan order, counting one query', async () => {
    const prom = source();
    const runs = await runPanels(PLAN, rc(prom));
    expect(prom.asked.map((q) => q.id).sort()).toEqual(['http.latency_buckets', 'http.rps']);
    expect(runs.map((r) => r.data.panel)).toEqual(['p50', 'rps', 'p95', 'p95_by_route']);
    expect(runs.filter((r) => r.sent)).toHaveLength(2);
    expect(runs[0]!.data.series.map((s) => s.id)).toEqual(['http.p50']);
    expect(runs[0]!.data.query).toBe('histogram_quantile(0.5, x)');
    expect(runs[2]!.data.query).toBe('sum by (le, uri)(rate(h_bucket[1m]))');
    expect(runs[3]!.data.series.map((s) => [s.id, s.name])).toEqual([
      ['http.p95_by_route.a', '/a'],
      ['http.p95_by_route.b', '/b'],
    ]);
  });

  it('fails every derived panel with the fetch’s reason and leaves the others alone', async () => {
    const runs = await runPanels(PLAN, rc(source(new Error('Prometheus timed out after 3 tries'))));
    const failed = runs.filter((r) => r.data.error);
    expect(failed.map((r) => r.data.panel)).toEqual(['p50', 'p95', 'p95_by_route']);
    for (const r of failed) expect(r.data.error).toBe('Prometheus timed out after 3 tries');
    expect(failed[0]!.data.query).toBe('histogram_quantile(0.5, x)');
    expect(runs.filter((r) => r.sent)).toHaveLength(2);
    expect(runs[1]!.data.error).toBeUndefined();
  });
});
