import { catalogued, extra } from '../panel.js';
import { aggGauge, sumRate } from '../promql.js';
import { withSelector } from '../selector.js';
import type { Pack, PanelQuery } from '../types.js';

const ID = 'process';

/**
 * The standard `process_*` collector of Prometheus client libraries. CPU and memory are
 * summed over the selected processes; open fds take the worst process, since the limit
 * is per process.
 */
export const processPack: Pack = {
  id: ID,
  domain: 'infra',
  source: 'prom',
  detect: (names) => names.has('process_cpu_seconds_total') || names.has('process_resident_memory_bytes'),
  queries(ctx) {
    const has = (n: string) => ctx.names?.has(n) ?? true;
    const out: PanelQuery[] = [];
    if (has('process_cpu_seconds_total')) {
      out.push(catalogued('infra', 'process_cpu', ID, { promql: sumRate(ctx, 'process_cpu_seconds_total') }));
    }
    if (has('process_resident_memory_bytes')) {
      out.push(
        catalogued('infra', 'process_rss', ID, {
          promql: aggGauge(ctx, 'sum', 'process_resident_memory_bytes'),
        }),
      );
    }
    if (has('process_open_fds')) {
      out.push(catalogued('infra', 'process_fds', ID, { promql: aggGauge(ctx, 'max', 'process_open_fds') }));
      if (has('process_max_fds')) {
        const ratio = `max(${withSelector('process_open_fds', ctx.selector)} / ${withSelector('process_max_fds', ctx.selector)})`;
        out.push(
          extra(
            'infra',
            'process_fds_ratio',
            ID,
            { title: 'Open file descriptors of limit', unit: 'ratio' },
            { promql: ratio },
          ),
        );
      }
    }
    return out;
  },
};
