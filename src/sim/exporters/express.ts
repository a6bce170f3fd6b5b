import { serviceModel } from '../model.js';
import {
  counterFamily,
  type ExportContext,
  gaugeFamily,
  histogramSeries,
  type Labels,
  type MetricFamily,
} from './family.js';
import { routeCounts } from './routes.js';

/** express-prom-bundle's default buckets for `http_request_duration_seconds`. */
const BUNDLE_BOUNDS = [0.003, 0.03, 0.1, 0.3, 1.5, 10];

const MiB = 1024 * 1024;

/**
 * A Node service instrumented with express-prom-bundle: `http_request_duration_seconds`
 * with `method`, `path` (ids normalised to `#val`) and `status_code`. The name is the one
 * the FastAPI instrumentator uses, with other labels: an analysis must tell them apart by
 * the series' labels, not by the name.
 */
function expressHttp(ctx: ExportContext, base: Labels): MetricFamily {
  const fam: MetricFamily = {
    name: 'http_request_duration_seconds',
    type: 'histogram',
    help: 'duration histogram of http responses labeled with: status_code, method, path',
    series: [],
  };
  for (const rc of routeCounts(ctx.tl, ctx.app, ctx.scenario.routes)) {
    const path = rc.route.path.replace('{id}', '#val');
    for (const [status, counts] of [
      ['200', rc.ok],
      [String(rc.route.errorStatus), rc.failed],
    ] as const) {
      fam.series.push(
        ...histogramSeries(
          fam.name,
          { method: rc.route.method, path, status_code: status, ...base },
          BUNDLE_BOUNDS,
          counts,
          ctx.tl,
          1000,
        ),
      );
    }
  }
  return fam;
}

/**
 * prom-client's default metrics of the same process. Node's heap is a fraction of what the
 * shared resource model gives a JVM; the event-loop lag grows with the service latency,
 * since a saturated loop is what makes a Node service slow.
 */
function promClientDefaults(ctx: ExportContext, base: Labels): MetricFamily[] {
  const { tl } = ctx;
  const baseLatency = serviceModel(ctx.scenario).baseLatencyMs;
  const heapUsed = tl.heapUsed.map((h) => Math.round(28 * MiB + 0.12 * h));
  const row = (values: number[]) => [{ labels: base, values }];
  return [
    counterFamily(
      'process_cpu_seconds',
      'Total user and system CPU time spent in seconds.',
      [{ labels: base, inc: tl.containerCores.map((c, i) => (i === 0 ? 0 : Math.min(1, c) * tl.dtSec)) }],
      tl.epoch,
    ),
    gaugeFamily(
      'process_resident_memory_bytes',
      'Resident memory size in bytes.',
      row(heapUsed.map((h) => Math.round(1.5 * h + 42 * MiB))),
    ),
    gaugeFamily(
      'nodejs_eventloop_lag_seconds',
      'Lag of event loop in seconds.',
      row(tl.latMeanMs.map((l) => Number(((0.0012 * l) / baseLatency).toFixed(6)))),
    ),
    gaugeFamily(
      'nodejs_heap_size_used_bytes',
      'Process heap size used from Node.js in bytes.',
      row(heapUsed),
    ),
    gaugeFamily(
      'nodejs_heap_size_total_bytes',
      'Process heap size from Node.js in bytes.',
      row(heapUsed.map((h) => Math.ceil((h * 1.25) / MiB) * MiB)),
    ),
    gaugeFamily('nodejs_version_info', 'Node.js version info.', [
      {
        labels: { version: 'v20.11.1', major: '20', minor: '11', patch: '1', ...base },
        values: tl.sec.map(() => 1),
      },
    ]),
  ];
}

/** express-prom-bundle plus prom-client's default metrics, scraped from `<host>:3000`. */
export function express(ctx: ExportContext): MetricFamily[] {
  const base: Labels = { instance: ctx.dep.instances.express, job: ctx.app, scenario: ctx.dep.tenant };
  return [expressHttp(ctx, base), ...promClientDefaults(ctx, base)];
}
