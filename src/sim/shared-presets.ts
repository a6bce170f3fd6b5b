import { stepProfile } from './presets.js';
import type { LoadToolKind, ServiceStack, SharedServiceSpec, SharedSpec } from './shared.js';

const MIN = 60;
const SCRAPE_SEC = 15;

/** Tenant (`scenario` label) of the shared window. */
export const SHARED_TENANT = 'shared';

/** Seconds after the block start where the window of the busy services begins and ends. */
const WINDOW_FROM_SEC = 70 * MIN;
const WINDOW_SEC = 40 * MIN;

/** The shared window and where it lies. */
export interface SharedWindowPreset {
  spec: SharedSpec;
  /** Epoch ms: every busy service's exporters and tests lie inside. */
  window: { fromMs: number; toMs: number };
}

type Busy = Pick<
  SharedServiceSpec,
  'app' | 'stack' | 'loadTool' | 'hostIp' | 'dbIp' | 'node' | 'seed' | 'capacityRps' | 'bottleneck'
> & { leadSec: number; levels: number[]; stepSec: number; baseLatencyMs: number };

/** A service busy inside the window: up for the whole window, its step test inside it. */
function busy(b: Busy): SharedServiceSpec {
  const profile = stepProfile(b.levels, b.stepSec, MIN);
  const testSec = b.levels.length * (b.stepSec + MIN) + MIN;
  const { levels: _l, stepSec: _s, ...rest } = b;
  return { ...rest, upSec: WINDOW_FROM_SEC, profile, tailSec: WINDOW_SEC - b.leadSec - testSec };
}

/**
 * The shared-Prometheus acceptance data, inside one 2-hour TSDB block from `blockStartMs`
 * (a multiple of 2 h, so Prometheus' per-block label index spans all of it):
 *
 * - window [block + 70 min, block + 110 min], four services under load, each with its own
 *   step timing: `orders` (Micrometer + HikariCP, k6, pool exhaustion past 210 rps → peak
 *   200, fail), `payments` (FastAPI, Locust that names no target, CPU past 130 → peak 120,
 *   fail), `catalog` (express, k6, head-room → peak 290, pass), `search` (OTel, k6, Kafka
 *   consumer past 86 → peak 80, risk);
 * - `inventory` (Micrometer, no load tool) serving ~3 rps from block + 0 to block + 115 min;
 * - `billing` (Flask-style, k6) whose test ran from block + 5 min to block + 21 min: an hour
 *   before the window, its series gone by block + 23 min. Flask's families exist nowhere
 *   else, so a report on the window that picks a Flask pack read the block, not the window.
 */
export function sharedWindowPreset(blockStartMs: number): SharedWindowPreset {
  const services: SharedServiceSpec[] = [
    busy({
      app: 'orders',
      stack: 'micrometer',
      loadTool: 'k6',
      hostIp: '10.0.1.11',
      dbIp: '10.0.2.40',
      node: 'node-1',
      seed: 2001,
      capacityRps: 210,
      bottleneck: 'db_pool',
      leadSec: 2 * MIN,
      levels: [50, 100, 150, 200, 250, 300],
      stepSec: 4 * MIN,
      baseLatencyMs: 40,
    }),
    busy({
      app: 'payments',
      stack: 'fastapi',
      loadTool: 'locust',
      hostIp: '10.0.1.12',
      dbIp: '10.0.2.40',
      node: 'node-2',
      seed: 2002,
      capacityRps: 130,
      bottleneck: 'cpu',
      leadSec: 5 * MIN,
      levels: [40, 80, 120, 160],
      stepSec: 5 * MIN,
      baseLatencyMs: 60,
    }),
    busy({
      app: 'catalog',
      stack: 'express',
      loadTool: 'k6',
      hostIp: '10.0.1.13',
      dbIp: '10.0.2.41',
      node: 'node-3',
      seed: 2003,
      capacityRps: 450,
      bottleneck: 'none',
      leadSec: 3 * MIN,
      levels: [70, 140, 210, 290],
      stepSec: 3.5 * MIN,
      baseLatencyMs: 25,
    }),
    busy({
      app: 'search',
      stack: 'otel',
      loadTool: 'k6',
      hostIp: '10.0.1.14',
      dbIp: '10.0.2.41',
      node: 'node-4',
      seed: 2004,
      capacityRps: 86,
      bottleneck: 'kafka',
      leadSec: 10 * MIN,
      levels: [20, 50, 80, 110],
      stepSec: 4.5 * MIN,
      baseLatencyMs: 35,
    }),
    {
      app: 'inventory',
      stack: 'micrometer',
      loadTool: 'none',
      hostIp: '10.0.1.15',
      dbIp: '10.0.2.41',
      node: 'node-1',
      seed: 2005,
      capacityRps: 400,
      bottleneck: 'none',
      upSec: 0,
      leadSec: 0,
      profile: [{ kind: 'step', rps: 3, durationSec: 115 * MIN }],
      tailSec: 0,
      baseLatencyMs: 30,
    },
    {
      app: 'billing',
      stack: 'flask_custom',
      loadTool: 'k6',
      hostIp: '10.0.1.16',
      dbIp: '10.0.2.40',
      node: 'node-2',
      seed: 2006,
      capacityRps: 160,
      bottleneck: 'cpu',
      upSec: 0,
      leadSec: 5 * MIN,
      profile: stepProfile([60, 120, 180], 4 * MIN, MIN),
      tailSec: 2 * MIN,
      baseLatencyMs: 45,
    },
  ];
  return {
    spec: { tenant: SHARED_TENANT, startMs: blockStartMs, scrapeIntervalSec: SCRAPE_SEC, services },
    window: {
      fromMs: blockStartMs + WINDOW_FROM_SEC * 1000,
      toMs: blockStartMs + (WINDOW_FROM_SEC + WINDOW_SEC) * 1000,
    },
  };
}

const BENCH_NAMES = [
  'orders',
  'payments',
  'catalog',
  'search',
  'inventory',
  'billing',
  'shipping',
  'users',
  'auth',
  'cart',
  'reviews',
  'pricing',
  'notifications',
  'recommendations',
  'gateway',
  'media',
  'analytics',
  'accounts',
  'checkout',
  'loyalty',
];

const BENCH_STACKS: ServiceStack[] = ['micrometer', 'fastapi', 'express', 'otel', 'flask_custom'];

/**
 * A Prometheus-worth of `n` services for benchmarks, all up for `windowMin` minutes from
 * `startMs`: mixed stacks (cycling Micrometer, FastAPI, express, OTel, Flask-style), each
 * on its own host with node-exporter, cAdvisor, postgres-exporter (four database servers)
 * and kafka-exporter series. Few are load-tested: services 0-2 by k6 step tests, service 3
 * by Locust; the rest serve flat background traffic of 2-20 rps.
 */
export function sharedServices(n: number, startMs: number, windowMin = 40): SharedSpec {
  const windowSec = windowMin * MIN;
  const services = Array.from({ length: n }, (_, k): SharedServiceSpec => {
    const app = BENCH_NAMES[k] ?? `svc${k}`;
    const loadTool: LoadToolKind = k < 3 ? 'k6' : k === 3 ? 'locust' : 'none';
    const loaded = loadTool !== 'none';
    const levels = [40, 80, 120, 160].map((r) => r + 10 * k);
    const testSec = levels.length * (4 * MIN + MIN) + MIN;
    const leadSec = loaded ? Math.min(2 * MIN + k * MIN, Math.max(0, windowSec - testSec)) : 0;
    return {
      app,
      stack: BENCH_STACKS[k % BENCH_STACKS.length]!,
      loadTool,
      hostIp: `10.1.${1 + Math.floor(k / 200)}.${10 + (k % 200)}`,
      dbIp: `10.1.250.${40 + (k % 4)}`,
      node: `node-${1 + (k % 8)}`,
      seed: 3000 + k,
      // Loaded services saturate between their third and fourth step; the rest have room.
      capacityRps: loaded ? levels[2]! + 15 : 300,
      bottleneck: loaded ? (['db_pool', 'cpu', 'none', 'cpu'] as const)[k]! : 'none',
      upSec: 0,
      leadSec,
      profile: loaded
        ? stepProfile(levels, 4 * MIN, MIN)
        : [{ kind: 'step', rps: 2 + ((k * 7) % 19), durationSec: windowSec }],
      tailSec: loaded ? Math.max(0, windowSec - leadSec - testSec) : 0,
      baseLatencyMs: 30 + (k % 5) * 5,
    };
  });
  return { tenant: 'bench', startMs, scrapeIntervalSec: SCRAPE_SEC, services };
}
