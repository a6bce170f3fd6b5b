import { httpQueries } from '../http-family.js';
import type { Pack } from '../types.js';

/** Spring Boot / Micrometer `http_server_requests_seconds` (histogram buckets are optional). */
export const micrometerHttpPack: Pack = {
  id: 'micrometer',
  domain: 'http',
  source: 'prom',
  detect: (names) => names.has('http_server_requests_seconds_count'),
  queries: (ctx) =>
    httpQueries(ctx, {
      pack: 'micrometer',
      counter: 'http_server_requests_seconds_count',
      histogram: 'http_server_requests_seconds',
      hasBuckets: ctx.names?.has('http_server_requests_seconds_bucket') ?? true,
      errorMatchers: ['status=~"5.."'],
      routeLabel: 'uri',
      // Prometheus' own scrapes of /actuator/prometheus are not user traffic.
      extraMatchers: ['uri!~"/actuator.*"'],
    }),
};
