import { fig } from '../figure.js';
import { type Finding, type FindingContext, makeFinding, metricName, sustainedAbove } from './common.js';
import { CPU_SATURATION } from './infra.js';

/** A process using at least this many cores, sustained, while the host had room: pinned to one core. */
export const ONE_CORE = 0.85;
/** …and at most this many: past it the process is using a second core. */
export const ONE_CORE_MAX = 1.2;

/**
 * A process pinned at one core (a Python app under the GIL, a Node event loop; never a JVM,
 * whose work runs on many threads) while the
 * host's CPU stayed under saturation: its throughput is capped by one core however many the
 * host has. High; blames infra. Only when the host CPU is known and did not saturate — a
 * saturated host is `cpu_saturation`'s case.
 */
export function singleCoreFindings(ctx: FindingContext): Finding[] {
  const { m } = ctx;
  const proc = m.get('infra', 'process_cpu');
  const host = m.get('infra', 'cpu');
  if (!proc || !host) return [];
  // A JVM runs its work on many threads: a JVM process near one core is not pinned to it.
  if (m.get('jvm', 'heap_used') || m.get('jvm', 'process_cpu')) return [];
  if (sustainedAbove(host, CPU_SATURATION, ctx.sustainMs, m.stepMs)) return [];
  const x = sustainedAbove(proc, ONE_CORE, ctx.sustainMs, m.stepMs);
  if (!x || x.max > ONE_CORE_MAX) return [];
  return [
    makeFinding(ctx, {
      id: 'single_core_bound',
      domain: 'infra',
      severity: 'high',
      metric: metricName(proc),
      atMs: x.run.fromMs,
      value: fig(x.max, 'count', 'sustained_max'),
      threshold: ONE_CORE,
      bottleneck: 'infra',
      params: {
        value: fig(x.max, 'count', 'sustained_max'),
        dur: fig(x.run.durationMs, 'span'),
        time: fig(x.run.fromMs, 'time'),
      },
    }),
  ];
}
