/**
 * The metric families topology discovery looks at, and the labels it reads from them.
 * Bounded on purpose: a shared Prometheus may hold millions of series, so discovery only
 * matches names the packs can use (by prefix) plus request/latency-looking names that the
 * generic HTTP pack may pick, and of every histogram only its `+Inf` bucket.
 */

/** Name prefixes and exact names of the families the built-in packs read. */
const PACK_FAMILIES = [
  'k6_.+',
  'locust_.+',
  'jmeter_.+',
  'http_.+',
  'hikaricp_connections.*',
  'jvm_(memory_used|memory_max|gc_pause|gc_live|threads_live).*',
  'process_(cpu|resident_memory|open_fds|max_fds).*',
  'nodejs_(eventloop_lag_seconds|heap_size_used_bytes|version_info)',
  'system_cpu_usage',
  'pg_stat_activity_count',
  'pg_stat_database_(xact_commit|xact_rollback|numbackends)',
  'pg_locks_count',
  'pg_pool_(connections|waiting|max)',
  'kafka_consumergroup_(lag|current_offset)',
  'kafka_topic_partition_current_offset',
  'node_cpu_seconds_total',
  'node_memory_Mem(Total|Available)_bytes',
  'node_disk_io_time_seconds_total',
  'node_network_(receive|transmit)_bytes_total',
  'container_cpu_(usage_seconds_total|cfs_throttled_periods_total|cfs_periods_total)',
  'container_memory_working_set_bytes',
  'container_spec_cpu_(quota|period)',
  'target_info',
];

/** Names of unknown apps that may be request counters or latency histograms (generic pack). */
const GENERIC_FAMILIES = [
  '[a-zA-Z_:]*(request|http)[a-zA-Z_:]*_total',
  '[a-zA-Z_:]*(latency|duration)[a-zA-Z_:]*_(seconds|milliseconds|ms)_(bucket|count)',
];

/** The `__name__` regex of every family discovery reads. */
export const FAMILY_REGEX = [...PACK_FAMILIES, ...GENERIC_FAMILIES].join('|');

/**
 * Labels that name a service, in the order they are preferred: Micrometer's
 * `application`, then `service`, OTel's `service_name`, Kubernetes' recommended label, a
 * plain `app`, the scrape `job`, and cAdvisor's `container`.
 */
export const SERVICE_LABELS = [
  'application',
  'service',
  'service_name',
  'app_kubernetes_io_name',
  'app',
  'job',
  'container',
] as const;

/** Labels that place a series: host, pod, database, consumer group, load test, pool. */
export const PLACE_LABELS = [
  'instance',
  'pod',
  'namespace',
  'datname',
  'consumergroup',
  'testid',
  'pool',
] as const;

/**
 * Labels whose mere presence tells one dialect from another (status vs status_code,
 * handler vs path): discovery keeps a flag per label instead of the values, so routes and
 * status codes do not multiply the answer.
 */
export const DIALECT_LABELS = [
  'status',
  'code',
  'status_code',
  'http_status',
  'http_status_code',
  'http_response_status_code',
  'handler',
  'path',
  'route',
  'uri',
  'endpoint',
  'http_route',
  'method',
] as const;

/** The label added to every discovery row for the host of a k6 request URL (`name`). */
export const TARGET_LABEL = 'll_target';

/** The label naming the family of a traffic row. */
export const FAMILY_LABEL = 'll_family';

/** Flag label for a dialect label: `ll_has_status_code`. */
export function flagLabel(label: string): string {
  return `ll_has_${label}`;
}

/** Scrape jobs of exporters and the monitoring stack: never a service under test. */
export const NOT_A_SERVICE =
  /^(node|node[-_]?exporter|kubelet|cadvisor|kube-state-metrics|postgres|postgres[-_]?exporter|pg[-_]?exporter|kafka[-_]?exporter|kafka|prometheus|alertmanager|grafana|pushgateway|otel[-_]?collector|blackbox|locust.*|k6.*|jmeter.*|gatling.*)$/i;
