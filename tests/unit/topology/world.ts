import type { Series } from '../../../src/sources/series.js';
import type { PromSource, RangeQuery, RangeResult } from '../../../src/sources/source.js';
import { discoverTopology } from '../../../src/topology/discover-topology.js';
import { FAMILY_LABEL, flagLabel, TARGET_LABEL } from '../../../src/topology/families.js';
import { NAME_LABEL } from '../../../src/topology/inventory-query.js';
import type { InventoryRow, Topology } from '../../../src/topology/topology.types.js';

/**
 * A hand-built shared Prometheus for topology unit tests: inventory rows as the inventory
 * query would return them, and traffic rows (request rates per family and labels) as the
 * traffic query would, answered by a fake PromSource at the two topology seams.
 */

/** A 40-minute window. */
export const W = { fromMs: Date.UTC(2030, 0, 1, 10, 0), toMs: Date.UTC(2030, 0, 1, 10, 40) };

/**
 * Points of a traffic profile over `W`: one per minute. The fake answers the traffic query on
 * whatever grid it asks for by reading the minute each point falls in, as Prometheus would
 * read a rate that holds for the minute.
 */
export const STEP_SEC = 60;
export const POINTS = Math.floor((W.toMs - W.fromMs) / 1000 / STEP_SEC) + 1;

/** One inventory row. */
export function row(name: string, labels: Record<string, string>, flags: string[] = []): InventoryRow {
  return { name, labels, flags: new Set(flags), series: 1 };
}

/** One traffic series: a family (`k6`, `locust`, or a counter name), its labels and rate profile. */
export interface TrafficSpec {
  family: string;
  labels: Record<string, string>;
  profile: number[];
}

/** A flat profile. */
export function flat(rps: number): number[] {
  return new Array<number>(POINTS).fill(rps);
}

/** A step profile: `levels` spread evenly over the window (idle before the first). */
export function steps(levels: number[], scale = 1, idle = 4): number[] {
  const out: number[] = [];
  const per = Math.floor((POINTS - idle) / levels.length);
  for (let i = 0; i < POINTS; i++) {
    const k = i < idle ? -1 : Math.min(levels.length - 1, Math.floor((i - idle) / per));
    out.push(k < 0 ? 0 : levels[k]! * scale);
  }
  return out;
}

/** Inventory rows as Prometheus answers the inventory query (names and flags as labels). */
function inventorySeries(rows: readonly InventoryRow[], q: RangeQuery): Series[] {
  return rows.map((r, i) => {
    const labels: Record<string, string> = { [NAME_LABEL]: r.name };
    for (const [k, v] of Object.entries(r.labels)) labels[k === 'target' ? TARGET_LABEL : k] = v;
    for (const f of r.flags) labels[flagLabel(f)] = '1';
    return { id: `inv.${i}`, name: r.name, labels, t: [q.toMs], v: [r.series] };
  });
}

/** Traffic specs as Prometheus answers the traffic query, on its grid (zero points dropped as absent). */
function trafficSeries(traffic: readonly TrafficSpec[], q: RangeQuery): Series[] {
  return traffic.map((s, i) => {
    const t: number[] = [];
    const v: number[] = [];
    const n = Math.floor((q.toMs - q.fromMs) / 1000 / q.stepSec) + 1;
    for (let j = 0; j < n; j++) {
      const k = Math.min(s.profile.length - 1, Math.floor((j * q.stepSec) / STEP_SEC));
      t.push(q.fromMs + j * q.stepSec * 1000);
      v.push(s.profile[k]!);
    }
    const labels: Record<string, string> = { [FAMILY_LABEL]: s.family };
    for (const [k, val] of Object.entries(s.labels)) labels[k === 'target' ? TARGET_LABEL : k] = val;
    return { id: `traffic.${i}`, name: s.family, labels, t, v };
  });
}

/** What the fake source was asked. */
export interface FakeCalls {
  ranges: RangeQuery[];
  other: string[];
}

/** A PromSource answering only the two topology queries from `rows` and `traffic`. */
export function fakeTopologySource(
  rows: readonly InventoryRow[],
  traffic: readonly TrafficSpec[],
  opts: { inventoryError?: Error } = {},
): PromSource & { calls: FakeCalls } {
  const calls: FakeCalls = { ranges: [], other: [] };
  return {
    kind: 'prometheus',
    calls,
    async labelValues(label) {
      calls.other.push(`labelValues ${label}`);
      return [];
    },
    async series(matchers) {
      calls.other.push(`series ${matchers.join(' ')}`);
      return [];
    },
    async queryRange(q): Promise<RangeResult> {
      calls.ranges.push(q);
      if (q.id === 'topology.inventory') {
        if (opts.inventoryError) throw opts.inventoryError;
        return { series: inventorySeries(rows, q), stepSec: q.stepSec, warnings: [] };
      }
      if (q.id === 'topology.traffic')
        return { series: trafficSeries(traffic, q), stepSec: q.stepSec, warnings: [] };
      throw new Error(`unexpected query ${q.id}`);
    },
  };
}

/** Discovers the topology of a hand-built world through the real discovery code. */
export async function topologyOf(
  rows: readonly InventoryRow[],
  traffic: readonly TrafficSpec[],
): Promise<Topology> {
  return discoverTopology(fakeTopologySource(rows, traffic), W);
}

/*
 * The shop: three services on their own hosts, each with its own stack, plus exporters.
 *  - orders: Micrometer + HikariCP, `application="orders"`, 10.0.1.11, k6 test `orders-step`;
 *  - payments: FastAPI instrumentator (`handler`, `status`), `job="payments"`, 10.0.1.12;
 *  - catalog: express-prom-bundle (`status_code`, `path`) + prom-client, `job="catalog"`, 10.0.1.13.
 * payments and catalog share `http_request_duration_seconds` with different labels.
 */
export const ORDERS = { application: 'orders', job: 'orders', instance: '10.0.1.11:8080' };
export const PAYMENTS = { job: 'payments', instance: '10.0.1.12:8000' };
export const CATALOG = { job: 'catalog', instance: '10.0.1.13:3000' };

export const APP_ROWS: InventoryRow[] = [
  row('http_server_requests_seconds_count', ORDERS, ['method', 'status', 'uri']),
  row('http_server_requests_seconds_bucket', ORDERS, ['method', 'status', 'uri']),
  row('jvm_memory_used_bytes', ORDERS),
  row('hikaricp_connections_active', { ...ORDERS, pool: 'HikariPool-1' }),
  row('process_cpu_seconds_total', ORDERS),
  row('http_requests_total', PAYMENTS, ['handler', 'method', 'status']),
  row('http_request_duration_seconds_count', PAYMENTS, ['handler', 'method']),
  row('http_request_duration_seconds_bucket', PAYMENTS, ['handler', 'method']),
  row('http_request_duration_seconds_count', CATALOG, ['method', 'path', 'status_code']),
  row('http_request_duration_seconds_bucket', CATALOG, ['method', 'path', 'status_code']),
  row('nodejs_eventloop_lag_seconds', CATALOG),
];

/** node-exporter on each service's host and on one unrelated host. */
export const NODE_ROWS: InventoryRow[] = ['10.0.1.11', '10.0.1.12', '10.0.1.13', '10.0.1.99'].map((h) =>
  row('node_cpu_seconds_total', { job: 'node', instance: `${h}:9100` }),
);

export const EXPORTER_ROWS: InventoryRow[] = [
  ...NODE_ROWS,
  row('container_cpu_usage_seconds_total', {
    job: 'kubelet',
    container: 'orders',
    pod: 'orders-7d9f8c6b5-x2k4q',
    instance: 'node-1',
  }),
  // payments' pod has no container name of its own (`app`): matched by pod name.
  row('container_cpu_usage_seconds_total', {
    job: 'kubelet',
    pod: 'payments-5c4f9-abcde',
    instance: 'node-2',
  }),
  ...['orders', 'payments', 'catalog', 'shop_reporting'].map((d) =>
    row('pg_stat_activity_count', { job: 'postgres', instance: '10.0.2.40:9187', datname: d }),
  ),
  ...['orders-consumer', 'payments-consumer'].map((g) =>
    row('kafka_consumergroup_lag', {
      job: 'kafka-exporter',
      instance: 'kafka-exporter:9308',
      consumergroup: g,
    }),
  ),
  row('k6_http_reqs_total', { job: 'k6', testid: 'orders-step' }),
  row('k6_vus', { job: 'k6', testid: 'orders-step' }),
];

/** Traffic of the shop's three apps: orders under a step test, the others flat. */
export function appTraffic(
  orders = steps([50, 100, 150, 200]),
  payments = flat(20),
  catalog = flat(8),
): TrafficSpec[] {
  return [
    { family: 'http_server_requests_seconds_count', labels: ORDERS, profile: orders },
    { family: 'http_requests_total', labels: PAYMENTS, profile: payments },
    { family: 'http_request_duration_seconds_count', labels: PAYMENTS, profile: payments },
    { family: 'http_request_duration_seconds_count', labels: CATALOG, profile: catalog },
  ];
}
