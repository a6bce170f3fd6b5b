import { catalogued, extra } from './panel.js';
import { bucketRates, errorRatio, errorsPerSecond, meanOf, scaled, sumRate } from './promql.js';
import type { BucketDerivation, PackContext, PanelQuery } from './types.js';

/** How one HTTP server instrumentation names its request counter, histogram and labels. */
export interface HttpFamily {
  pack: string;
  /** Counter of requests (a histogram's `_count` or a `_total` counter). */
  counter: string;
  /** Histogram base name (without `_bucket`); absent when the family has no histogram. */
  histogram?: string;
  /** Whether `<histogram>_bucket` exists (quantiles) — else only the mean is available. */
  hasBuckets: boolean;
  /** Matchers selecting 5xx on the counter; several are tried in turn (`or`). */
  errorMatchers: string[];
  /** Label naming the route, for the per-route breakdowns. */
  routeLabel?: string;
  /** Matchers added everywhere (e.g. leaving out actuator scrapes). */
  extraMatchers?: string[];
  /** Divisor bringing latencies to seconds (1000 for millisecond histograms). */
  latencyDivisor?: number;
}

/**
 * The key HTTP panels (rps, errors, error_rate, avg, p50/p95/p99) as single aggregated
 * series, plus per-route breakdowns (`rps_by_route`, `p95_by_route`, role `gauge`).
 */
export function httpQueries(ctx: PackContext, f: HttpFamily): PanelQuery[] {
  const x = f.extraMatchers ?? [];
  const seconds = (expr: string) => (f.latencyDivisor ? scaled(expr, f.latencyDivisor) : expr);
  const out: PanelQuery[] = [
    catalogued('http', 'rps', f.pack, { promql: sumRate(ctx, f.counter, x), legend: f.pack }),
  ];
  if (f.errorMatchers.length > 0) {
    out.push(
      catalogued('http', 'errors', f.pack, { promql: errorsPerSecond(ctx, f.counter, f.errorMatchers, x) }),
      catalogued('http', 'error_rate', f.pack, { promql: errorRatio(ctx, f.counter, f.errorMatchers, x) }),
    );
  }
  if (f.histogram) {
    out.push(catalogued('http', 'avg', f.pack, { promql: seconds(meanOf(ctx, f.histogram, x)) }));
  }
  const hist = latencyBuckets(ctx, f);
  if (hist) {
    for (const [panel, q] of [
      ['p50', 0.5],
      ['p95', 0.95],
      ['p99', 0.99],
    ] as const) {
      out.push(
        catalogued('http', panel, f.pack, { promql: hist.promql, buckets: hist.derive({ quantile: q }) }),
      );
    }
  }
  if (f.routeLabel) {
    const by = [f.routeLabel];
    out.push(
      extra(
        'http',
        'rps_by_route',
        f.pack,
        { title: 'Throughput by route', unit: 'rps' },
        { promql: sumRate(ctx, f.counter, x, by), legend: `{{${f.routeLabel}}}` },
      ),
    );
    if (f.errorMatchers.length > 0) {
      // `or 0 * total`: a route with traffic and no 5xx reads as 0 errors, not "not collected".
      const errs = f.errorMatchers.map((m) => sumRate(ctx, f.counter, [...x, m], by));
      out.push(
        extra(
          'http',
          'errors_by_route',
          f.pack,
          { title: '5xx errors by route', unit: 'rps' },
          {
            promql: `(${[...errs, `0 * ${sumRate(ctx, f.counter, x, by)}`].join(' or ')})`,
            legend: `{{${f.routeLabel}}}`,
          },
        ),
      );
    }
    if (hist) {
      out.push(
        extra(
          'http',
          'p95_by_route',
          f.pack,
          { title: 'Latency p95 by route', unit: 's' },
          {
            promql: hist.promql,
            buckets: hist.derive({ quantile: 0.95 }, true),
            legend: `{{${f.routeLabel}}}`,
          },
        ),
      );
    }
  }
  return out;
}

/** The id of the one bucket fetch every latency quantile of an HTTP family is computed from. */
export const LATENCY_BUCKETS_ID = 'http.latency_buckets';

/**
 * The single fetch of a family's latency histogram — `sum by (le[, route]) (rate(_bucket[w]))`,
 * plus its native histogram `sum by (route) (rate(h[w]))` when discovery saw one — and how a
 * panel is derived from it. Undefined when the family has neither.
 */
export function latencyBuckets(
  ctx: PackContext,
  f: HttpFamily,
):
  | { promql: string; derive(value: BucketDerivation['value'], byRoute?: boolean): BucketDerivation }
  | undefined {
  if (!f.histogram) return undefined;
  const native = ctx.names?.has(f.histogram) ?? false;
  if (!f.hasBuckets && !native) return undefined;
  const x = f.extraMatchers ?? [];
  const by = f.routeLabel ? [f.routeLabel] : [];
  const parts: string[] = [];
  if (f.hasBuckets) parts.push(bucketRates(ctx, `${f.histogram}_bucket`, x, by));
  if (native) parts.push(sumRate(ctx, f.histogram, x, by));
  const base: Omit<BucketDerivation, 'value'> = { fetchId: LATENCY_BUCKETS_ID };
  if (f.routeLabel) base.routeLabel = f.routeLabel;
  if (f.latencyDivisor) base.divisor = f.latencyDivisor;
  /** The `histogram_quantile` expression a quantile panel equals, for links and display. */
  const shows = (q: number, byRoute: boolean): string => {
    const g = byRoute ? by : [];
    const inner = f.hasBuckets
      ? bucketRates(ctx, `${f.histogram}_bucket`, x, g)
      : sumRate(ctx, f.histogram as string, x, g);
    const expr = `histogram_quantile(${q}, ${inner})`;
    return f.latencyDivisor ? scaled(expr, f.latencyDivisor) : expr;
  };
  return {
    promql: parts.join(' or '),
    derive: (value, byRoute = false) => {
      const d: BucketDerivation = { ...base, value };
      if (byRoute) d.byRoute = true;
      if ('quantile' in value) d.shows = shows(value.quantile, byRoute);
      return d;
    },
  };
}

/** Label names that carry an HTTP status, in the order they are tried. */
export const STATUS_LABELS = [
  'status',
  'code',
  'http_status',
  'status_code',
  'http_response_status_code',
] as const;

/** The first status-like label of a metric, if its labels were inspected. */
export function statusLabelOf(labels: ReadonlySet<string> | undefined): string | undefined {
  return labels ? STATUS_LABELS.find((l) => labels.has(l)) : undefined;
}

/** Matcher for 5xx: `=~"5.."` covers both `503` and FastAPI's grouped `5xx`. */
export function serverErrorMatcher(label: string): string {
  return `${label}=~"5.."`;
}
