import { fig } from '../figure.js';
import type { PanelSeries } from '../metrics.js';
import {
  type Finding,
  type FindingContext,
  makeFinding,
  metricName,
  type Sustained,
  sustainedAbove,
} from './common.js';
import { detectLeak, leakParams } from './leak.js';

/** CPU busy above this share, sustained, is saturation. */
export const CPU_SATURATION = 0.9;
/** Throughput growing by this share past a saturation's onset makes it `ambient`. */
export const AMBIENT_GROWTH = 0.5;

/**
 * True when the peak's throughput is at least AMBIENT_GROWTH above the throughput of the
 * step where a saturation began: it was in place while the system still scaled well (on a
 * 2-core host the load tool and other work keep the CPU busy from the first step), so it did
 * not cap the throughput then.
 */
export function grewPastOnset(ctx: FindingContext, onsetMs: number): boolean {
  const { steps, peak } = ctx;
  const top = peak.index === null ? null : steps[peak.index]!.rps;
  const onset = steps.find((s) => s.toMs >= onsetMs);
  if (top === null || !onset || onset.rps === null || onset.rps <= 0) return false;
  return top >= (1 + AMBIENT_GROWTH) * onset.rps;
}

/** Throttled CPU periods above this share, sustained. */
export const THROTTLING_SHARE = 0.25;

/**
 * CPU saturation (host, container of quota, or the JVM's process CPU above CPU_SATURATION
 * for a sustained stretch: high) and container throttling (over THROTTLING_SHARE of
 * periods: high). Both blame the infra domain even when the only CPU signal is the JVM's.
 */
export function cpuFindings(ctx: FindingContext): Finding[] {
  const { m } = ctx;
  const out: Finding[] = [];
  let best: { s: PanelSeries; x: Sustained } | null = null;
  for (const s of [m.get('infra', 'cpu'), m.get('infra', 'container_cpu'), m.get('jvm', 'process_cpu')]) {
    if (!s) continue;
    const x = sustainedAbove(s, CPU_SATURATION, ctx.sustainMs, m.stepMs);
    if (x && (!best || x.run.durationMs > best.x.run.durationMs)) best = { s, x };
  }
  if (best) {
    out.push(
      makeFinding(ctx, {
        id: 'cpu_saturation',
        domain: best.s.domain,
        severity: 'high',
        metric: metricName(best.s),
        atMs: best.x.run.fromMs,
        value: fig(best.x.max, 'ratio', 'sustained_max'),
        threshold: CPU_SATURATION,
        bottleneck: 'infra',
        ...(grewPastOnset(ctx, best.x.run.fromMs) ? { ambient: true } : {}),
        params: {
          threshold: fig(CPU_SATURATION, 'ratio'),
          value: fig(best.x.max, 'ratio', 'sustained_max'),
          dur: fig(best.x.run.durationMs, 'span'),
          time: fig(best.x.run.fromMs, 'time'),
        },
      }),
    );
  }
  const thr = m.get('infra', 'container_throttled');
  const x = thr && sustainedAbove(thr, THROTTLING_SHARE, ctx.sustainMs, m.stepMs);
  if (thr && x) {
    out.push(
      makeFinding(ctx, {
        id: 'cpu_throttling',
        domain: 'infra',
        severity: 'high',
        metric: metricName(thr),
        atMs: x.run.fromMs,
        value: fig(x.max, 'ratio', 'sustained_max'),
        threshold: THROTTLING_SHARE,
        bottleneck: 'infra',
        params: {
          threshold: fig(THROTTLING_SHARE, 'ratio'),
          value: fig(x.max, 'ratio', 'sustained_max'),
          dur: fig(x.run.durationMs, 'span'),
          time: fig(x.run.fromMs, 'time'),
        },
      }),
    );
  }
  return out;
}

/** Process memory (container working set, else RSS) growing through the test: a leak, high. */
export function memoryLeakFindings(ctx: FindingContext): Finding[] {
  const s = ctx.m.get('infra', 'container_memory') ?? ctx.m.get('infra', 'process_rss');
  const leak = s && detectLeak(s, ctx);
  if (!s || !leak) return [];
  return [
    makeFinding(ctx, {
      id: 'memory_leak',
      domain: 'infra',
      severity: 'high',
      metric: metricName(s),
      atMs: leak.fromMs,
      value: fig(leak.change, 'ratio', 'fit'),
      threshold: leak.threshold,
      params: leakParams(leak),
    }),
  ];
}
