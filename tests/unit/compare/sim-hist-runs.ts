import { analyse } from '../../../src/analysis/analyse.js';
import type { CompareRun } from '../../../src/compare/compare.types.js';
import { compareRunFromReport } from '../../../src/compare/compare-input.js';
import { toStoredSeries } from '../../../src/pipeline/to-stored-series.js';
import { lognormalCdf, lognormalQuantile } from '../../../src/sim/latency.js';
import { computeTimeline } from '../../../src/sim/physics.js';
import type { Scenario } from '../../../src/sim/scenario.js';
import type { PanelData } from '../../../src/sources/series.js';
import { panel, series } from '../analysis/fixtures.js';

/**
 * Simulated runs whose server latency comes the way Prometheus serves it: cumulative
 * `_bucket` counters of the simulator's latency distribution, `rate(...[window])` over the
 * last few scrapes, and `histogram_quantile` interpolating linearly inside a bucket. So the
 * server p95/p99 are quantised, step-like series, as on real services with few buckets,
 * while the mean comes from `_sum / _count` like the packs' `http.avg`.
 */

/** prometheus_client's default histogram buckets (seconds). */
export const PY_DEFAULT_BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** Which latency panels a run has. */
export interface HistRunOptions {
  /** Load-tool latency gauges (p95/p99/avg per interval), like k6 or Locust. */
  tool: boolean;
  /** Server histogram panels (p95/p99 by `histogram_quantile`, avg by `_sum/_count`). */
  server: boolean;
  /** Upper bounds of the server histogram, seconds. */
  bounds?: readonly number[];
  /** Rate window in scrapes (Prometheus `rate(x[4 × scrape])`). Default 4. */
  rateScrapes?: number;
}

/** Prometheus' `histogram_quantile`: linear inside the bucket, the highest finite bound past it. */
export function histogramQuantile(
  q: number,
  bounds: readonly number[],
  cumulative: readonly number[],
): number {
  const total = cumulative[cumulative.length - 1]!;
  if (!(total > 0)) return Number.NaN;
  const rank = q * total;
  for (let b = 0; b < bounds.length; b++) {
    if (cumulative[b]! >= rank) {
      const lo = b === 0 ? 0 : bounds[b - 1]!;
      const below = b === 0 ? 0 : cumulative[b - 1]!;
      const inBucket = cumulative[b]! - below;
      return inBucket > 0 ? lo + ((bounds[b]! - lo) * (rank - below)) / inBucket : lo;
    }
  }
  return bounds[bounds.length - 1]!;
}

/** Catalogue panels of a simulated run with histogram-derived server latency. */
export function simHistPanels(s: Scenario, o: HistRunOptions): PanelData[] {
  const tl = computeTimeline(s);
  const t = tl.tMs;
  const bounds = o.bounds ?? PY_DEFAULT_BOUNDS;
  const w = o.rateScrapes ?? 4;
  const gap = (xs: number[]) => xs.map((x, i) => (i === 0 ? Number.NaN : x));
  // Per-tick bucket increments (+Inf last) and latency sums, as the exporter counts them.
  const inc = tl.requests.map((c, i) =>
    [...bounds, Number.POSITIVE_INFINITY].map((le) =>
      Math.round(c * lognormalCdf(tl.latMeanMs[i]!, tl.latSigma[i]!, le * 1000)),
    ),
  );
  const sums = tl.requests.map((c, i) => (c * tl.latMeanMs[i]!) / 1000);
  const windowed = (i: number) => {
    const from = Math.max(1, i - w + 1);
    const cum = new Array<number>(bounds.length + 1).fill(0);
    let sum = 0;
    for (let k = from; k <= i; k++) {
      inc[k]!.forEach((x, b) => {
        cum[b] = cum[b]! + x;
      });
      sum += sums[k]!;
    }
    return { cum, sum };
  };
  const hq = (q: number) =>
    gap(t.map((_, i) => (i === 0 ? Number.NaN : histogramQuantile(q, bounds, windowed(i).cum))));
  const avg = gap(
    t.map((_, i) => {
      const x = windowed(i);
      const n = x.cum[x.cum.length - 1]!;
      return n > 0 ? x.sum / n : Number.NaN;
    }),
  );
  const tool = (q: number | 'avg') =>
    gap(
      tl.requests.map((c, i) =>
        c > 0
          ? (q === 'avg' ? tl.latMeanMs[i]! : lognormalQuantile(tl.latMeanMs[i]!, tl.latSigma[i]!, q)) / 1000
          : Number.NaN,
      ),
    );
  const ratio = tl.errors.map((e, i) => (tl.requests[i]! > 0 ? e / tl.requests[i]! : Number.NaN));
  const one = (d: PanelData['domain'], id: string, v: number[]) => panel(d, id, series(`${d}.${id}`, t, v));
  const out = [
    one('load', 'users', tl.users),
    one('load', 'rps', gap(tl.servedRps)),
    one('load', 'error_rate', ratio),
    one('http', 'rps', gap(tl.servedRps)),
    one('http', 'error_rate', ratio),
  ];
  if (o.tool)
    out.push(one('load', 'p95', tool(0.95)), one('load', 'p99', tool(0.99)), one('load', 'avg', tool('avg')));
  if (o.server) out.push(one('http', 'p95', hq(0.95)), one('http', 'p99', hq(0.99)), one('http', 'avg', avg));
  return out;
}

/** One run through the pure pipeline path: panels → `analyse` → report steps and stored series. */
export function simHistRun(s: Scenario, o: HistRunOptions, id = `${s.name}-${s.seed}`): CompareRun {
  const panels = simHistPanels(s, o);
  const t = panels[0]!.series[0]!.t;
  const fromMs = t[0]!;
  const toMs = t[t.length - 1]!;
  const r = analyse({ fromMs, toMs, panels, slos: [], locale: 'en', tz: 'UTC' });
  return compareRunFromReport(
    {
      runId: id,
      name: id,
      service: 'orders',
      window: { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() },
      steps: r.steps,
      peak: r.peak,
    },
    toStoredSeries(panels),
  );
}
