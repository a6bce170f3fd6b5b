import type { Env } from '../config/env.schema.js';
import type { Logger } from '../core/logger.js';
import { createInflux2Source } from '../sources/flux-client.js';
import { createGrafanaSource } from '../sources/grafana-client.js';
import { createInflux1Source } from '../sources/influx-client.js';
import { createPrometheusSource } from '../sources/prometheus-client.js';
import type { InfluxSource, PromSource } from '../sources/source.js';

/** Side effects the sources use; injectable for tests. */
export interface SourceDeps {
  fetch?: typeof fetch;
  logger?: Logger;
}

/**
 * Builds the metric sources the environment configures: Prometheus directly when
 * PROMETHEUS_URL is set, else Grafana's datasource proxy; InfluxDB 1.x with INFLUX_DB,
 * 2.x with INFLUX_ORG + INFLUX_BUCKET.
 */
export function sourcesFromEnv(
  env: Env,
  deps: SourceDeps = {},
): { prom?: PromSource; influx?: InfluxSource } {
  const common = { fetch: deps.fetch, logger: deps.logger };
  let prom: PromSource | undefined;
  if (env.PROMETHEUS_URL) {
    prom = createPrometheusSource({
      ...common,
      url: env.PROMETHEUS_URL,
      timeoutMs: env.PROMETHEUS_TIMEOUT_MS,
      concurrency: env.PROMETHEUS_CONCURRENCY,
      maxPoints: env.PROMETHEUS_MAX_POINTS,
    });
  } else if (env.GRAFANA_URL && env.GRAFANA_TOKEN && env.GRAFANA_DATASOURCE_UID) {
    prom = createGrafanaSource({
      ...common,
      url: env.GRAFANA_URL,
      token: env.GRAFANA_TOKEN,
      datasourceUid: env.GRAFANA_DATASOURCE_UID,
      timeoutMs: env.PROMETHEUS_TIMEOUT_MS,
      concurrency: env.PROMETHEUS_CONCURRENCY,
      maxPoints: env.PROMETHEUS_MAX_POINTS,
    });
  }
  let influx: InfluxSource | undefined;
  if (env.INFLUX_URL && env.INFLUX_ORG && env.INFLUX_BUCKET && env.INFLUX_TOKEN) {
    influx = createInflux2Source({
      ...common,
      url: env.INFLUX_URL,
      org: env.INFLUX_ORG,
      bucket: env.INFLUX_BUCKET,
      token: env.INFLUX_TOKEN,
    });
  } else if (env.INFLUX_URL && env.INFLUX_DB) {
    influx = createInflux1Source({
      ...common,
      url: env.INFLUX_URL,
      db: env.INFLUX_DB,
      user: env.INFLUX_USER,
      password: env.INFLUX_PASSWORD,
      token: env.INFLUX_TOKEN,
    });
  }
  return { prom, influx };
}
