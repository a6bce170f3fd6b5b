import { type Figure, fig } from '../figure.js';
import { lowerEnvelope, type TimeSeries } from '../signals.js';
import { linearFit } from '../stats.js';
import type { FindingContext } from './common.js';

/** The memory floor must grow by at least this share across the window. */
export const LEAK_MIN_GROWTH = 0.2;
/** …along a line this good (r² of the floor's linear fit). */
export const LEAK_MIN_R2 = 0.6;
/** Windows shorter than this cannot tell a leak from warm-up. */
export const LEAK_MIN_SPAN_MS = 10 * 60_000;

/** A steadily rising memory floor. */
export interface Leak {
  fromMs: number;
  toMs: number;
  /** Fitted floor at the start and end of the window, bytes. */
  from: number;
  to: number;
  /** Relative growth `(to − from) / from`. */
  change: number;
  perMin: number;
  threshold: number;
}

/**
 * Windows where memory is comparable: the plateau of a soak, each long step of a capacity
 * test (memory legitimately grows with load between steps), else the whole window.
 */
function windows(ctx: FindingContext): Array<[number, number]> {
  if (ctx.mode === 'capacity') return ctx.steps.map((s) => [s.fromMs, s.toMs]);
  const only = ctx.steps[0];
  if (ctx.mode === 'soak' && only) return [[only.fromMs, only.toMs]];
  return [[ctx.m.fromMs, ctx.m.toMs]];
}

/**
 * A leak: the lower envelope of the series (its floor after garbage collections: the
 * minimum of each ~minute) rises along a straight line by LEAK_MIN_GROWTH or more. A
 * sawtooth heap with a flat floor, or growth that stops, does not qualify.
 */
export function detectLeak(s: TimeSeries, ctx: FindingContext): Leak | null {
  let best: Leak | null = null;
  for (const [a, b] of windows(ctx)) {
    if (b - a < LEAK_MIN_SPAN_MS) continue;
    const buckets = Math.min(30, Math.max(6, Math.floor((b - a) / 60_000)));
    const env = lowerEnvelope(s, a, b, buckets);
    const fit = linearFit(env.t, env.v);
    if (!fit || fit.n < 5 || fit.slope <= 0 || fit.r2 < LEAK_MIN_R2) continue;
    const from = fit.slope * a + fit.intercept;
    const to = fit.slope * b + fit.intercept;
    if (!(from > 0)) continue;
    const change = (to - from) / from;
    if (change < LEAK_MIN_GROWTH) continue;
    if (!best || change > best.change) {
      best = { fromMs: a, toMs: b, from, to, change, perMin: fit.slope * 60_000, threshold: LEAK_MIN_GROWTH };
    }
  }
  return best;
}

/** Evidence parameters of a leak finding. */
export function leakParams(leak: Leak): Record<string, Figure> {
  return {
    from: fig(leak.from, 'bytes', 'fit'),
    to: fig(leak.to, 'bytes', 'fit'),
    change: fig(leak.change, 'ratio', 'fit', true),
    dur: fig(leak.toMs - leak.fromMs, 'span'),
    rate: fig(leak.perMin, 'bytes', 'fit'),
  };
}
