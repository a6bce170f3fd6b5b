import type { Series } from './series.js';

/** A time window in epoch milliseconds, with the resolution to query at. */
export interface RangeQuery {
  query: string;
  fromMs: number;
  toMs: number;
  /** Step in seconds; the source may coarsen it to stay under its point limit (and warn). */
  stepSec: number;
  /** Legend template such as `{{instance}} {{uri}}`; default: the metric's labels. */
  legend?: string;
  /** Query id used in errors and recordings. */
  id?: string;
}

/** Result of one range query. */
export interface RangeResult {
  series: Series[];
  /** The step actually used (seconds). */
  stepSec: number;
  warnings: string[];
}

/**
 * Most label sets `PromSource.series` returns. Discovery only reads label names from them,
 * which a thousand series tell as well as a hundred thousand; a pattern matching more is
 * narrowed (asked with `limit`, which Prometheus ≥ 2.48, Thanos and VictoriaMetrics honour,
 * and cut client-side for those that ignore it), and discovery says so.
 */
export const SERIES_LIMIT = 1_000;

/**
 * A PromQL-speaking metric source: Prometheus directly, Grafana's datasource proxy, or a
 * replayed recording. Failures throw LoadLensError with SOURCE_* codes.
 */
export interface PromSource {
  readonly kind: 'prometheus' | 'grafana' | 'replay';
  /** Values of a label (use `__name__` for metric names) seen in the window, optionally under matchers. */
  labelValues(label: string, fromMs: number, toMs: number, matchers?: string[]): Promise<string[]>;
  /** Label sets of the series matching `match[]` in the window, at most SERIES_LIMIT of them. */
  series(matchers: string[], fromMs: number, toMs: number): Promise<Array<Record<string, string>>>;
  queryRange(q: RangeQuery): Promise<RangeResult>;
}

/** An InfluxDB (1.x InfluxQL or 2.x Flux) source for load-tool metrics. */
export interface InfluxSource {
  readonly kind: 'influx1' | 'influx2' | 'replay';
  /** Measurements present in the database/bucket. */
  measurements(): Promise<string[]>;
  /**
   * Runs an InfluxQL (1.x) or Flux (2.x) query returning time series. `$timeFilter`,
   * `$from`, `$to` and `$interval` in the text are substituted.
   */
  queryRange(q: RangeQuery): Promise<RangeResult>;
}
