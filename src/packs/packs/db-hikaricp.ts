import { catalogued } from '../panel.js';
import { aggGauge, meanOf } from '../promql.js';
import type { Pack, PanelQuery } from '../types.js';

const ID = 'hikaricp';

/** HikariCP connection pools via Micrometer (summed over pools and instances). */
export const hikariPack: Pack = {
  id: ID,
  domain: 'database',
  source: 'prom',
  detect: (names) => names.has('hikaricp_connections_active'),
  queries(ctx) {
    const has = (n: string) => ctx.names?.has(n) ?? true;
    const out: PanelQuery[] = [
      catalogued('database', 'pool_active', ID, {
        promql: aggGauge(ctx, 'sum', 'hikaricp_connections_active'),
      }),
    ];
    if (has('hikaricp_connections_max')) {
      out.push(
        catalogued('database', 'pool_max', ID, { promql: aggGauge(ctx, 'sum', 'hikaricp_connections_max') }),
      );
    }
    if (has('hikaricp_connections_pending')) {
      out.push(
        catalogued('database', 'pool_pending', ID, {
          promql: aggGauge(ctx, 'sum', 'hikaricp_connections_pending'),
        }),
      );
    }
    if (has('hikaricp_connections_acquire_seconds_count')) {
      out.push(
        catalogued('database', 'pool_acquire', ID, {
          promql: meanOf(ctx, 'hikaricp_connections_acquire_seconds'),
        }),
      );
    }
    return out;
  },
};
