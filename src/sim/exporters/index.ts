import { defaultDeployment } from '../deployment.js';
import { streamRng } from '../prng.js';
import type { Scenario, SimFamily } from '../scenario.js';
import type { Timeline } from '../timeline.js';
import { cadvisor } from './cadvisor.js';
import { express } from './express.js';
import type { ExportContext, MetricFamily } from './family.js';
import { hikari } from './hikari.js';
import { kafkaExporter } from './kafka.js';
import { k6Prometheus, locust } from './load-tools.js';
import { micrometerHttp } from './micrometer-http.js';
import { micrometerJvm } from './micrometer-jvm.js';
import { nodeExporter } from './node-exporter.js';
import { otel } from './otel.js';
import { postgresExporter } from './postgres.js';
import { fastapi, flaskCustom } from './python-apps.js';

/** Every family the simulator can emit, in exposition order. */
export const ALL_FAMILIES: readonly SimFamily[] = [
  'k6',
  'locust',
  'micrometer',
  'fastapi',
  'otel',
  'flask_custom',
  'express',
  'node_exporter',
  'cadvisor',
  'postgres_exporter',
  'kafka_exporter',
];

/**
 * What a scenario without `families` emits: everything but `express`, whose
 * `http_request_duration_seconds` would double the FastAPI one under the same name.
 */
export const DEFAULT_FAMILIES: readonly SimFamily[] = ALL_FAMILIES.filter((f) => f !== 'express');

const EXPORTERS: Record<SimFamily, (ctx: ExportContext) => MetricFamily[]> = {
  k6: k6Prometheus,
  locust,
  micrometer: (ctx) => [...micrometerHttp(ctx), ...micrometerJvm(ctx), ...hikari(ctx)],
  fastapi,
  otel,
  flask_custom: flaskCustom,
  express,
  node_exporter: nodeExporter,
  cadvisor,
  postgres_exporter: postgresExporter,
  kafka_exporter: kafkaExporter,
};

/** The metric families of the selected exporters (`DEFAULT_FAMILIES` unless the scenario says). */
export function metricFamilies(s: Scenario, tl: Timeline): MetricFamily[] {
  const wanted = new Set(s.families ?? DEFAULT_FAMILIES);
  const app = s.application ?? 'orders';
  const dep = s.deployment ?? defaultDeployment(app, s.name);
  return ALL_FAMILIES.filter((f) => wanted.has(f)).flatMap((f) =>
    // Each exporter has its own noise stream, so the selection does not change the others.
    EXPORTERS[f]({ scenario: s, tl, rng: streamRng(s.seed, `exporter:${f}`), app, dep }),
  );
}
