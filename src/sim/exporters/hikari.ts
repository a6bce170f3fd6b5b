import { cumulative, type ExportContext, gaugeFamily, type MetricFamily } from './family.js';
import { springLabels } from './micrometer-http.js';

/** HikariCP pool families as Micrometer exposes them for `HikariPool-1`. */
export function hikari(ctx: ExportContext): MetricFamily[] {
  const { tl, scenario } = ctx;
  const labels = { pool: 'HikariPool-1', ...springLabels(ctx) };
  const row = (values: number[]) => [{ labels, values }];
  const total = tl.poolActive.map((a, i) => a + tl.poolIdle[i]!);
  // Each request borrows one connection; under pool exhaustion most failures are timeouts.
  const acquired = tl.requests;
  const timeouts = tl.errors.map((e, i) =>
    scenario.bottleneck === 'db_pool' && tl.poolPending[i]! > 0 ? Math.round(e * 0.8) : 0,
  );
  return [
    gaugeFamily('hikaricp_connections_active', 'Active connections', row(tl.poolActive)),
    gaugeFamily('hikaricp_connections_idle', 'Idle connections', row(tl.poolIdle)),
    gaugeFamily('hikaricp_connections_pending', 'Pending threads', row(tl.poolPending)),
    gaugeFamily('hikaricp_connections', 'Total connections', row(total)),
    gaugeFamily('hikaricp_connections_max', 'Max connections', row(total.map(() => tl.poolMax))),
    gaugeFamily('hikaricp_connections_min', 'Min connections', row(total.map(() => tl.poolMin))),
    {
      name: 'hikaricp_connections_acquire_seconds',
      type: 'summary',
      help: 'Connection acquire time',
      series: [
        {
          name: 'hikaricp_connections_acquire_seconds_count',
          labels,
          values: cumulative(acquired, tl.epoch),
        },
        {
          name: 'hikaricp_connections_acquire_seconds_sum',
          labels,
          values: cumulative(
            acquired.map((c, i) => c * tl.acquireMeanSec[i]!),
            tl.epoch,
          ),
        },
      ],
    },
    gaugeFamily('hikaricp_connections_acquire_seconds_max', 'Connection acquire time', row(tl.acquireMaxSec)),
    {
      name: 'hikaricp_connections_timeout',
      type: 'counter',
      help: 'Connection timeout total count',
      series: [
        { name: 'hikaricp_connections_timeout_total', labels, values: cumulative(timeouts, tl.epoch) },
      ],
    },
  ];
}
