import { catalogued } from '../panel.js';
import { aggGauge, scaled } from '../promql.js';
import type { Pack, PackContext, PanelQuery } from '../types.js';

const ID = 'locust';

/**
 * The prefer-"Aggregated" pattern of the Locust exporter: its `name="Aggregated"` row is
 * the total; when absent, aggregate the per-endpoint rows instead.
 */
function aggregatedOr(ctx: PackContext, agg: 'sum' | 'max', metric: string): string {
  return `${aggGauge(ctx, agg, metric, 'name="Aggregated"')} or ${aggGauge(ctx, agg, metric, 'name!="Aggregated"')}`;
}

/** Locust via the containersol locust_exporter (times in milliseconds). */
export const locustPack: Pack = {
  id: ID,
  domain: 'load',
  source: 'prom',
  detect: (names) => names.has('locust_users') || names.has('locust_requests_current_rps'),
  queries(ctx) {
    const has = (n: string) => ctx.names?.has(n) ?? true;
    const out: PanelQuery[] = [];
    if (has('locust_users'))
      out.push(catalogued('load', 'users', ID, { promql: aggGauge(ctx, 'sum', 'locust_users') }));
    if (has('locust_requests_current_rps')) {
      out.push(
        catalogued('load', 'rps', ID, {
          promql: aggregatedOr(ctx, 'sum', 'locust_requests_current_rps'),
          legend: 'locust',
        }),
      );
    }
    const ms: Array<[string, string]> = [
      ['p95', 'locust_requests_current_response_time_percentile_95'],
      ['p99', 'locust_requests_current_response_time_percentile_99'],
    ];
    for (const [panel, metric] of ms) {
      if (has(metric))
        out.push(catalogued('load', panel, ID, { promql: scaled(aggregatedOr(ctx, 'max', metric), 1000) }));
    }
    // fail_ratio and avg_response_time are totals since the start of the run, which hide a
    // burst; the current-window failures over the current rps are used when exposed.
    if (has('locust_requests_current_fail_per_sec') && has('locust_requests_current_rps')) {
      const failed = aggregatedOr(ctx, 'sum', 'locust_requests_current_fail_per_sec');
      const rps = aggregatedOr(ctx, 'sum', 'locust_requests_current_rps');
      out.push(catalogued('load', 'error_rate', ID, { promql: `(${failed}) / (${rps})` }));
    } else if (has('locust_requests_fail_ratio')) {
      out.push(
        catalogued('load', 'error_rate', ID, { promql: aggGauge(ctx, 'max', 'locust_requests_fail_ratio') }),
      );
    }
    return out;
  },
};
