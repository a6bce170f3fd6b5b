import { fig } from '../figure.js';
import { alignTo, longestRun, medianFilter, runsWhere } from '../signals.js';
import { type Finding, type FindingContext, makeFinding, robustMax } from './common.js';

/** A pool counts as full when this share of its connections is in use (values may be averaged). */
export const POOL_FULL_SHARE = 0.95;
/** Saturated for at least this share of the window: critical instead of high. */
export const POOL_CRITICAL_SHARE = 0.5;

/**
 * Connection pool saturation: threads wait for a connection (pending > 0) while every
 * connection is in use (active ≥ max) for a sustained stretch. Without the pool size,
 * sustained waiting alone is reported. High; critical when saturated for most of the window.
 */
export function dbPoolFindings(ctx: FindingContext): Finding[] {
  const { m } = ctx;
  const pending = m.get('database', 'pool_pending');
  if (!pending) return [];
  const active = m.get('database', 'pool_active');
  const max = m.get('database', 'pool_max');
  const near = m.stepMs;
  const act = active ? alignTo(pending.t, active, near) : null;
  const cap = max ? alignTo(pending.t, max, near) : null;
  // 0/1 flags, median-filtered so one odd sample neither starts nor breaks a stretch.
  const flags = pending.t.map((_, i) => {
    const p = pending.v[i]!;
    if (!Number.isFinite(p)) return Number.NaN;
    if (act && cap) {
      const a = act[i]!;
      const c = cap[i]!;
      if (!Number.isFinite(a) || !Number.isFinite(c)) return Number.NaN;
      return p > 0 && c > 0 && a >= POOL_FULL_SHARE * c ? 1 : 0;
    }
    return p > 0 ? 1 : 0;
  });
  const smooth = medianFilter(flags, 3);
  const runs = runsWhere(
    pending.t,
    m.stepMs,
    (i) => Number.isFinite(smooth[i]!),
    (i) => smooth[i]! >= 0.5,
  );
  const run = longestRun(runs);
  if (!run || run.durationMs < ctx.sustainMs) return [];
  let rawWorst = 0;
  let poolSize = 0;
  for (let i = run.i0; i <= run.i1; i++) {
    if (pending.v[i]! > rawWorst) rawWorst = pending.v[i]!;
    if (cap && cap[i]! > poolSize) poolSize = cap[i]!;
  }
  // The same "up to" figure the database summary quotes (robust maximum), so the report
  // never says 73 waiting threads in one place and 84 in another.
  const worst = robustMax(pending) ?? rawWorst;
  const total = runs.reduce((a, r) => a + r.durationMs, 0);
  const full = act !== null && cap !== null;
  return [
    makeFinding(ctx, {
      id: full ? 'db_pool_saturated' : 'db_pool_waiting',
      domain: 'database',
      severity: total >= POOL_CRITICAL_SHARE * (m.toMs - m.fromMs) ? 'critical' : 'high',
      metric: 'database.pool_pending',
      atMs: run.fromMs,
      value: fig(worst, 'count', 'window_max'),
      threshold: 0,
      bottleneck: 'database',
      params: {
        max: fig(poolSize, 'count', 'sustained_max'),
        pending: fig(worst, 'count', 'window_max'),
        dur: fig(run.durationMs, 'span'),
        time: fig(run.fromMs, 'time'),
      },
    }),
  ];
}
