/**
 * Where a simulated service runs and how its exporters name it: the identity and placement
 * labels (`instance`, `job`, database, pod, consumer group, k6 test id). A standalone
 * scenario uses `defaultDeployment`; services sharing one Prometheus each get their own
 * host, database and load tool through `hostedDeployment`.
 */

/** Exporters whose `instance` label the deployment fixes. */
export type InstanceOf =
  | 'micrometer'
  | 'fastapi'
  | 'flask_custom'
  | 'express'
  | 'otel'
  | 'node_exporter'
  | 'postgres_exporter'
  | 'cadvisor'
  | 'kafka_exporter'
  | 'locust';

/** Seconds since the start of the timeline: [fromSec, toSec]. */
export interface SecSpan {
  fromSec: number;
  toSec: number;
}

export interface Deployment {
  /** Value of the `scenario` label on every series: the tenant tests filter by. */
  tenant: string;
  instances: Record<InstanceOf, string>;
  /** `job` of the FastAPI and Flask-style apps (Micrometer's is always the app name). */
  pythonJob: string;
  /** `job` of the OpenTelemetry series. */
  otelJob: string;
  /** Also emit the pre-1.0 `http_server_duration_milliseconds` histogram. */
  otelOldSemconv: boolean;
  /** `datname` of the service's database. */
  dbName: string;
  /** cAdvisor pod name. */
  pod: string;
  kafka: {
    group: string;
    topic: string;
    /** Emit the `__consumer_offsets` row too: only one service per Prometheus may. */
    internalTopic: boolean;
  };
  /** `testid` tag on every k6 series, or none (k6 names requests `http://<app>:8080/…`). */
  k6TestId: string | null;
  /** When the load tool ran; its series are absent outside. Null: the whole timeline. */
  loadSpan: SecSpan | null;
}

/** Labels of a standalone scenario: the `orders` deployment the single-service presets describe. */
export function defaultDeployment(app: string, tenant: string): Deployment {
  return {
    tenant,
    instances: {
      // The Micrometer app and node-exporter share host 10.0.3.17, as a VM deployment would.
      micrometer: '10.0.3.17:8080',
      fastapi: '10.0.3.21:8000',
      flask_custom: '10.0.3.22:5000',
      express: '10.0.3.23:3000',
      otel: 'otel-collector:8889',
      node_exporter: '10.0.3.17:9100',
      postgres_exporter: '10.0.3.40:9187',
      cadvisor: 'node-1',
      kafka_exporter: 'kafka-exporter:9308',
      locust: 'locust-exporter:9646',
    },
    pythonJob: app,
    otelJob: 'otel-collector',
    otelOldSemconv: true,
    dbName: app,
    pod: `${app}-7d9f8c6b5-x2k4q`,
    kafka: { group: `${app}-projector`, topic: `${app}.events`, internalTopic: true },
    k6TestId: null,
    loadSpan: null,
  };
}

/** Placement of one service on a shared Prometheus. */
export interface Placement {
  app: string;
  tenant: string;
  /** The host of the app's instances and of its node-exporter. */
  hostIp: string;
  /** The PostgreSQL server; its exporter lists the service's database among others. */
  dbIp: string;
  /** Kubernetes node name (cAdvisor's `instance`). */
  node: string;
  k6TestId: string | null;
  /** The Locust exporter's `instance` (it must not name the target). */
  locustInstance: string;
  internalKafkaTopic: boolean;
  loadSpan: SecSpan | null;
}

/**
 * A service on its own host: every app stack listens on `<hostIp>:<port of its stack>`,
 * node-exporter on `<hostIp>:9100`, its database `datname="<app>"` on `<dbIp>:9187`, its
 * consumer group `<app>-consumer` on topic `<app>-events`, OTel with `job="<app>"`.
 */
export function hostedDeployment(p: Placement): Deployment {
  const at = (port: number) => `${p.hostIp}:${port}`;
  return {
    tenant: p.tenant,
    instances: {
      micrometer: at(8080),
      fastapi: at(8000),
      flask_custom: at(5000),
      express: at(3000),
      otel: at(9464),
      node_exporter: at(9100),
      postgres_exporter: `${p.dbIp}:9187`,
      cadvisor: p.node,
      kafka_exporter: 'kafka-exporter:9308',
      locust: p.locustInstance,
    },
    pythonJob: p.app,
    otelJob: p.app,
    otelOldSemconv: false,
    dbName: p.app,
    pod: `${p.app}-7d9f8c6b5-x2k4q`,
    kafka: { group: `${p.app}-consumer`, topic: `${p.app}-events`, internalTopic: p.internalKafkaTopic },
    k6TestId: p.k6TestId,
    loadSpan: p.loadSpan,
  };
}
