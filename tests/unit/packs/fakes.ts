import { LoadLensError } from '../../../src/core/errors.js';
import type { Series } from '../../../src/sources/series.js';
import type { InfluxSource, PromSource, RangeQuery, RangeResult } from '../../../src/sources/source.js';
import { DIALECT_LABELS, flagLabel } from '../../../src/topology/families.js';
import { NAME_LABEL } from '../../../src/topology/inventory-query.js';

/** What a fake source was asked. */
export interface Calls {
  labelValues: Array<{ label: string; matchers?: string[] }>;
  series: string[][];
  ranges: RangeQuery[];
}

/** Answer of a range query: series values, or an error to throw. */
export type Answer = number[] | Error;

/** A plain-object PromSource recording every call; `answer` decides each range query's result. */
export function fakeProm(opts: {
  names: string[];
  labels?: Record<string, string[]>;
  answer?: (q: RangeQuery) => Answer;
  labelValuesError?: Error;
  /** Makes the topology inventory query fail, so discovery falls back to the label-values API. */
  inventoryError?: Error;
}): PromSource & { calls: Calls } {
  const calls: Calls = { labelValues: [], series: [], ranges: [] };
  return {
    kind: 'prometheus',
    calls,
    async labelValues(label, _from, _to, matchers) {
      calls.labelValues.push({ label, matchers });
      if (opts.labelValuesError) throw opts.labelValuesError;
      return label === '__name__' ? [...opts.names] : [];
    },
    async series(matchers) {
      calls.series.push(matchers);
      const metric = /^[a-zA-Z_:][\w:]*/.exec(matchers[0] ?? '')?.[0] ?? '';
      const names = opts.labels?.[metric] ?? [];
      return [Object.fromEntries([['__name__', metric], ...names.map((n) => [n, 'x'])])];
    },
    async queryRange(q) {
      calls.ranges.push(q);
      if (q.id === 'topology.inventory') {
        const err = opts.inventoryError ?? opts.labelValuesError;
        if (err) throw err;
        return inventoryAnswer(q, opts.names, opts.labels ?? {});
      }
      return toResult(q, opts.answer?.(q) ?? [1, 2, 3]);
    },
  };
}

/** The inventory query's answer as Prometheus gives it: one row per name, dialect labels as flags. */
function inventoryAnswer(q: RangeQuery, names: string[], labels: Record<string, string[]>): RangeResult {
  const series: Series[] = names.map((name, i) => ({
    id: `${q.id}.${i}`,
    name,
    labels: {
      [NAME_LABEL]: name,
      ...Object.fromEntries(
        (labels[name] ?? [])
          .filter((l) => (DIALECT_LABELS as readonly string[]).includes(l))
          .map((l) => [flagLabel(l), '1']),
      ),
    },
    t: [q.toMs],
    v: [1],
  }));
  return { series, stepSec: q.stepSec, warnings: [] };
}

/** A plain-object InfluxSource (kind influx1 unless told). */
export function fakeInflux(opts: {
  measurements: string[];
  kind?: InfluxSource['kind'];
  answer?: (q: RangeQuery) => Answer;
  measurementsError?: Error;
}): InfluxSource & { calls: Calls } {
  const calls: Calls = { labelValues: [], series: [], ranges: [] };
  return {
    kind: opts.kind ?? 'influx1',
    calls,
    async measurements() {
      if (opts.measurementsError) throw opts.measurementsError;
      return [...opts.measurements];
    },
    async queryRange(q) {
      calls.ranges.push(q);
      return toResult(q, opts.answer?.(q) ?? [1, 2, 3]);
    },
  };
}

function toResult(q: RangeQuery, a: Answer): RangeResult {
  if (a instanceof Error) throw a;
  const t = a.map((_, i) => q.fromMs + i * q.stepSec * 1000);
  const series: Series[] = [{ id: q.id ?? 'x', name: q.id ?? 'x', labels: {}, t, v: [...a] }];
  return { series, stepSec: q.stepSec, warnings: [] };
}

/** A query error as the real Prometheus client phrases it. */
export function badData(q: RangeQuery, msg = 'parse error'): LoadLensError {
  return new LoadLensError('SOURCE_QUERY_ERROR', `query "${q.id}" failed: ${msg}`, { retryable: false });
}

/** Every metric family the simulator exposes at once (same system, several instrumentations). */
export const SIM_NAMES = [
  'k6_http_reqs_total',
  'k6_vus',
  'k6_http_req_duration_p95',
  'k6_http_req_duration_p99',
  'k6_http_req_duration_avg',
  'k6_http_req_failed_rate',
  'locust_users',
  'locust_requests_current_rps',
  'locust_requests_current_response_time_percentile_95',
  'locust_requests_fail_ratio',
  'locust_requests_current_fail_per_sec',
  'http_server_requests_seconds_count',
  'http_server_requests_seconds_sum',
  'http_server_requests_seconds_bucket',
  'http_server_requests_seconds_max',
  'http_requests_total',
  'http_request_duration_seconds_count',
  'http_request_duration_seconds_sum',
  'http_request_duration_seconds_bucket',
  'http_server_request_duration_seconds_count',
  'http_server_request_duration_seconds_sum',
  'http_server_request_duration_seconds_bucket',
  'http_server_duration_milliseconds_count',
  'http_server_duration_milliseconds_sum',
  'http_server_duration_milliseconds_bucket',
  'flask_app_request_count_total',
  'flask_app_request_latency_seconds_bucket',
  'flask_app_request_latency_seconds_count',
  'flask_app_request_latency_seconds_sum',
  'jvm_memory_used_bytes',
  'jvm_memory_max_bytes',
  'jvm_gc_pause_seconds_sum',
  'jvm_gc_pause_seconds_count',
  'jvm_gc_pause_seconds_max',
  'jvm_threads_live_threads',
  'process_cpu_usage',
  'hikaricp_connections_active',
  'hikaricp_connections_max',
  'hikaricp_connections_pending',
  'hikaricp_connections_acquire_seconds_sum',
  'hikaricp_connections_acquire_seconds_count',
  'pg_stat_activity_count',
  'pg_stat_database_xact_commit',
  'pg_stat_database_xact_rollback',
  'pg_locks_count',
  'kafka_consumergroup_lag',
  'kafka_consumergroup_current_offset',
  'kafka_topic_partition_current_offset',
  'node_cpu_seconds_total',
  'node_memory_MemTotal_bytes',
  'node_memory_MemAvailable_bytes',
  'node_disk_io_time_seconds_total',
  'node_network_receive_bytes_total',
  'node_network_transmit_bytes_total',
  'container_cpu_usage_seconds_total',
  'container_spec_cpu_quota',
  'container_spec_cpu_period',
  'container_cpu_cfs_periods_total',
  'container_cpu_cfs_throttled_periods_total',
  'container_memory_working_set_bytes',
  'process_cpu_seconds_total',
  'process_resident_memory_bytes',
  'process_open_fds',
  'process_max_fds',
];

/** Label names of the metrics discovery inspects, as the simulator writes them. */
export const SIM_LABELS: Record<string, string[]> = {
  http_requests_total: ['handler', 'method', 'status', 'job', 'instance'],
  flask_app_request_count_total: ['method', 'endpoint', 'http_status', 'job', 'instance'],
  flask_app_request_latency_seconds_count: ['method', 'endpoint', 'job', 'instance'],
};
