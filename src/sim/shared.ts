import { DOMAIN_IDS, type DomainId } from '../config/file.schema.js';
import { LoadLensError } from '../core/errors.js';
import { hostedDeployment } from './deployment.js';
import { type TimedFamilies, writeOpenMetricsParts } from './openmetrics.js';
import { expandProfile } from './profile.js';
import type { Bottleneck, Fault, GroundTruth, ProfileSegment, Scenario, SimFamily } from './scenario.js';
import { simulateFamilies } from './simulate.js';

/** The HTTP instrumentation a shared-mode service exposes (one per service). */
export type ServiceStack = 'micrometer' | 'fastapi' | 'flask_custom' | 'otel' | 'express';

/** What drives a service: k6 (tagged with `testid="<app>-step"`), Locust (no target in its names) or nothing. */
export type LoadToolKind = 'k6' | 'locust' | 'none';

/** One service on a shared Prometheus. Times are seconds after `SharedSpec.startMs`. */
export interface SharedServiceSpec {
  /** Service name: lower case letters and digits (`orders`). */
  app: string;
  stack: ServiceStack;
  loadTool: LoadToolKind;
  /** Host of its app instance and its node-exporter. */
  hostIp: string;
  /** PostgreSQL server holding its database (`datname="<app>"`); services may share one. */
  dbIp: string;
  /** Kubernetes node (cAdvisor `instance`). */
  node: string;
  seed: number;
  capacityRps: number;
  bottleneck: Bottleneck;
  /** When its exporters come up. */
  upSec: number;
  /** Idle time (no traffic, exporters up) before the profile starts. */
  leadSec: number;
  /** The load test, or the background traffic. */
  profile: ProfileSegment[];
  /** Idle time after the profile before its exporters go away. */
  tailSec: number;
  faults?: Fault[];
  /** Service-side latency at low load, ms (default 40). */
  baseLatencyMs?: number;
}

/** Several services in one Prometheus. */
export interface SharedSpec {
  /** Value of the `scenario` label on every series (lower_snake_case). */
  tenant: string;
  /** Epoch ms every service's `upSec` counts from. */
  startMs: number;
  scrapeIntervalSec: number;
  services: SharedServiceSpec[];
}

/** The load generator of a service, as its series identify it. */
export interface LoadToolTruth {
  tool: 'k6' | 'locust';
  /** k6: the `testid`; Locust: its exporter's `instance`. */
  id: string;
}

/**
 * What a correct per-service analysis must find. `startMs`/`endMs` span the service's
 * exporters; `testFromMs`/`testToMs` its profile (the load test itself). `scenario` is the
 * tenant label shared by all services.
 */
export interface ServiceTruth extends GroundTruth {
  app: string;
  stack: ServiceStack;
  loadTool: LoadToolTruth | null;
  hostIp: string;
  /** `instance` of its app's series. */
  appInstance: string;
  dbName: string;
  /** `instance` of the postgres-exporter listing its database. */
  dbInstance: string;
  node: string;
  pod: string;
  consumerGroup: string;
  /** Report domains its exporters feed, in report order (`jvm` only for Micrometer). */
  domains: DomainId[];
  testFromMs: number;
  testToMs: number;
}

export interface SharedOutput {
  /** One OpenMetrics exposition (timestamps in seconds, ending in `# EOF`) of all services. */
  openMetrics: string;
  /** Ground truth by service name. */
  truths: Record<string, ServiceTruth>;
}

const STACK_FAMILY: Record<ServiceStack, SimFamily> = {
  micrometer: 'micrometer',
  fastapi: 'fastapi',
  flask_custom: 'flask_custom',
  otel: 'otel',
  express: 'express',
};

/** Where a stack listens, as `hostedDeployment` places it. */
const STACK_PORT: Record<ServiceStack, number> = {
  micrometer: 8080,
  fastapi: 8000,
  flask_custom: 5000,
  otel: 9464,
  express: 3000,
};

function validate(spec: SharedSpec): void {
  const bad = (why: string) => new LoadLensError('BAD_INPUT', `Shared simulation "${spec.tenant}": ${why}`);
  if (!/^[a-z0-9_]+$/.test(spec.tenant)) throw bad('tenant must be lower_snake_case');
  if (spec.services.length === 0) throw bad('no services');
  const apps = new Set<string>();
  const hosts = new Set<string>();
  for (const s of spec.services) {
    if (!/^[a-z][a-z0-9]*$/.test(s.app))
      throw bad(`service name "${s.app}" must be lower-case letters and digits`);
    if (apps.has(s.app)) throw bad(`service "${s.app}" listed twice`);
    if (hosts.has(s.hostIp)) throw bad(`host ${s.hostIp} given to two services`);
    if (s.upSec < 0 || s.leadSec < 0 || s.tailSec < 0) throw bad(`service "${s.app}": negative time`);
    apps.add(s.app);
    hosts.add(s.hostIp);
  }
}

/** No traffic for `sec` seconds: a flat ramp, so it adds no plateau to the truth. */
function idle(sec: number): ProfileSegment[] {
  return sec > 0 ? [{ kind: 'ramp', fromRps: 0, toRps: 0, durationSec: sec }] : [];
}

/** The standalone scenario that simulates one service of the shared spec. */
function serviceScenario(spec: SharedSpec, svc: SharedServiceSpec, k: number, locustNo: number): Scenario {
  const testSec = expandProfile(svc.profile).totalSec;
  const loadTools: SimFamily[] = svc.loadTool === 'none' ? [] : [svc.loadTool];
  return {
    name: `${spec.tenant}_${svc.app}`,
    seed: svc.seed,
    startMs: spec.startMs + svc.upSec * 1000,
    scrapeIntervalSec: spec.scrapeIntervalSec,
    profile: [...idle(svc.leadSec), ...svc.profile, ...idle(svc.tailSec)],
    capacityRps: svc.capacityRps,
    bottleneck: svc.bottleneck,
    // Faults are given relative to the test; the timeline starts `leadSec` earlier.
    faults: (svc.faults ?? []).map((f) => ('atSec' in f ? { ...f, atSec: f.atSec + svc.leadSec } : f)),
    families: [
      ...loadTools,
      STACK_FAMILY[svc.stack],
      'node_exporter',
      'cadvisor',
      'postgres_exporter',
      'kafka_exporter',
    ],
    application: svc.app,
    baseLatencyMs: svc.baseLatencyMs,
    deployment: hostedDeployment({
      app: svc.app,
      tenant: spec.tenant,
      hostIp: svc.hostIp,
      dbIp: svc.dbIp,
      node: svc.node,
      k6TestId: svc.loadTool === 'k6' ? `${svc.app}-step` : null,
      // A load generator host of its own: the instance says nothing of the target.
      locustInstance: `10.0.9.${10 + locustNo}:9646`,
      // One kafka-exporter lists the internal topic once.
      internalKafkaTopic: k === 0,
      loadSpan: { fromSec: svc.leadSec, toSec: svc.leadSec + testSec },
    }),
  };
}

/**
 * Simulates several services sharing one Prometheus: each on its own host with its own
 * database, pod and consumer group, driven by its own k6 test, by a Locust whose metrics
 * do not name the target, or by nothing (background traffic). Each service is a scenario
 * of its own (`simulate`'s physics and exporters), placed by `hostedDeployment`; their
 * families are merged into one exposition. Deterministic for the spec.
 */
export function simulateShared(spec: SharedSpec): SharedOutput {
  validate(spec);
  const parts: TimedFamilies[] = [];
  const truths: Record<string, ServiceTruth> = {};
  let locusts = 0;
  spec.services.forEach((svc, k) => {
    const scenario = serviceScenario(spec, svc, k, locusts);
    if (svc.loadTool === 'locust') locusts++;
    const { truth, timed } = simulateFamilies(scenario);
    parts.push(timed);
    const dep = scenario.deployment!;
    const testFromMs = scenario.startMs + svc.leadSec * 1000;
    truths[svc.app] = {
      ...truth,
      scenario: spec.tenant,
      app: svc.app,
      stack: svc.stack,
      loadTool:
        svc.loadTool === 'k6'
          ? { tool: 'k6', id: dep.k6TestId! }
          : svc.loadTool === 'locust'
            ? { tool: 'locust', id: dep.instances.locust }
            : null,
      hostIp: svc.hostIp,
      appInstance: `${svc.hostIp}:${STACK_PORT[svc.stack]}`,
      dbName: dep.dbName,
      dbInstance: dep.instances.postgres_exporter,
      node: svc.node,
      pod: dep.pod,
      consumerGroup: dep.kafka.group,
      // Every service has node-exporter/cAdvisor (infra), postgres-exporter and kafka-exporter.
      domains: DOMAIN_IDS.filter(
        (d) => (d !== 'load' || svc.loadTool !== 'none') && (d !== 'jvm' || svc.stack === 'micrometer'),
      ),
      testFromMs,
      testToMs: testFromMs + expandProfile(svc.profile).totalSec * 1000,
    };
  });
  return { openMetrics: writeOpenMetricsParts(parts), truths };
}
