import { httpQueries } from '../http-family.js';
import type { Pack } from '../types.js';

/** OpenTelemetry HTTP semantic conventions ≥ 1.20: `http.server.request.duration` in seconds. */
export const otelHttpPack: Pack = {
  id: 'otel',
  domain: 'http',
  source: 'prom',
  detect: (names) => names.has('http_server_request_duration_seconds_count'),
  queries: (ctx) =>
    httpQueries(ctx, {
      pack: 'otel',
      counter: 'http_server_request_duration_seconds_count',
      histogram: 'http_server_request_duration_seconds',
      hasBuckets: ctx.names?.has('http_server_request_duration_seconds_bucket') ?? true,
      errorMatchers: ['http_response_status_code=~"5.."'],
      routeLabel: 'http_route',
    }),
};

/**
 * The older OpenTelemetry convention `http.server.duration` in milliseconds. Its status
 * label was `http_status_code`; exporters upgraded in place use the new name, so both
 * are tried.
 */
export const otelMsHttpPack: Pack = {
  id: 'otel_ms',
  domain: 'http',
  source: 'prom',
  detect: (names) => names.has('http_server_duration_milliseconds_count'),
  queries: (ctx) =>
    httpQueries(ctx, {
      pack: 'otel_ms',
      counter: 'http_server_duration_milliseconds_count',
      histogram: 'http_server_duration_milliseconds',
      hasBuckets: ctx.names?.has('http_server_duration_milliseconds_bucket') ?? true,
      errorMatchers: ['http_status_code=~"5.."', 'http_response_status_code=~"5.."'],
      routeLabel: 'http_route',
      latencyDivisor: 1000,
    }),
};
