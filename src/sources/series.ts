import type { DomainId } from '../config/file.schema.js';
import type { NativeSamples } from './native-histogram.js';

/** What a series means to the analysis. */
export type SeriesRole =
  | 'throughput'
  | 'latency_p50'
  | 'latency_p90'
  | 'latency_p95'
  | 'latency_p99'
  | 'latency_avg'
  | 'errors'
  | 'error_rate'
  | 'load'
  | 'gauge';

export type SeriesUnit = 'rps' | 's' | 'ms' | 'ratio' | 'percent' | 'bytes' | 'count' | 'cores';

/**
 * A time series as the analysis sees it: timestamps in epoch milliseconds and values,
 * as two parallel arrays (cheap to slice and resample). NaN marks a gap.
 */
export interface Series {
  /** Stable key within a report, e.g. `http.p95.orders`. */
  id: string;
  /** Human name built from the legend template. */
  name: string;
  labels: Record<string, string>;
  t: number[];
  v: number[];
  /** Native-histogram samples, when the query returned them (only a bucket fetch asks for them). */
  histograms?: NativeSamples;
}

/** The result of one panel query: the series it returned, or why it has none. */
export interface PanelData {
  domain: DomainId;
  /** Query id within the domain, e.g. `rps`, `p95`, `heap_used`. */
  panel: string;
  title: string;
  role: SeriesRole;
  unit: SeriesUnit;
  /** Which pack produced the query (`micrometer`, `k6`, `user`, …). */
  pack: string;
  query: string;
  series: Series[];
  error?: string;
  /** Set with `error` when the query was sent and the source gave up on it. */
  failure?: PanelFailure;
  warnings?: string[];
}

/** Why the source gave up on a panel's query: what happened, how many requests, when. */
export interface PanelFailure {
  /** `timeout`; `overloaded` (429/503); `unreachable`; `rejected` (the query); `error` (anything else). */
  kind: 'timeout' | 'overloaded' | 'unreachable' | 'rejected' | 'error';
  /** Who gave up: `Prometheus`, `Grafana`, `InfluxDB`, `the recording`. */
  source: string;
  /** Requests sent for the query, all its shards and retries included. */
  tries: number;
  /** When it gave up (ISO 8601). */
  at: string;
}
