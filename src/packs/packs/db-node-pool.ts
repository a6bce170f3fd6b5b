import { catalogued } from '../panel.js';
import { aggGauge } from '../promql.js';
import { withSelector } from '../selector.js';
import type { Pack, PanelQuery } from '../types.js';

const ID = 'node_pg_pool';

/**
 * A Node service's `pg` pool, as services hand-roll it next to express-prom-bundle:
 * `pg_pool_connections{state="total"|"idle"}`, `pg_pool_waiting`, `pg_pool_max` (the
 * counts `pg.Pool` keeps: totalCount, idleCount, waitingCount). In use = total − idle.
 */
export const nodePgPoolPack: Pack = {
  id: ID,
  domain: 'database',
  source: 'prom',
  detect: (names) => names.has('pg_pool_waiting') || names.has('pg_pool_connections'),
  queries(ctx) {
    const has = (n: string) => ctx.names?.has(n) ?? true;
    const out: PanelQuery[] = [];
    if (has('pg_pool_connections')) {
      const total = withSelector('pg_pool_connections', ctx.selector, 'state="total"');
      const idle = withSelector('pg_pool_connections', ctx.selector, 'state="idle"');
      out.push(
        catalogued('database', 'pool_active', ID, {
          promql: `sum(${total}) - (sum(${idle}) or 0 * sum(${total}))`,
        }),
      );
    }
    if (has('pg_pool_max')) {
      out.push(catalogued('database', 'pool_max', ID, { promql: aggGauge(ctx, 'sum', 'pg_pool_max') }));
    }
    if (has('pg_pool_waiting')) {
      out.push(
        catalogued('database', 'pool_pending', ID, { promql: aggGauge(ctx, 'sum', 'pg_pool_waiting') }),
      );
    }
    return out;
  },
};
