import { catalogued } from '../panel.js';
import { aggGauge, scaled, sumRate } from '../promql.js';
import type { Pack, PanelQuery } from '../types.js';

const ID = 'jmeter_prometheus';

/**
 * JMeter exposing Prometheus metrics — best effort, since both plugins let users rename
 * everything. Defaults covered: johrstrom/jmeter-prometheus-plugin (`jmeter_threads{state}`,
 * `jmeter_success_ratio_{total,failure}`, `jmeter_rt_summary{quantile}` in ms) and
 * kolesnikovm/jmeter-prometheus-listener (`jmeter_active_threads`, `jmeter_requests_total`
 * with `requestStatus`, `jmeter_response_time{quantile}` in ms).
 */
export const jmeterPrometheusPack: Pack = {
  id: ID,
  domain: 'load',
  source: 'prom',
  detect: (names) =>
    names.has('jmeter_success_ratio_total') ||
    names.has('jmeter_requests_total') ||
    names.has('jmeter_threads') ||
    names.has('jmeter_active_threads'),
  queries(ctx) {
    const has = (n: string) => ctx.names?.has(n) ?? false;
    const out: PanelQuery[] = [];
    if (has('jmeter_threads')) {
      out.push(
        catalogued('load', 'users', ID, { promql: aggGauge(ctx, 'sum', 'jmeter_threads', 'state="active"') }),
      );
    } else if (has('jmeter_active_threads')) {
      out.push(catalogued('load', 'users', ID, { promql: aggGauge(ctx, 'sum', 'jmeter_active_threads') }));
    }
    if (has('jmeter_success_ratio_total')) {
      const total = sumRate(ctx, 'jmeter_success_ratio_total');
      out.push(catalogued('load', 'rps', ID, { promql: total, legend: 'jmeter' }));
      if (has('jmeter_success_ratio_failure')) {
        const failures = sumRate(ctx, 'jmeter_success_ratio_failure');
        out.push(catalogued('load', 'error_rate', ID, { promql: `${failures} / ${total}` }));
      }
    } else if (has('jmeter_requests_total')) {
      const total = sumRate(ctx, 'jmeter_requests_total');
      out.push(catalogued('load', 'rps', ID, { promql: total, legend: 'jmeter' }));
      const failures = sumRate(ctx, 'jmeter_requests_total', 'requestStatus="FAILURE"');
      out.push(catalogued('load', 'error_rate', ID, { promql: `(${failures} or 0 * ${total}) / ${total}` }));
    }
    const summary = has('jmeter_rt_summary')
      ? 'jmeter_rt_summary'
      : has('jmeter_response_time')
        ? 'jmeter_response_time'
        : '';
    if (summary) {
      for (const [panel, q] of [
        ['p95', '0.95'],
        ['p99', '0.99'],
      ] as const) {
        const expr = aggGauge(ctx, 'max', summary, `quantile="${q}"`);
        out.push(catalogued('load', panel, ID, { promql: scaled(expr, 1000) }));
      }
    }
    return out;
  },
};
