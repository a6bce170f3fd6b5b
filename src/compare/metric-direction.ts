import type { DomainId } from '../config/file.schema.js';
import type { SeriesRole } from '../sources/series.js';
import type { ChangeDirection, CompareFloors, StatName } from './compare.types.js';

/** What "up" means for a metric. */
export type Polarity = 'higher_worse' | 'higher_better' | 'neutral';

/** Default absolute floors (normalised units): smaller moves are noise however significant. */
export const DEFAULT_FLOORS: CompareFloors = {
  // 7 ms: a +20 % slowdown of a 40 ms mean (8 ms) must count, a 5 ms wobble must not.
  latencySec: 0.007,
  errorRatio: 0.005,
  ratio: 0.03,
  rps: 1,
  bytes: 32 * 1024 * 1024,
  count: 2,
  cores: 0.05,
};

/**
 * Gauges that follow the offered load or are configuration, so a move says nothing about
 * the service's health: limits, connection counts, message and network rates, threads.
 */
const NEUTRAL_GAUGES = new Set([
  'jvm.heap_max',
  'jvm.threads',
  'database.pool_max',
  'database.pg_connections',
  'database.pg_tps',
  'kafka.consume_rate',
  'kafka.produce_rate',
  'infra.net_rx',
  'infra.net_tx',
]);

/**
 * Higher latency, errors or resource use is worse; lower throughput is worse; offered load
 * and the neutral gauges above have no good direction.
 */
export function polarityOf(domain: DomainId, panel: string, role: SeriesRole, unit: string): Polarity {
  if (role === 'throughput') return 'higher_better';
  if (role === 'load') return 'neutral';
  if (role !== 'gauge') return 'higher_worse';
  if (NEUTRAL_GAUGES.has(`${domain}.${panel}`)) return 'neutral';
  if (unit === 'rps') return 'neutral';
  return 'higher_worse';
}

/** Good or bad, for a significant move of a metric with this polarity; `same` when it did not move. */
export function judge(polarity: Polarity, moved: 'up' | 'down' | 'none'): ChangeDirection {
  if (moved === 'none' || polarity === 'neutral') return 'same';
  const worseWhenUp = polarity === 'higher_worse';
  return (moved === 'up') === worseWhenUp ? 'worse' : 'better';
}

/** Absolute floor of a metric, in its normalised unit. */
export function absoluteFloor(role: SeriesRole, unit: string, floors: CompareFloors): number {
  if (role === 'error_rate') return floors.errorRatio;
  switch (unit) {
    case 's':
    case 'ms':
      return floors.latencySec;
    case 'ratio':
    case 'percent':
      return floors.ratio;
    case 'rps':
      return floors.rps;
    case 'bytes':
      return floors.bytes;
    case 'cores':
      return floors.cores;
    default:
      return floors.count;
  }
}

/**
 * The statistic a change is stated in: the typical interval (median) for most metrics, the
 * mean for errors (the share of failed requests, bursts included).
 */
export function headlineStat(role: SeriesRole): StatName {
  return role === 'error_rate' || role === 'errors' ? 'mean' : 'p50';
}

/**
 * The questions the verdict answers, each with the panels that answer it in order of
 * preference (as in `analysis/key-series.ts`): throughput, latency p95/p99/mean of the
 * server and of the load tool, error rate and resource saturation. Only the first panel both runs have counts, so one question is one
 * metric, not hundreds of series.
 */
export const KEY_METRICS: ReadonlyArray<{ id: string; panels: ReadonlyArray<readonly [DomainId, string]> }> =
  [
    {
      id: 'throughput',
      panels: [
        ['load', 'rps'],
        ['http', 'rps'],
      ],
    },
    // Server and load tool answer the latency question each on their own: a run may have
    // either, and a slowdown can show in one only (client-side network, a proxy, or a
    // server histogram whose wide buckets hide it from the interpolated quantiles).
    { id: 'latency_p95', panels: [['http', 'p95']] },
    { id: 'latency_p99', panels: [['http', 'p99']] },
    // The mean from `_sum / _count` reads the whole histogram without bucket interpolation.
    { id: 'latency_mean', panels: [['http', 'avg']] },
    { id: 'tool_latency_p95', panels: [['load', 'p95']] },
    { id: 'tool_latency_p99', panels: [['load', 'p99']] },
    { id: 'tool_latency_mean', panels: [['load', 'avg']] },
    {
      id: 'error_rate',
      panels: [
        ['http', 'error_rate'],
        ['load', 'error_rate'],
      ],
    },
    {
      id: 'cpu',
      panels: [
        ['infra', 'cpu'],
        ['infra', 'container_cpu'],
        ['jvm', 'process_cpu'],
      ],
    },
    { id: 'cpu_throttling', panels: [['infra', 'container_throttled']] },
    { id: 'gc', panels: [['jvm', 'gc_pause_share']] },
    { id: 'db_pool_wait', panels: [['database', 'pool_pending']] },
  ];

/** `domain.panel` of the key metrics present in both runs (`has` says whether a panel has data in both). */
export function keyPanels(has: (domain: DomainId, panel: string) => boolean): Set<string> {
  const out = new Set<string>();
  for (const k of KEY_METRICS) {
    const hit = k.panels.find(([d, p]) => has(d, p));
    if (hit) out.add(`${hit[0]}.${hit[1]}`);
  }
  return out;
}
