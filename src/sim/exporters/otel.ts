import { type ExportContext, histogramSeries, type Labels, type MetricFamily } from './family.js';
import { routeCounts } from './routes.js';

/** Advisory buckets of `http.server.request.duration` (stable semantic conventions). */
const STABLE_BOUNDS_SEC = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
/** SDK default buckets of the older `http.server.duration` (milliseconds). */
const OLD_BOUNDS_MS = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

/**
 * OpenTelemetry HTTP server metrics through a Prometheus exporter (resource attributes
 * converted to labels): the stable `http_server_request_duration_seconds` and, when the
 * deployment asks for it, the older `http_server_duration_milliseconds`.
 */
export function otel(ctx: ExportContext): MetricFamily[] {
  const base: Labels = {
    service_name: ctx.app,
    instance: ctx.dep.instances.otel,
    job: ctx.dep.otelJob,
    scenario: ctx.dep.tenant,
  };
  const stable: MetricFamily = {
    name: 'http_server_request_duration_seconds',
    type: 'histogram',
    help: 'Duration of HTTP server requests.',
    series: [],
  };
  const old: MetricFamily = {
    name: 'http_server_duration_milliseconds',
    type: 'histogram',
    help: 'Measures the duration of inbound HTTP requests.',
    series: [],
  };
  for (const rc of routeCounts(ctx.tl, ctx.app, ctx.scenario.routes)) {
    for (const [status, counts] of [
      ['200', rc.ok],
      [String(rc.route.errorStatus), rc.failed],
    ] as const) {
      stable.series.push(
        ...histogramSeries(
          stable.name,
          {
            http_request_method: rc.route.method,
            http_route: rc.route.path,
            http_response_status_code: status,
            ...base,
          },
          STABLE_BOUNDS_SEC,
          counts,
          ctx.tl,
          1000,
        ),
      );
      old.series.push(
        ...histogramSeries(
          old.name,
          { http_method: rc.route.method, http_route: rc.route.path, http_status_code: status, ...base },
          OLD_BOUNDS_MS,
          counts,
          ctx.tl,
          1,
        ),
      );
    }
  }
  return ctx.dep.otelOldSemconv ? [stable, old] : [stable];
}
