import { lognormalMax } from '../latency.js';
import {
  type ExportContext,
  firstNonZero,
  hideBefore,
  histogramSeries,
  type Labels,
  type MetricFamily,
} from './family.js';
import { routeCounts } from './routes.js';

/** SLO buckets as configured with `management.metrics.distribution.slo.http.server.requests`. */
const BOUNDS_SEC = [0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 10];

/** Labels Micrometer/Spring put on every series of the app. */
export function springLabels(ctx: ExportContext): Labels {
  return {
    application: ctx.app,
    instance: ctx.dep.instances.micrometer,
    job: ctx.app,
    scenario: ctx.dep.tenant,
  };
}

/** Spring Boot's `http_server_requests_seconds` histogram and `_max` gauge. */
export function micrometerHttp(ctx: ExportContext): MetricFamily[] {
  const base = springLabels(ctx);
  const hist: MetricFamily = {
    name: 'http_server_requests_seconds',
    type: 'histogram',
    help: 'Duration of HTTP server request handling',
    series: [],
  };
  const max: MetricFamily = {
    name: 'http_server_requests_seconds_max',
    type: 'gauge',
    help: 'Duration of HTTP server request handling',
    series: [],
  };
  const exception500 =
    ctx.scenario.bottleneck === 'db_pool' ? 'SQLTransientConnectionException' : 'RuntimeException';
  for (const rc of routeCounts(ctx.tl, ctx.app, ctx.scenario.routes)) {
    const rows = [
      { status: '200', outcome: 'SUCCESS', exception: 'None', counts: rc.ok },
      {
        status: String(rc.route.errorStatus),
        outcome: 'SERVER_ERROR',
        exception: rc.route.errorStatus === 500 ? exception500 : 'None',
        counts: rc.failed,
      },
    ];
    for (const row of rows) {
      const labels = {
        method: rc.route.method,
        uri: rc.route.path,
        status: row.status,
        outcome: row.outcome,
        exception: row.exception,
        ...base,
      };
      hist.series.push(...histogramSeries(hist.name, labels, BOUNDS_SEC, row.counts, ctx.tl, 1000));
      const values = row.counts.map((c, i) =>
        c > 0 ? lognormalMax(ctx.tl.latMeanMs[i]!, ctx.tl.latSigma[i]!, c) / 1000 : 0,
      );
      max.series.push({ name: max.name, labels, values: hideBefore(values, firstNonZero(row.counts)) });
    }
  }
  return [hist, max];
}
