import {
  counterFamily,
  type ExportContext,
  histogramSeries,
  type Labels,
  type MetricFamily,
} from './family.js';
import { routeCounts } from './routes.js';

/** prometheus_client's default histogram buckets. */
const PY_DEFAULT_BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
/** prometheus-fastapi-instrumentator's default (coarse) buckets for `http_request_duration_seconds`. */
const FASTAPI_BOUNDS = [0.1, 0.5, 1];

/**
 * prometheus-fastapi-instrumentator: `http_requests_total{handler,method,status="2xx"|"5xx"}`
 * and `http_request_duration_seconds{handler,method}`.
 */
export function fastapi(ctx: ExportContext): MetricFamily[] {
  const base: Labels = {
    instance: ctx.dep.instances.fastapi,
    job: ctx.dep.pythonJob,
    scenario: ctx.dep.tenant,
  };
  const rows = routeCounts(ctx.tl, ctx.app, ctx.scenario.routes).flatMap((rc) => [
    { labels: { handler: rc.route.handler, method: rc.route.method, status: '2xx', ...base }, inc: rc.ok },
    {
      labels: { handler: rc.route.handler, method: rc.route.method, status: '5xx', ...base },
      inc: rc.failed,
      appearOnUse: true,
    },
  ]);
  const hist: MetricFamily = {
    name: 'http_request_duration_seconds',
    type: 'histogram',
    help: 'Latency with only few buckets by handler. Made to be only used if aggregation by handler is important.',
    series: routeCounts(ctx.tl, ctx.app, ctx.scenario.routes).flatMap((rc) =>
      histogramSeries(
        'http_request_duration_seconds',
        { handler: rc.route.handler, method: rc.route.method, ...base },
        FASTAPI_BOUNDS,
        rc.total,
        ctx.tl,
        1000,
      ),
    ),
  };
  return [
    counterFamily(
      'http_requests',
      'Total number of requests by method, status and handler.',
      rows,
      ctx.tl.epoch,
    ),
    hist,
  ];
}

/**
 * A hand-written Flask exporter as in many tutorials: `flask_app_request_count_total`
 * and `flask_app_request_latency_seconds{endpoint}`.
 */
export function flaskCustom(ctx: ExportContext): MetricFamily[] {
  const base: Labels = {
    instance: ctx.dep.instances.flask_custom,
    job: ctx.dep.pythonJob,
    scenario: ctx.dep.tenant,
  };
  const counts = routeCounts(ctx.tl, ctx.app, ctx.scenario.routes).flatMap((rc) => [
    {
      labels: { method: rc.route.method, endpoint: rc.route.endpoint, http_status: '200', ...base },
      inc: rc.ok,
    },
    {
      labels: {
        method: rc.route.method,
        endpoint: rc.route.endpoint,
        http_status: String(rc.route.errorStatus),
        ...base,
      },
      inc: rc.failed,
      appearOnUse: true,
    },
  ]);
  const hist: MetricFamily = {
    name: 'flask_app_request_latency_seconds',
    type: 'histogram',
    help: 'Request latency',
    series: routeCounts(ctx.tl, ctx.app, ctx.scenario.routes).flatMap((rc) =>
      histogramSeries(
        'flask_app_request_latency_seconds',
        { endpoint: rc.route.endpoint, ...base },
        PY_DEFAULT_BOUNDS,
        rc.total,
        ctx.tl,
        1000,
      ),
    ),
  };
  return [counterFamily('flask_app_request_count', 'App Request Count', counts, ctx.tl.epoch), hist];
}
