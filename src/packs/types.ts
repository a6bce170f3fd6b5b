import type { DomainId } from '../config/file.schema.js';
import type { SeriesRole, SeriesUnit } from '../sources/series.js';

/** Label names seen on a metric's series (from the series API); undefined when not inspected. */
export type LabelsOf = (metric: string) => ReadonlySet<string> | undefined;

/** Post-processing applied to a panel's values after the query returns. */
export interface PanelTransform {
  /** Multiply every value (e.g. 0.001 for ms → s when the query language cannot). */
  scale?: number;
  /**
   * Divide by the step actually used, in seconds: for InfluxQL `sum(count)` per
   * `GROUP BY time($interval)` bucket, which only becomes a rate once divided by the
   * bucket length (the source may coarsen the step, so it cannot be baked into the text).
   */
  perSecond?: boolean;
}

/** One query producing one panel. Exactly one of `promql`, `influxql`, `flux` is normally set. */
export interface PanelQuery {
  domain: DomainId;
  /** Panel id within the domain, from the catalogue `src/analysis/panels.ts` or a new one. */
  panel: string;
  title: string;
  role: SeriesRole;
  unit: SeriesUnit;
  /** Pack id (`micrometer`, `k6`, …) or `user`. */
  pack: string;
  promql?: string;
  influxql?: string;
  flux?: string;
  /** Legend template such as `{{uri}}`. */
  legend?: string;
  transform?: PanelTransform;
  /**
   * Set when the panel is computed client-side from a histogram's buckets: `promql` is then
   * the bucket fetch (`sum by (le[, route]) (rate(<h>_bucket[w]))`), run once for every
   * panel sharing it (see `run-panels.ts`, `histogram-derive.ts`).
   */
  buckets?: BucketDerivation;
}

/** How one panel is derived from a shared histogram bucket fetch. */
export interface BucketDerivation {
  /** Query id of the shared fetch (recordings match on it), e.g. `http.latency_buckets`. */
  fetchId: string;
  /** Label the fetch groups by besides `le`; the aggregate panels sum over it. */
  routeLabel?: string;
  /** Divisor bringing bucket bounds to seconds (1000 for millisecond histograms). */
  divisor?: number;
  /** The quantile (0..1) of the distribution, or the share (0..1) of requests slower than a threshold in seconds. */
  value: { quantile: number } | { shareAboveSec: number };
  /** One series per value of `routeLabel` instead of the aggregate. */
  byRoute?: boolean;
  /**
   * The single PromQL expression the panel equals (`histogram_quantile(…)`), kept as the
   * panel's query so links to Prometheus or Grafana open what the panel shows.
   */
  shows?: string;
}

/** What a pack needs to write its queries. */
export interface PackContext {
  /** PromQL label matchers without braces (may be empty). */
  selector: string;
  /** Range for `rate()`, e.g. `1m` (see `rateWindow`). */
  rateWindow: string;
  /** Metric (or measurement) names found by discovery; packs use them to pick variants. */
  names?: ReadonlySet<string>;
  labelsOf?: LabelsOf;
  /** InfluxDB load-tool filter (JMeter `application` tag). */
  influxApplication?: string;
}

/** Where a pack's queries run. */
export type PackSource = 'prom' | 'influx';

/** A metric family that, once detected, contributes panels to one domain. */
export interface Pack {
  /** Stable id, unique within its domain (`micrometer`, `k6`, `node_exporter`, …). */
  id: string;
  domain: DomainId;
  source: PackSource;
  /** True when the family's metrics are present. */
  detect(names: ReadonlySet<string>, labelsOf?: LabelsOf): boolean;
  queries(ctx: PackContext): PanelQuery[];
}
