import { fig } from '../figure.js';
import { type Finding, type FindingContext, makeFinding, metricName, sustainedAbove } from './common.js';
import { detectLeak, leakParams } from './leak.js';

/** Share of time in GC pauses, sustained: medium above the first, high above the second. */
export const GC_SHARE_MEDIUM = 0.1;
export const GC_SHARE_HIGH = 0.2;

/** Time in GC pauses above GC_SHARE_MEDIUM (medium) or GC_SHARE_HIGH (high), sustained. */
export function gcFindings(ctx: FindingContext): Finding[] {
  const { m } = ctx;
  const s = m.get('jvm', 'gc_pause_share');
  if (!s) return [];
  const high = sustainedAbove(s, GC_SHARE_HIGH, ctx.sustainMs, m.stepMs);
  const x = high ?? sustainedAbove(s, GC_SHARE_MEDIUM, ctx.sustainMs, m.stepMs);
  if (!x) return [];
  const threshold = high ? GC_SHARE_HIGH : GC_SHARE_MEDIUM;
  return [
    makeFinding(ctx, {
      id: 'gc_pause_share',
      domain: 'jvm',
      severity: high ? 'high' : 'medium',
      metric: metricName(s),
      atMs: x.run.fromMs,
      value: fig(x.max, 'ratio', 'sustained_max'),
      threshold,
      bottleneck: 'jvm',
      params: {
        value: fig(x.max, 'ratio', 'sustained_max'),
        threshold: fig(threshold, 'ratio'),
        dur: fig(x.run.durationMs, 'span'),
        time: fig(x.run.fromMs, 'time'),
      },
    }),
  ];
}

/** The heap floor (heap right after collections) rising steadily: a leak, high. */
export function heapLeakFindings(ctx: FindingContext): Finding[] {
  const s = ctx.m.get('jvm', 'heap_used');
  const leak = s && detectLeak(s, ctx);
  if (!s || !leak) return [];
  return [
    makeFinding(ctx, {
      id: 'heap_leak',
      domain: 'jvm',
      severity: 'high',
      metric: metricName(s),
      atMs: leak.fromMs,
      value: fig(leak.change, 'ratio', 'fit'),
      threshold: leak.threshold,
      params: leakParams(leak),
    }),
  ];
}
