import { catalogued } from '../panel.js';
import { aggGauge, sumRate } from '../promql.js';
import type { Pack, PanelQuery } from '../types.js';

const ID = 'postgres_exporter';

/**
 * prometheus-community postgres_exporter. Its `pg_stat_database_xact_*` are counters
 * exposed without `_total`, so `rate()` applies to the plain names.
 */
export const postgresExporterPack: Pack = {
  id: ID,
  domain: 'database',
  source: 'prom',
  detect: (names) =>
    names.has('pg_stat_activity_count') ||
    names.has('pg_stat_database_xact_commit') ||
    names.has('pg_locks_count'),
  queries(ctx) {
    const has = (n: string) => ctx.names?.has(n) ?? true;
    const out: PanelQuery[] = [];
    if (has('pg_stat_activity_count')) {
      out.push(
        catalogued('database', 'pg_connections', ID, {
          promql: aggGauge(ctx, 'sum', 'pg_stat_activity_count'),
        }),
      );
    } else if (has('pg_stat_database_numbackends')) {
      out.push(
        catalogued('database', 'pg_connections', ID, {
          promql: aggGauge(ctx, 'sum', 'pg_stat_database_numbackends'),
        }),
      );
    }
    if (has('pg_stat_database_xact_commit')) {
      const commits = sumRate(ctx, 'pg_stat_database_xact_commit');
      const tps = has('pg_stat_database_xact_rollback')
        ? `${commits} + (${sumRate(ctx, 'pg_stat_database_xact_rollback')} or 0 * ${commits})`
        : commits;
      out.push(catalogued('database', 'pg_tps', ID, { promql: tps }));
      if (has('pg_stat_database_xact_rollback')) {
        // The database's own error rate: the share of transactions rolled back. A run that
        // drives the database directly (pgbench) has no other.
        const rollbacks = sumRate(ctx, 'pg_stat_database_xact_rollback');
        out.push(
          catalogued('database', 'pg_rollback_ratio', ID, {
            promql: `${rollbacks} / (${commits} + ${rollbacks})`,
          }),
        );
      }
    }
    if (has('pg_locks_count')) {
      out.push(catalogued('database', 'pg_locks', ID, { promql: aggGauge(ctx, 'sum', 'pg_locks_count') }));
    }
    return out;
  },
};
