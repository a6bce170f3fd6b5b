import { describe, expect, it } from 'vitest';
import { errorShare, latencyFactor, servedFor } from '../../../src/sim/model.js';
import { computeTimeline } from '../../../src/sim/physics.js';
import { standardScenarios } from '../../../src/sim/presets.js';
import type { Scenario } from '../../../src/sim/scenario.js';
import type { Timeline } from '../../../src/sim/timeline.js';
import { deriveTruth } from '../../../src/sim/truth.js';
import { BASE_MS } from './helpers.js';

const presets = standardScenarios(BASE_MS);
const preset = (name: string): Scenario => presets.find((s) => s.name === name)!;

describe('service model', () => {
  it('latency grows with utilisation and explodes past capacity', () => {
    const us = [0.1, 0.3, 0.5, 0.7, 0.9, 0.95, 1, 1.2, 1.5];
    const f = us.map(latencyFactor);
    for (let k = 1; k < f.length; k++) expect(f[k]!).toBeGreaterThan(f[k - 1]!);
    expect(latencyFactor(0.3)).toBeLessThan(1.05);
    expect(latencyFactor(1.2)).toBeGreaterThan(10 * latencyFactor(0.3));
  });

  it('errors are a trace below capacity and grow with overload', () => {
    expect(errorShare(0.5)).toBeLessThan(0.001);
    expect(errorShare(0.95)).toBeLessThan(0.01);
    expect(errorShare(1.2)).toBeGreaterThan(0.05);
    expect(errorShare(1.5)).toBeGreaterThan(errorShare(1.2));
  });

  it('served throughput follows the load, then plateaus', () => {
    expect(servedFor(100, 210)).toBe(100);
    expect(servedFor(300, 210)).toBeLessThanOrEqual(210);
    expect(servedFor(300, 210)).toBeGreaterThan(0.9 * 210);
  });
});

/** Mean of a timeline field over the ticks fully inside each plateau. */
function perStep(s: Scenario, tl: Timeline, field: (tl: Timeline, i: number) => number): number[] {
  return deriveTruth(s, tl).steps.map((st) => {
    const idx = tl.tMs.flatMap((t, i) => (t - tl.dtSec * 1000 >= st.fromMs && t <= st.toMs ? [i] : []));
    return idx.reduce((a, i) => a + field(tl, i), 0) / idx.length;
  });
}

describe('timeline of a saturating step test', () => {
  const s = preset('step_db_pool');
  const tl = computeTimeline(s);
  const truth = deriveTruth(s, tl);

  it('throughput follows the load below capacity and plateaus above it', () => {
    for (const st of truth.steps) {
      if (st.offeredRps < s.capacityRps) expect(st.throughputRps / st.offeredRps).toBeGreaterThan(0.97);
      else {
        expect(st.throughputRps).toBeLessThan(s.capacityRps * 1.02);
        expect(st.throughputRps).toBeGreaterThan(s.capacityRps * 0.9);
      }
    }
  });

  it('latency and errors climb past capacity', () => {
    const p95 = truth.steps.map((st) => st.p95Ms);
    const err = truth.steps.map((st) => st.errorRate);
    expect(p95[4]!).toBeGreaterThan(3 * p95[3]!);
    expect(p95[5]!).toBeGreaterThan(p95[4]!);
    expect(p95[3]!).toBeGreaterThan(p95[0]!);
    for (const k of [0, 1, 2, 3]) expect(err[k]!).toBeLessThan(0.01);
    expect(err[4]!).toBeGreaterThan(0.05);
    expect(err[5]!).toBeGreaterThan(err[4]!);
  });

  it('users follow the offered load', () => {
    const users = perStep(s, tl, (t, i) => t.users[i]!);
    const ratio = users.map((u, k) => u / truth.steps[k]!.offeredRps);
    for (const r of ratio) expect(r).toBeCloseTo(ratio[0]!, 1);
  });

  it('has noise and a few hiccups', () => {
    const lat = perStep(s, tl, (t, i) => t.latMeanMs[i]!);
    expect(lat[0]).toBeGreaterThan(0);
    const first = tl.latMeanMs.slice(10, 30);
    expect(new Set(first.map((v) => v.toFixed(3))).size).toBeGreaterThan(15);
  });

  it('requests and errors are integers with errors ≤ requests', () => {
    for (let i = 0; i < tl.n; i++) {
      expect(Number.isInteger(tl.requests[i])).toBe(true);
      expect(tl.errors[i]!).toBeLessThanOrEqual(tl.requests[i]!);
    }
  });
});

describe('ground truth', () => {
  it('finds the peak at the last step below capacity and the drop at the next step', () => {
    for (const name of ['step_db_pool', 'step_cpu', 'step_gc', 'step_kafka']) {
      const s = preset(name);
      const truth = deriveTruth(s, computeTimeline(s));
      expect(truth.steps).toHaveLength(6);
      expect(truth.peak?.rps).toBe(200);
      expect(truth.peak?.dropAtMs).toBe(truth.steps[4]!.fromMs);
      expect(truth.saturated).toBe(true);
    }
  });

  it('maps bottlenecks to report domains', () => {
    const domains = Object.fromEntries(
      presets.map((s) => [s.name, deriveTruth(s, computeTimeline(s)).bottleneckDomain]),
    );
    expect(domains).toEqual({
      step_db_pool: 'database',
      step_cpu: 'infra',
      step_gc: 'jvm',
      step_kafka: 'kafka',
      step_none: null,
      soak_leak: null,
      error_burst: null,
    });
  });

  it('kafka: HTTP keeps up, but the peak stops where the consumer lag starts growing', () => {
    const s = preset('step_kafka');
    const truth = deriveTruth(s, computeTimeline(s));
    for (const st of truth.steps) expect(st.throughputRps / st.offeredRps).toBeGreaterThan(0.97);
    expect(truth.peak?.rps).toBe(200);
  });

  it('without a bottleneck the top step is the peak and nothing drops', () => {
    const s = preset('step_none');
    const truth = deriveTruth(s, computeTimeline(s));
    expect(truth.peak).toMatchObject({ rps: 300, dropAtMs: null });
    expect(truth.saturated).toBe(false);
  });

  it('an error burst disqualifies its step but is not a capacity drop', () => {
    const s = preset('error_burst');
    const truth = deriveTruth(s, computeTimeline(s));
    expect(truth.steps.map((st) => st.errorRate > 0.01)).toEqual([false, false, true, false]);
    expect(truth.peak).toMatchObject({ rps: 160, dropAtMs: null });
  });

  it('steps cover plateaus only, inside the test', () => {
    const s = preset('soak_leak');
    const truth = deriveTruth(s, computeTimeline(s));
    expect(truth.steps).toHaveLength(1);
    expect(truth.steps[0]!.fromMs).toBeGreaterThan(truth.startMs);
    expect(truth.steps[0]!.toMs).toBeLessThan(truth.endMs);
    expect(truth.steps[0]!.toMs - truth.steps[0]!.fromMs).toBe(3360_000);
  });
});
