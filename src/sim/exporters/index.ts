import { streamRng } from '../prng.js';
import type { Scenario, SimFamily } from '../scenario.js';
import type { Timeline } from '../timeline.js';
import { cadvisor } from './cadvisor.js';
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
  'node_exporter',
  'cadvisor',
  'postgres_exporter',
  'kafka_exporter',
];

const EXPORTERS: Record<SimFamily, (ctx: ExportContext) => MetricFamily[]> = {
  k6: k6Prometheus,
  locust,
  micrometer: (ctx) => [...micrometerHttp(ctx), ...micrometerJvm(ctx), ...hikari(ctx)],
  fastapi,
  otel,
  flask_custom: flaskCustom,
  node_exporter: nodeExporter,
  cadvisor,
  postgres_exporter: postgresExporter,
  kafka_exporter: kafkaExporter,
};

/** The metric families of the selected exporters (all by default). */
export function metricFamilies(s: Scenario, tl: Timeline): MetricFamily[] {
  const wanted = new Set(s.families ?? ALL_FAMILIES);
  const app = s.application ?? 'orders';
  return ALL_FAMILIES.filter((f) => wanted.has(f)).flatMap((f) =>
    // Each exporter has its own noise stream, so the selection does not change the others.
    EXPORTERS[f]({ scenario: s, tl, rng: streamRng(s.seed, `exporter:${f}`), app }),
  );
}
