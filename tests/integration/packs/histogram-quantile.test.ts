import { describe, expect, inject, it } from 'vitest';
import { deriveFromBuckets } from '../../../src/packs/histogram-derive.js';
import type { BucketDerivation } from '../../../src/packs/types.js';
import { createPrometheusSource } from '../../../src/sources/prometheus-client.js';
import type { Series } from '../../../src/sources/series.js';
import type { RawSeries } from '../../../src/sources/series-build.js';

/**
 * The client-side quantiles (one bucket fetch) against Prometheus' own `histogram_quantile`
 * over the same bucket rates, point by point, on the backfilled simulator data.
 */
const STEP_SEC = 15;
const RATE = '1m';
const TOLERANCE = 0.001;

interface Family {
  histogram: string;
  route: string;
  divisor?: number;
}
const FAMILIES: Family[] = [
  { histogram: 'http_server_requests_seconds', route: 'uri' },
  { histogram: 'http_server_duration_milliseconds', route: 'http_route', divisor: 1000 },
];
// A healthy step test, a saturating one (tails in the top buckets) and an error burst.
const SCENARIOS = ['step_none', 'step_db_pool', 'error_burst'];

const prom = () => createPrometheusSource({ url: inject('promUrl'), timeoutMs: 60_000 });

function windowOf(name: string): { fromMs: number; toMs: number } {
  const t = inject('scenarios')[name];
  if (!t) throw new Error(`scenario ${name} missing from the harness`);
  return { fromMs: t.startMs, toMs: t.endMs };
}

/** Key of a series by its route label ('' for the aggregate). */
const keyOf = (labels: Record<string, string>, route: string) => labels[route] ?? '';

/** Compares two sets of series point by point; returns the number of points compared. */
const worst = { max: 0 };

function compare(ours: RawSeries[], theirs: Series[], route: string, what: string): number {
  const theirsByKey = new Map(theirs.map((s) => [keyOf(s.labels, route), s]));
  expect(ours.map((s) => keyOf(s.labels, route)).sort(), `${what}: series`).toEqual(
    [...theirsByKey.keys()].sort(),
  );
  let compared = 0;
  const bad: string[] = [];
  for (const o of ours) {
    const p = theirsByKey.get(keyOf(o.labels, route))!;
    expect(o.t, `${what} ${keyOf(o.labels, route)}: timestamps`).toEqual(p.t);
    for (let i = 0; i < o.t.length; i++) {
      const a = o.v[i]!;
      const b = p.v[i]!;
      if (Number.isNaN(a) && Number.isNaN(b)) continue;
      if (a !== b) worst.max = Math.max(worst.max, Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));
      const ok = a === b || Math.abs(a - b) <= TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
      if (!ok && bad.length < 5) bad.push(`${keyOf(o.labels, route)} @${o.t[i]}: ours ${a}, Prometheus ${b}`);
      compared++;
    }
  }
  expect(bad, what).toEqual([]);
  return compared;
}

describe('client-side histogram quantiles against Prometheus histogram_quantile', () => {
  for (const scenario of SCENARIOS) {
    for (const f of FAMILIES) {
      it(`${scenario}: ${f.histogram} p50/p95/p99, aggregate and by route, within 0.1 %`, async () => {
        const src = prom();
        const w = windowOf(scenario);
        const sel = `scenario="${scenario}"`;
        const byRoute = `sum by (le, ${f.route})(rate(${f.histogram}_bucket{${sel}}[${RATE}]))`;
        const aggregate = `sum by (le)(rate(${f.histogram}_bucket{${sel}}[${RATE}]))`;
        const ask = (query: string, id: string) => src.queryRange({ query, id, ...w, stepSec: STEP_SEC });
        const fetched = await ask(byRoute, 'buckets');
        expect(fetched.stepSec).toBe(STEP_SEC);
        expect(fetched.series.length).toBeGreaterThan(10);
        let compared = 0;
        for (const q of [0.5, 0.95, 0.99]) {
          const d: BucketDerivation = { fetchId: 'x', routeLabel: f.route, value: { quantile: q } };
          if (f.divisor) d.divisor = f.divisor;
          const scale = (e: string) => (f.divisor ? `(${e}) / ${f.divisor}` : e);
          const [server, serverByRoute] = await Promise.all([
            ask(scale(`histogram_quantile(${q}, ${aggregate})`), `q${q}`),
            ask(scale(`histogram_quantile(${q}, ${byRoute})`), `q${q}_by_route`),
          ]);
          compared += compare(deriveFromBuckets(fetched.series, d), server.series, f.route, `p${q * 100}`);
          compared += compare(
            deriveFromBuckets(fetched.series, { ...d, byRoute: true }),
            serverByRoute.series,
            f.route,
            `p${q * 100} by route`,
          );
        }
        // A scenario window at 15 s holds 100+ points per series: several routes × 3 quantiles.
        expect(compared).toBeGreaterThan(1000);
        console.info(`${scenario} ${f.histogram}: ${compared} points, max relative error ${worst.max}`);
      });
    }
  }
});
