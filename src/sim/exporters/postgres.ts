import { cumulative, type ExportContext, gaugeFamily, type Labels, type MetricFamily } from './family.js';

/**
 * postgres_exporter for the service's database. `pg_stat_database_*` totals keep their real
 * names without `_total`, so they are typed `gauge` here (OpenMetrics counters need the
 * suffix); they still only grow, and start from the values an old database would have.
 */
export function postgresExporter(ctx: ExportContext): MetricFamily[] {
  const { tl, rng } = ctx;
  const base: Labels = {
    instance: ctx.dep.instances.postgres_exporter,
    job: 'postgres',
    scenario: ctx.dep.tenant,
  };
  const datname = ctx.dep.dbName;
  const db: Labels = { datname, ...base };
  const since = (start: number, inc: number[]) => cumulative(inc).map((v) => v + start);
  const offset = () => Math.floor(rng() * 1_000_000);
  const total = (gauge: string, help: string, start: number, inc: number[]) =>
    gaugeFamily(gauge, help, [{ labels: db, values: since(start, inc) }]);
  const poolTotal = tl.poolActive.map((a, i) => a + tl.poolIdle[i]!);
  // Backends: the pool's connections plus the exporter's own and two admin sessions.
  const running = tl.poolActive.map((a, i) => a - tl.dbIdleInTx[i]! + 1);
  const idle = tl.poolIdle.map((v) => v + tl.dbOtherBackends - 1);
  const isDb = ctx.scenario.bottleneck === 'db_pool';
  const locks: [string, number[]][] = [
    ['accesssharelock', running.map((a) => 2 * a + 1)],
    ['rowexclusivelock', running.map((a) => Math.round(a * 0.8))],
    ['sharelock', tl.poolPending.map((p, i) => (isDb && p > 0 ? Math.round(running[i]! * 0.3) : 0))],
    ['exclusivelock', tl.poolPending.map(() => (rng() < 0.05 ? 1 : 0))],
  ];
  return [
    total(
      'pg_stat_database_xact_commit',
      'Number of transactions in this database that have been committed',
      48_000_000 + offset(),
      tl.dbCommits,
    ),
    total(
      'pg_stat_database_xact_rollback',
      'Number of transactions in this database that have been rolled back',
      31_000 + offset() / 100,
      tl.dbRollbacks,
    ),
    gaugeFamily('pg_stat_database_numbackends', 'Number of backends currently connected to this database.', [
      { labels: db, values: poolTotal.map((t) => t + tl.dbOtherBackends) },
    ]),
    total('pg_stat_database_deadlocks', 'Number of deadlocks detected in this database', 7, tl.dbDeadlocks),
    total(
      'pg_stat_database_blks_hit',
      'Number of times disk blocks were found already in the buffer cache',
      9_100_000_000 + offset(),
      tl.dbBlksHit,
    ),
    total(
      'pg_stat_database_blks_read',
      'Number of disk blocks read in this database',
      85_000_000 + offset(),
      tl.dbBlksRead,
    ),
    gaugeFamily('pg_stat_activity_count', 'number of connections in this state', [
      { labels: { datname, state: 'active', ...base }, values: running },
      { labels: { datname, state: 'idle', ...base }, values: idle },
      { labels: { datname, state: 'idle in transaction', ...base }, values: tl.dbIdleInTx },
    ]),
    gaugeFamily(
      'pg_locks_count',
      'Number of locks',
      locks.map(([mode, values]) => ({ labels: { datname, mode, ...base }, values })),
    ),
  ];
}
