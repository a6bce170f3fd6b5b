import { describe, expect, it } from 'vitest';
import { isLoadLensError } from '../../../src/core/errors.js';
import { stepProfile } from '../../../src/sim/presets.js';
import type { Scenario } from '../../../src/sim/scenario.js';
import { simulate } from '../../../src/sim/simulate.js';
import { BASE_MS } from './helpers.js';

const scenario = (seed: number): Scenario => ({
  name: 'det_check',
  seed,
  startMs: BASE_MS,
  scrapeIntervalSec: 15,
  profile: stepProfile([60, 120, 180], 180, 30),
  capacityRps: 150,
  bottleneck: 'db_pool',
  faults: [],
});

describe('simulate determinism', () => {
  it('gives the same bytes for the same seed', () => {
    const a = simulate(scenario(7));
    const b = simulate(scenario(7));
    expect(a.openMetrics).toBe(b.openMetrics);
    expect(a.influxJmeter).toEqual(b.influxJmeter);
    expect(a.influxK6).toEqual(b.influxK6);
    expect(a.truth).toEqual(b.truth);
  });

  it('changes the noise, not the shape, with another seed', () => {
    const a = simulate(scenario(7));
    const b = simulate(scenario(8));
    expect(a.openMetrics).not.toBe(b.openMetrics);
    expect(a.influxK6).not.toEqual(b.influxK6);
    expect(a.truth.steps.map((s) => s.throughputRps)).not.toEqual(b.truth.steps.map((s) => s.throughputRps));
    // Same physics: the same peak and the same plateaus.
    expect(a.truth.peak).toEqual(b.truth.peak);
    expect(a.truth.steps.map((s) => [s.fromMs, s.offeredRps])).toEqual(
      b.truth.steps.map((s) => [s.fromMs, s.offeredRps]),
    );
  });

  it('does not change other exporters when families are filtered', () => {
    const all = simulate(scenario(7)).openMetrics;
    const k6Only = simulate({ ...scenario(7), families: ['k6'] }).openMetrics;
    const k6Lines = k6Only.split('\n').filter((l) => l.startsWith('k6_'));
    expect(k6Lines.length).toBeGreaterThan(100);
    const allK6 = all.split('\n').filter((l) => l.startsWith('k6_'));
    expect(allK6).toEqual(k6Lines);
    expect(k6Only).not.toContain('jvm_memory_used_bytes');
  });

  it('rejects invalid scenarios with BAD_INPUT', () => {
    for (const bad of [
      { ...scenario(1), name: 'Bad Name' },
      { ...scenario(1), scrapeIntervalSec: 0 },
      { ...scenario(1), capacityRps: -1 },
      { ...scenario(1), profile: [] },
    ]) {
      let caught: unknown;
      try {
        simulate(bad);
      } catch (err) {
        caught = err;
      }
      expect(isLoadLensError(caught, 'BAD_INPUT')).toBe(true);
    }
  });
});
