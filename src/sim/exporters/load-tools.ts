import { lognormalQuantile } from '../latency.js';
import { jitter } from '../prng.js';
import {
  counterFamily,
  cumulative,
  type ExportContext,
  firstNonZero,
  gaugeFamily,
  hideBefore,
  keepOnly,
  type Labels,
  type MetricFamily,
} from './family.js';
import { routeCounts } from './routes.js';

/** A load tool only reports while its test runs (the deployment's `loadSpan`). */
function whileRunning(ctx: ExportContext, families: MetricFamily[]): MetricFamily[] {
  const span = ctx.dep.loadSpan;
  if (!span) return families;
  return keepOnly(families, (i) => ctx.tl.sec[i]! >= span.fromSec && ctx.tl.sec[i]! <= span.toSec);
}

/**
 * k6's Prometheus remote-write output. Trend gauges (`_p95`, `_med`, …) are in seconds and
 * describe each flush interval (here: the tick), not the whole run. With a test id every
 * series carries it as the `testid` tag (`k6 run --tag testid=…`).
 */
export function k6Prometheus(ctx: ExportContext): MetricFamily[] {
  const { tl, rng } = ctx;
  const testId = ctx.dep.k6TestId;
  // `scenario` here is the tenant label every simulated series carries.
  const tags: Labels = testId ? { scenario: ctx.dep.tenant, testid: testId } : { scenario: ctx.dep.tenant };
  const reqRows: { labels: Labels; inc: number[]; appearOnUse?: boolean }[] = [];
  const trend: Record<'p95' | 'p99' | 'avg' | 'med', { labels: Labels; values: number[] }[]> = {
    p95: [],
    p99: [],
    avg: [],
    med: [],
  };
  const failedRows: { labels: Labels; values: number[] }[] = [];
  for (const rc of routeCounts(tl, ctx.app, ctx.scenario.routes)) {
    const { method, k6Name: name, errorStatus } = rc.route;
    const sets = [
      { labels: { method, name, status: '200', expected_response: 'true', ...tags }, counts: rc.ok },
      {
        labels: { method, name, status: String(errorStatus), expected_response: 'false', ...tags },
        counts: rc.failed,
      },
    ];
    for (const set of sets) {
      reqRows.push({ labels: set.labels, inc: set.counts, appearOnUse: set.counts === rc.failed });
      const stat = (f: (mean: number, sigma: number) => number) =>
        set.counts.map((c, i) =>
          c > 0 ? (f(tl.latMeanMs[i]!, tl.latSigma[i]!) * jitter(rng, 0.03)) / 1000 : Number.NaN,
        );
      trend.p95.push({ labels: set.labels, values: stat((m, s) => lognormalQuantile(m, s, 0.95)) });
      trend.p99.push({ labels: set.labels, values: stat((m, s) => lognormalQuantile(m, s, 0.99)) });
      trend.avg.push({ labels: set.labels, values: stat((m) => m) });
      trend.med.push({ labels: set.labels, values: stat((m, s) => lognormalQuantile(m, s, 0.5)) });
    }
    failedRows.push({
      labels: { method, name, ...tags },
      values: rc.total.map((t, i) => (t > 0 ? rc.failed[i]! / t : Number.NaN)),
    });
  }
  const vusMax = Math.max(...tl.users);
  return whileRunning(ctx, [
    counterFamily('k6_http_reqs', 'How many HTTP requests has k6 generated, in total', reqRows),
    ...(['p95', 'p99', 'avg', 'med'] as const).map((k) =>
      gaugeFamily(`k6_http_req_duration_${k}`, `Total time for the request (${k}), seconds`, trend[k]),
    ),
    gaugeFamily('k6_vus', 'Current number of active virtual users', [{ labels: tags, values: tl.users }]),
    gaugeFamily('k6_vus_max', 'Max possible number of virtual users', [
      { labels: tags, values: tl.users.map(() => vusMax) },
    ]),
    gaugeFamily('k6_http_req_failed_rate', 'The rate of failed requests', failedRows),
    counterFamily('k6_iterations', 'The aggregate number of times the VUs executed the script', [
      { labels: tags, inc: tl.requests },
    ]),
  ]);
}

/**
 * The Locust exporter. `current_*` values are Locust's recent window; `num_*` and
 * `avg_response_time` are totals since the start of the run, and an `Aggregated` row sums
 * all requests (as Locust's own statistics table does).
 */
export function locust(ctx: ExportContext): MetricFamily[] {
  const { tl, rng } = ctx;
  const base: Labels = { instance: ctx.dep.instances.locust, job: 'locust', scenario: ctx.dep.tenant };
  const routes = routeCounts(tl, ctx.app, ctx.scenario.routes).map((rc) => ({
    labels: { method: rc.route.method as string, name: rc.route.path, ...base },
    total: rc.total,
    failed: rc.failed,
  }));
  routes.push({ labels: { method: '', name: 'Aggregated', ...base }, total: tl.requests, failed: tl.errors });
  const perRow = (f: (r: (typeof routes)[number]) => number[]) =>
    routes.map((r) => ({ labels: r.labels, values: f(r) }));
  const dt = tl.dtSec;
  const q = (p: number) =>
    tl.requests.map((c, i) =>
      c > 0 ? lognormalQuantile(tl.latMeanMs[i]!, tl.latSigma[i]!, p) * jitter(rng, 0.03) : 0,
    );
  const avgSoFar = (r: (typeof routes)[number]) => {
    const n = cumulative(r.total);
    const sum = cumulative(r.total.map((c, i) => c * tl.latMeanMs[i]!));
    return hideBefore(
      n.map((k, i) => (k > 0 ? sum[i]! / k : 0)),
      firstNonZero(r.total),
    );
  };
  const allReq = cumulative(tl.requests);
  const allFail = cumulative(tl.errors);
  return whileRunning(ctx, [
    gaugeFamily('locust_users', 'The current number of users', [{ labels: base, values: tl.users }]),
    gaugeFamily(
      'locust_requests_current_rps',
      'Current requests per second',
      perRow((r) => r.total.map((c) => (c / dt) * jitter(rng, 0.02))),
    ),
    gaugeFamily(
      'locust_requests_current_fail_per_sec',
      'Current failures per second',
      perRow((r) => r.failed.map((c) => c / dt)),
    ),
    gaugeFamily(
      'locust_requests_current_response_time_percentile_50',
      'Current response time percentile 50, ms',
      [{ labels: base, values: q(0.5) }],
    ),
    gaugeFamily(
      'locust_requests_current_response_time_percentile_95',
      'Current response time percentile 95, ms',
      [{ labels: base, values: q(0.95) }],
    ),
    gaugeFamily(
      'locust_requests_avg_response_time',
      'Average response time since the start, ms',
      perRow(avgSoFar),
    ),
    gaugeFamily(
      'locust_requests_num_requests',
      'Number of requests since the start',
      perRow((r) => cumulative(r.total)),
    ),
    gaugeFamily(
      'locust_requests_num_failures',
      'Number of failures since the start',
      perRow((r) => cumulative(r.failed)),
    ),
    gaugeFamily('locust_requests_fail_ratio', 'Share of failed requests since the start', [
      { labels: base, values: allReq.map((n, i) => (n > 0 ? allFail[i]! / n : 0)) },
    ]),
  ]);
}
