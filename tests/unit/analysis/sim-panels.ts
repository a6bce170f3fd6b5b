import { lognormalQuantile } from '../../../src/sim/latency.js';
import { computeTimeline } from '../../../src/sim/physics.js';
import type { Scenario } from '../../../src/sim/scenario.js';
import { DEPLOYMENT, type Timeline } from '../../../src/sim/timeline.js';
import type { PanelData } from '../../../src/sources/series.js';
import { panel, series } from './fixtures.js';

/**
 * Catalogue panels straight from the simulator's timeline (what the packs would query
 * from its exporters), so the analysis can be checked against the simulator's truth
 * without Prometheus. Tick 0 has no interval, so rates there are gaps.
 */
export function simPanels(s: Scenario): { panels: PanelData[]; tl: Timeline } {
  const tl = computeTimeline(s);
  const t = tl.tMs;
  const dt = tl.dtSec;
  const rate = (xs: number[]) => xs.map((x, i) => (i === 0 ? Number.NaN : x));
  const p = (q: number) => rate(tl.latMeanMs.map((m, i) => lognormalQuantile(m, tl.latSigma[i]!, q) / 1000));
  const ratio = tl.errors.map((e, i) => (tl.requests[i]! > 0 ? e / tl.requests[i]! : Number.NaN));
  const one = (d: PanelData['domain'], id: string, v: number[]) => panel(d, id, series(`${d}.${id}`, t, v));
  const lag = Array.from({ length: tl.kafkaPartitions }, (_, k) =>
    series(
      `kafka.lag.${k}`,
      t,
      t.map((_, i) => tl.kafkaLogEnd[k]![i]! - tl.kafkaCommitted[k]![i]!),
      { topic: 'orders.events', partition: String(k) },
    ),
  );
  const offsets = series(
    'kafka.lag.offsets',
    t,
    t.map(() => 5),
    { topic: '__consumer_offsets', partition: '0' },
  );
  const panels = [
    one('load', 'users', tl.users),
    one('load', 'rps', rate(tl.servedRps)),
    one('load', 'p95', p(0.95)),
    one('load', 'error_rate', ratio),
    one('http', 'rps', rate(tl.servedRps)),
    one('http', 'p95', p(0.95)),
    one('http', 'p99', p(0.99)),
    one('http', 'error_rate', ratio),
    one('jvm', 'heap_used', tl.heapUsed),
    one(
      'jvm',
      'heap_max',
      t.map(() => DEPLOYMENT.heapMaxBytes),
    ),
    one('jvm', 'gc_pause_share', rate(tl.gcMinorSec.map((x, i) => (x + tl.gcMajorSec[i]!) / dt))),
    one('jvm', 'process_cpu', tl.processCpu),
    one('database', 'pool_active', tl.poolActive),
    one(
      'database',
      'pool_max',
      t.map(() => tl.poolMax),
    ),
    one('database', 'pool_pending', tl.poolPending),
    panel('kafka', 'lag', [...lag, offsets]),
    one('infra', 'cpu', tl.hostCpu),
    one(
      'infra',
      'container_cpu',
      tl.containerCores.map((c) => c / DEPLOYMENT.containerCores),
    ),
    one('infra', 'container_throttled', tl.throttleRatio),
    one('infra', 'process_rss', tl.rss),
  ];
  return { panels, tl };
}
