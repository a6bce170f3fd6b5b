import { describe, expect, it } from 'vitest';
import type { CompareResult } from '../../../src/compare/compare.types.js';
import { compareRuns } from '../../../src/compare/compare-runs.js';
import { PRESET_NAMES, scenarioByName } from '../../../src/sim/presets.js';
import type { Scenario } from '../../../src/sim/scenario.js';
import { BASE_MS, simPair, simRun } from './sim-runs.js';

/**
 * Simulator pairs with known shifts, through the pure pipeline path (timeline → panels →
 * analyse → stored series → compareRuns). Run A and run B always differ in their seed, so
 * every pair also carries independent noise. Measured (default alpha 0.01): A/A false alarms
 * 0 of the 50 seeds below and 1 of 200 in a wider sweep (0.5 %); +10 % latency caught in
 * 38–44 of 50 (not required); every 20 %+ shift caught in all of 50.
 */

const SEEDS = Array.from({ length: 10 }, (_, i) => 1000 + 2 * i);

function verdicts(a: Partial<Scenario>, b: Partial<Scenario>, seeds: number[]): CompareResult[] {
  return seeds.map((s) => compareRuns(...pairOf(simPair(a, b, s, s + 1))));
}
const pairOf = (p: ReturnType<typeof simPair>) => [p.a, p.b] as const;
const hasP95 = (r: CompareResult) => r.top.some((c) => c.metric === 'p95' && c.direction === 'worse');

describe('simulated pairs with known shifts', () => {
  it('A/A reruns with different noise: no change across 50 seeds (false-alarm rate ≤ 5 %, measured 0)', () => {
    const seeds = Array.from({ length: 50 }, (_, i) => 100 + 2 * i);
    const rs = verdicts({}, {}, seeds);
    const alarms = rs.filter((r) => r.verdict !== 'no_change');
    expect(rs.every((r) => r.alignment.mode === 'steps' && r.keyTested >= 40)).toBe(true);
    expect(alarms.length / rs.length).toBeLessThanOrEqual(0.05);
  });

  it('latency +10 %: usually caught (reported, not required), never called an improvement', () => {
    const rs = verdicts({}, { baseLatencyMs: 44 }, SEEDS);
    const caught = rs.filter((r) => r.verdict === 'regression').length;
    expect(rs.every((r) => r.verdict === 'regression' || r.verdict === 'no_change')).toBe(true);
    expect(caught / rs.length).toBeGreaterThanOrEqual(0.5);
  });

  it.each([
    ['+20 %', 48],
    ['+35 %', 54],
  ])('latency %s: always a regression with p95 among the top changes', (_name, ms) => {
    for (const r of verdicts({}, { baseLatencyMs: ms }, SEEDS)) {
      expect(r.verdict).toBe('regression');
      expect(hasP95(r)).toBe(true);
    }
  });

  it('throughput −15 % (capacity 210 → 178.5 rps): regression with throughput worse at the saturated steps', () => {
    for (const r of verdicts({}, { capacityRps: 178.5 }, SEEDS)) {
      expect(r.verdict).toBe('regression');
      const thr = r.changes.filter((c) => c.metric === 'rps' && c.keyMetric && c.significant);
      expect(thr.length).toBeGreaterThan(0);
      expect(thr.every((c) => c.direction === 'worse' && c.deltaPct < -8)).toBe(true);
      expect(r.peak.deltaPct!).toBeLessThan(-10);
    }
  });

  it('extra errors (+3 % failed requests throughout): regression on the error rate', () => {
    const burst = {
      faults: [{ kind: 'error_burst' as const, atSec: 0, durationSec: 10_000, errorRate: 0.03 }],
    };
    for (const r of verdicts({}, burst, SEEDS)) {
      expect(r.verdict).toBe('regression');
      expect(r.top.some((c) => c.metric === 'error_rate' && c.direction === 'worse')).toBe(true);
    }
  });

  it('latency −30 %: improvement', () => {
    for (const r of verdicts({}, { baseLatencyMs: 28 }, SEEDS)) {
      expect(r.verdict).toBe('improvement');
      expect(r.top[0]!.direction).toBe('better');
    }
  });
});

describe('the standard scenarios', () => {
  const rerun = (name: string, seed: number, over: Partial<Scenario> = {}) => {
    const a = simRun({ ...scenarioByName(name, BASE_MS), seed }, `a-${name}`);
    const b = simRun({ ...scenarioByName(name, BASE_MS + 86_400_000), seed: seed + 7, ...over }, `b-${name}`);
    return compareRuns(a, b);
  };

  it.each(PRESET_NAMES)('%s rerun with other noise: no change', (name) => {
    for (const seed of [11, 12]) expect(rerun(name, seed).verdict).toBe('no_change');
  });

  it('a soak (one plateau) is aligned by time and still catches +20 % latency', () => {
    const r = rerun('soak_leak', 5, { baseLatencyMs: 48 });
    expect(r.alignment.mode).toBe('offset');
    expect(r.verdict).toBe('regression');
    expect(hasP95(r)).toBe(true);
  });
});
