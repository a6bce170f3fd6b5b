import { foldSeries, type Metrics, type PanelSeries } from './metrics.js';
import type { TimeSeries } from './signals.js';

/**
 * Which panel answers which question. The preference orders live here so that steps,
 * SLOs, findings and summaries always read the same series.
 */

export type LatencyKind = 'p50' | 'p90' | 'p95' | 'p99' | 'avg';

const LATENCY_ROLE = {
  p50: 'latency_p50',
  p90: 'latency_p90',
  p95: 'latency_p95',
  p99: 'latency_p99',
  avg: 'latency_avg',
} as const;

/** Offered load (virtual users or offered rate), from the load tool. */
export function offeredLoad(m: Metrics): PanelSeries | null {
  return m.get('load', 'users', 'load');
}

/**
 * Served throughput: what the load tool saw, else the service's own count, else — for a
 * database driven directly (pgbench) — its transactions per second.
 */
export function throughput(m: Metrics): PanelSeries | null {
  return (
    m.get('load', 'rps', 'throughput') ??
    m.get('http', 'rps', 'throughput') ??
    (m.hasData('http') ? null : m.get('database', 'pg_tps'))
  );
}

/**
 * A server-side concurrency gauge that stands in for the offered load when the load tool
 * left no series: requests in flight, else — for a database driven directly — its
 * connections. Null when the load tool's own series exists.
 */
export function concurrency(m: Metrics): PanelSeries | null {
  if (offeredLoad(m)) return null;
  return m.get('http', 'in_flight') ?? (m.hasData('http') ? null : m.get('database', 'pg_connections'));
}

/** Latency in seconds: the service's view, else the load tool's. */
export function latency(m: Metrics, kind: LatencyKind): PanelSeries | null {
  const role = LATENCY_ROLE[kind];
  return m.get('http', kind, role) ?? m.get('load', kind, role);
}

/**
 * Error ratio (0..1): the service's 5xx share, else the load tool's failures, else — for a
 * database driven directly (pgbench), as `throughput` — its rolled-back share of transactions.
 */
export function errorRate(m: Metrics): PanelSeries | null {
  return (
    m.get('http', 'error_rate', 'error_rate') ??
    m.get('load', 'error_rate', 'error_rate') ??
    (m.hasData('http') ? null : m.get('database', 'pg_rollback_ratio', 'error_rate'))
  );
}

/** CPU busy ratio: host, else container of quota, else the JVM's process CPU. */
export function cpu(m: Metrics): PanelSeries | null {
  return m.get('infra', 'cpu') ?? m.get('infra', 'container_cpu') ?? m.get('jvm', 'process_cpu');
}

/** Memory in bytes: container working set, else process RSS, else JVM heap used. */
export function memory(m: Metrics): PanelSeries | null {
  return m.get('infra', 'container_memory') ?? m.get('infra', 'process_rss') ?? m.get('jvm', 'heap_used');
}

/** True when any latency series (of any kind) has data. */
export function hasAnyLatency(m: Metrics): boolean {
  return (Object.keys(LATENCY_ROLE) as LatencyKind[]).some((k) => latency(m, k) !== null);
}

/** Kafka topics whose name starts with `__` are internal (offsets, transactions) and ignored. */
export function isInternalTopic(topic: string | undefined): boolean {
  return topic?.startsWith('__') ?? false;
}

/** Consumer lag per topic (partitions and groups summed), internal topics left out. */
export function lagByTopic(m: Metrics): Array<{ topic: string; series: TimeSeries }> {
  const groups = new Map<string, TimeSeries[]>();
  for (const s of m.seriesOf('kafka', 'lag')) {
    const topic = s.labels.topic ?? s.name ?? s.id;
    if (isInternalTopic(topic)) continue;
    groups.set(topic, [...(groups.get(topic) ?? []), s]);
  }
  return [...groups.entries()]
    .map(([topic, list]) => ({ topic, series: foldSeries(list, 'sum') }))
    .filter((g) => g.series.v.some((x) => Number.isFinite(x)));
}

/** Total consumer lag over the non-internal topics, or null. */
export function totalLag(m: Metrics): TimeSeries | null {
  const topics = lagByTopic(m);
  return topics.length === 0
    ? null
    : foldSeries(
        topics.map((g) => g.series),
        'sum',
      );
}
