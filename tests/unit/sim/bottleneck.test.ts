import { describe, expect, it } from 'vitest';
import { standardScenarios } from '../../../src/sim/presets.js';
import type { Scenario } from '../../../src/sim/scenario.js';
import { simulate } from '../../../src/sim/simulate.js';
import { BASE_MS, gaugeMean, plateaus, rate } from './helpers.js';
import { byName, type Family, parseOpenMetrics } from './openmetrics-parse.js';

// Resource families only: the app-framework histograms do not matter here (and filtering
// families does not change the others, see determinism.test.ts).
const FAMILIES = ['micrometer', 'node_exporter', 'cadvisor', 'postgres_exporter', 'kafka_exporter'] as const;

interface Facts {
  poolActive: number;
  poolPending: number;
  pgBackendsTop: number;
  pgBackendsLow: number;
  processCpu: number;
  hostBusy: number;
  throttled: number;
  gcShare: number;
  liveRatio: number;
  lagGrowth: number;
  maxLag: number;
}

/** Resource facts on the top step (300 rps) of a step test, read from its exposition. */
function topStepFacts(s: Scenario): Facts {
  const fams = byName(parseOpenMetrics(simulate({ ...s, families: [...FAMILIES] }).openMetrics));
  const f = (name: string): Family => {
    const fam = fams.get(name);
    if (!fam) throw new Error(`missing family ${name}`);
    return fam;
  };
  const steps = plateaus(s);
  const top = steps.at(-1)!;
  const low = steps[0]!;
  const lagAt = (t: number) =>
    f('kafka_consumergroup_lag')
      .samples.filter((x) => x.ts === t)
      .reduce((a, x) => a + x.value, 0);
  const lagSamples = f('kafka_consumergroup_lag').samples;
  return {
    poolActive: gaugeMean(f('hikaricp_connections_active'), top.from, top.to),
    poolPending: gaugeMean(f('hikaricp_connections_pending'), top.from, top.to),
    pgBackendsTop: gaugeMean(f('pg_stat_database_numbackends'), top.from, top.to),
    pgBackendsLow: gaugeMean(f('pg_stat_database_numbackends'), low.from, low.to),
    processCpu: gaugeMean(f('process_cpu_usage'), top.from, top.to),
    hostBusy:
      1 -
      rate(f('node_cpu_seconds'), 'node_cpu_seconds_total', top.from, top.to, (l) => l.mode === 'idle') / 2,
    throttled:
      rate(
        f('container_cpu_cfs_throttled_periods'),
        'container_cpu_cfs_throttled_periods_total',
        top.from,
        top.to,
      ) / rate(f('container_cpu_cfs_periods'), 'container_cpu_cfs_periods_total', top.from, top.to),
    gcShare: rate(f('jvm_gc_pause_seconds'), 'jvm_gc_pause_seconds_sum', top.from, top.to),
    liveRatio:
      gaugeMean(f('jvm_gc_live_data_size_bytes'), top.from, top.to) /
      gaugeMean(f('jvm_gc_max_data_size_bytes'), top.from, top.to),
    lagGrowth: lagAt(top.to) - lagAt(top.from + 15),
    maxLag: Math.max(
      ...[...new Set(lagSamples.map((x) => x.ts))].filter((t) => t <= steps[3]!.to).map(lagAt),
    ),
  };
}

const facts = Object.fromEntries(
  standardScenarios(BASE_MS)
    .filter((s) => s.name.startsWith('step_'))
    .map((s) => [s.bottleneck, topStepFacts(s)]),
) as Record<Scenario['bottleneck'], Facts>;
const others = (b: Scenario['bottleneck']) =>
  Object.entries(facts)
    .filter(([k]) => k !== b)
    .map(([, v]) => v);

describe('the bottleneck shows in its own families only', () => {
  it('db_pool: Hikari pool exhausted with threads pending, more PG backends', () => {
    expect(facts.db_pool.poolActive).toBeGreaterThanOrEqual(9.9);
    expect(facts.db_pool.poolPending).toBeGreaterThan(10);
    expect(facts.db_pool.pgBackendsTop).toBeGreaterThan(facts.db_pool.pgBackendsLow + 2);
    for (const o of others('db_pool')) {
      expect(o.poolActive).toBeLessThan(7);
      expect(o.poolPending).toBe(0);
    }
  });

  it('cpu: process and host CPU near 100 %, CFS throttling', () => {
    expect(facts.cpu.processCpu).toBeGreaterThan(0.95);
    expect(facts.cpu.hostBusy).toBeGreaterThan(0.93);
    expect(facts.cpu.throttled).toBeGreaterThan(0.4);
    for (const o of others('cpu')) {
      expect(o.processCpu).toBeLessThan(0.7);
      expect(o.hostBusy).toBeLessThan(0.8);
      expect(o.throttled).toBeLessThan(0.05);
    }
  });

  it('gc: pauses take over 15 % of the time and the old generation stays full', () => {
    expect(facts.gc.gcShare).toBeGreaterThan(0.15);
    expect(facts.gc.liveRatio).toBeGreaterThan(0.75);
    for (const o of others('gc')) {
      expect(o.gcShare).toBeLessThan(0.05);
      expect(o.liveRatio).toBeLessThan(0.5);
    }
  });

  it('kafka: consumer lag grows steadily past the consumer capacity', () => {
    expect(facts.kafka.lagGrowth).toBeGreaterThan(10_000);
    expect(facts.kafka.maxLag).toBeLessThan(500);
    for (const o of others('kafka')) expect(o.lagGrowth).toBeLessThan(200);
  });

  it('none: every resource stays moderate', () => {
    const n = facts.none;
    expect(n.poolActive).toBeLessThan(5);
    expect(n.processCpu).toBeLessThan(0.5);
    expect(n.gcShare).toBeLessThan(0.03);
    expect(Math.abs(n.lagGrowth)).toBeLessThan(200);
  });
});
