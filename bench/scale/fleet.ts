/**
 * The fleet the scaling benchmark simulates: one Spring service (`checkout`, Micrometer HTTP
 * with dozens of routes, JVM, HikariCP) on several instances, each host with node-exporter,
 * driven by one k6 soak, scraped every 15 s. Each instance is a simulator scenario of its own
 * (its own seed and host), all sharing the `application` label, as one scaled-out service.
 */
import { hostedDeployment } from '../../src/sim/deployment.js';
import { stepProfile } from '../../src/sim/presets.js';
import type { Scenario } from '../../src/sim/scenario.js';

/** One dataset of the benchmark. */
export interface ScaleSize {
  /** `1h`, `6h`, `24h`: also the CLI's name for it (`SCALE_SIZES=1h,6h`). */
  name: string;
  hours: number;
  /** HTTP routes of the service (`uri` values). */
  routes: number;
  /** Instances of the service, each on its own host. */
  instances: number;
}

/**
 * The sizes. 1 h and 24 h share the narrow fleet, so 24 h is that fleet over a day and is
 * generated and backfilled in under 5 minutes on 2 cores; 6 h has the wider fleet.
 */
export const SCALE_SIZES: readonly ScaleSize[] = [
  { name: '1h', hours: 1, routes: 30, instances: 10 },
  { name: '6h', hours: 6, routes: 45, instances: 15 },
  { name: '24h', hours: 24, routes: 30, instances: 10 },
];

/** Value of the `scenario` label on every series of the benchmark. */
export const SCALE_TENANT = 'scale';
export const SCALE_APP = 'checkout';
export const SCALE_SCRAPE_SEC = 15;

const HOUR_MS = 3_600_000;
/** The largest block promtool makes (54 h): a dataset inside one leaves Prometheus nothing to compact. */
export const BLOCK_RANGE_MS = 54 * HOUR_MS;
const RAMP_SEC = 60;
/** Offered load per instance; the pool saturates between the 5th and the 6th step. */
const LEVELS_RPS = [5, 10, 15, 20, 25, 30];
const CAPACITY_RPS = 27;

/**
 * Where every dataset starts: one hour into the newest 54 h block range that ends at least
 * 4 h before `nowMs` (older than Prometheus' head). Stable for 54 h, so cached blocks stay valid.
 */
export function scaleStartMs(nowMs: number): number {
  return Math.floor((nowMs - 4 * HOUR_MS - BLOCK_RANGE_MS) / BLOCK_RANGE_MS) * BLOCK_RANGE_MS + HOUR_MS;
}

/** The scenarios of one size: instance 0 also carries the k6 test (k6 series have no instance). */
export function fleetScenarios(size: ScaleSize, startMs: number): Scenario[] {
  const stepSec = Math.floor((size.hours * 3600 - (LEVELS_RPS.length + 1) * RAMP_SEC) / LEVELS_RPS.length);
  return Array.from({ length: size.instances }, (_, k): Scenario => {
    const hostIp = `10.4.${1 + Math.floor(k / 200)}.${10 + (k % 200)}`;
    return {
      name: `scale_${size.name}_i${k}`,
      seed: 7000 + k,
      startMs,
      scrapeIntervalSec: SCALE_SCRAPE_SEC,
      profile: stepProfile(LEVELS_RPS, stepSec, RAMP_SEC),
      capacityRps: CAPACITY_RPS,
      bottleneck: 'db_pool',
      faults: [],
      families: k === 0 ? ['k6', 'micrometer', 'node_exporter'] : ['micrometer', 'node_exporter'],
      application: SCALE_APP,
      routes: size.routes,
      baseLatencyMs: 30 + (k % 4) * 5,
      deployment: hostedDeployment({
        app: SCALE_APP,
        tenant: SCALE_TENANT,
        hostIp,
        dbIp: '10.4.250.40',
        node: `node-${1 + (k % 8)}`,
        k6TestId: k === 0 ? `${SCALE_APP}-soak` : null,
        locustInstance: '10.4.9.10:9646',
        internalKafkaTopic: false,
        loadSpan: null,
      }),
    };
  });
}
