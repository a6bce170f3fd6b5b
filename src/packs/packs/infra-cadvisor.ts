import { catalogued } from '../panel.js';
import { aggGauge, sumRate } from '../promql.js';
import { withSelector } from '../selector.js';
import type { Pack, PanelQuery } from '../types.js';

const ID = 'cadvisor';

/** Real containers only: cAdvisor also reports pod and cgroup totals with an empty/POD name. */
const CONTAINERS = ['container!=""', 'container!="POD"'];

/** Container metrics from cAdvisor / the kubelet. */
export const cadvisorPack: Pack = {
  id: ID,
  domain: 'infra',
  source: 'prom',
  detect: (names) => names.has('container_cpu_usage_seconds_total'),
  queries(ctx) {
    const has = (n: string) => ctx.names?.has(n) ?? true;
    const out: PanelQuery[] = [];
    if (has('container_spec_cpu_quota') && has('container_spec_cpu_period')) {
      const used = sumRate(ctx, 'container_cpu_usage_seconds_total', CONTAINERS);
      // Cores granted = quota / period per container; no quota is reported as -1 (or not
      // at all), and such containers have no "of quota".
      const quota = withSelector('container_spec_cpu_quota', ctx.selector, CONTAINERS);
      const period = withSelector('container_spec_cpu_period', ctx.selector, CONTAINERS);
      const cores = `sum((${quota} > 0) / ${period})`;
      out.push(catalogued('infra', 'container_cpu', ID, { promql: `${used} / ${cores}` }));
    }
    if (has('container_cpu_cfs_throttled_periods_total') && has('container_cpu_cfs_periods_total')) {
      const throttled = sumRate(ctx, 'container_cpu_cfs_throttled_periods_total', CONTAINERS);
      const periods = sumRate(ctx, 'container_cpu_cfs_periods_total', CONTAINERS);
      out.push(catalogued('infra', 'container_throttled', ID, { promql: `${throttled} / ${periods}` }));
    }
    if (has('container_memory_working_set_bytes')) {
      out.push(
        catalogued('infra', 'container_memory', ID, {
          promql: aggGauge(ctx, 'sum', 'container_memory_working_set_bytes', CONTAINERS),
        }),
      );
    }
    return out;
  },
};
