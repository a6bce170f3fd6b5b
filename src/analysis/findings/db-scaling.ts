import { fig } from '../figure.js';
import { throughput } from '../key-series.js';
import { FOLLOW_SHARE, MIN_LOAD_INCREASE } from '../peak.js';
import { type Finding, type FindingContext, makeFinding, metricName } from './common.js';

/**
 * A database driven directly (pgbench: no application service; its transactions are the
 * throughput, its connections the load) that stops scaling with its clients: connections
 * rose into a step but its transactions per second grew by less than FOLLOW_SHARE of that
 * rise. Each further client then only waits inside the database (row locks, WAL, I/O or
 * its CPU), so the database, measured in itself, is what caps the test: high, blaming the
 * database. The throughput still rises there, so this is not yet the peak (see
 * `followThreshold`); when it stops rising, `throughput_plateau` says so instead.
 */
export function dbScalingFindings(ctx: FindingContext): Finding[] {
  const { steps, peak } = ctx;
  const thr = throughput(ctx.m);
  if (thr?.domain !== 'database' || !peak.concurrencyLoad || peak.reasons.includes('throughput')) return [];
  for (let i = 1; i < steps.length; i++) {
    const a = steps[i - 1]!;
    const b = steps[i]!;
    if (a.load === null || b.load === null || a.rps === null || b.rps === null) continue;
    if (a.load <= 0 || a.rps <= 0 || peak.reasons[i] !== null) continue;
    const loadInc = (b.load - a.load) / a.load;
    const thrInc = (b.rps - a.rps) / a.rps;
    if (loadInc < MIN_LOAD_INCREASE || thrInc >= FOLLOW_SHARE * loadInc) continue;
    return [
      makeFinding(ctx, {
        id: 'db_scaling',
        domain: 'database',
        severity: 'high',
        metric: metricName(thr),
        atMs: b.fromMs,
        // The value is the step's throughput, so the metric is the throughput series.
        value: fig(b.rps, 'rps', 'step_mean'),
        threshold: null,
        bottleneck: 'database',
        params: {
          b: b.index + 1,
          connA: fig(a.load, 'count', 'step_mean'),
          connB: fig(b.load, 'count', 'step_mean'),
          loadInc: fig(loadInc, 'ratio', 'change', true),
          thrInc: fig(thrInc, 'ratio', 'change', true),
          rpsA: fig(a.rps, 'rps', 'step_mean'),
          rpsB: fig(b.rps, 'rps', 'step_mean'),
        },
      }),
    ];
  }
  return [];
}
