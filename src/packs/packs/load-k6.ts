import { catalogued } from '../panel.js';
import { aggGauge, sumRate } from '../promql.js';
import { withSelector } from '../selector.js';
import type { Pack, PanelQuery } from '../types.js';

const ID = 'k6';

/**
 * k6 with the Prometheus remote-write output (`K6_PROMETHEUS_RW_TREND_STATS=p(95),p(99),avg`).
 * Trend gauges are in seconds and exist per tag set, so the worst series is taken (max).
 */
export const k6Pack: Pack = {
  id: ID,
  domain: 'load',
  source: 'prom',
  detect: (names) => names.has('k6_http_reqs_total') || names.has('k6_vus'),
  queries(ctx) {
    const has = (n: string) => ctx.names?.has(n) ?? true;
    const out: PanelQuery[] = [];
    if (has('k6_http_reqs_total')) {
      out.push(catalogued('load', 'rps', ID, { promql: sumRate(ctx, 'k6_http_reqs_total'), legend: 'k6' }));
    }
    if (has('k6_vus')) out.push(catalogued('load', 'users', ID, { promql: aggGauge(ctx, 'sum', 'k6_vus') }));
    for (const [panel, stat] of [
      ['p95', 'p95'],
      ['p99', 'p99'],
      ['avg', 'avg'],
    ] as const) {
      const metric = `k6_http_req_duration_${stat}`;
      if (has(metric)) out.push(catalogued('load', panel, ID, { promql: aggGauge(ctx, 'max', metric) }));
    }
    // The counter ratio weighs tag sets by their traffic; when the counter has no failed
    // series at all (or no expected_response tag), fall back to the rate gauge.
    const failed = has('k6_http_reqs_total')
      ? `${sumRate(ctx, 'k6_http_reqs_total', 'expected_response="false"')} / ${sumRate(ctx, 'k6_http_reqs_total')} or `
      : '';
    if (has('k6_http_req_failed_rate') || failed) {
      const gauge = has('k6_http_req_failed_rate')
        ? `avg(${withSelector('k6_http_req_failed_rate', ctx.selector)})`
        : `0 * ${sumRate(ctx, 'k6_http_reqs_total')}`;
      out.push(catalogued('load', 'error_rate', ID, { promql: `${failed}${gauge}` }));
    }
    return out;
  },
};
