import { describe, expect, it } from 'vitest';
import type { CompareSegment } from '../../../src/compare/compare.types.js';
import { combinedP, compareSeries, type SeriesMeta } from '../../../src/compare/compare-series.js';
import { resolveSettings } from '../../../src/compare/settings.js';
import { stepShiftTest } from '../../../src/compare/step-shift.js';
import { regularizedBeta, studentTwoSided } from '../../../src/compare/student-t.js';
import { prng } from '../analysis/fixtures.js';

describe("Student's t", () => {
  it('matches the tables (two-sided 5 % and 1 % points)', () => {
    expect(studentTwoSided(12.706, 1)).toBeCloseTo(0.05, 4);
    expect(studentTwoSided(2.5706, 5)).toBeCloseTo(0.05, 4);
    expect(studentTwoSided(4.0321, 5)).toBeCloseTo(0.01, 4);
    expect(studentTwoSided(-2.2281, 10)).toBeCloseTo(0.05, 4);
    expect(studentTwoSided(1.96, 1e6)).toBeCloseTo(0.05, 4);
    expect(studentTwoSided(0, 3)).toBeCloseTo(1, 12);
    expect(studentTwoSided(Number.POSITIVE_INFINITY, 3)).toBe(0);
  });

  it('the incomplete beta function at known points', () => {
    expect(regularizedBeta(0.5, 2, 2)).toBeCloseTo(0.5, 12);
    expect(regularizedBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(regularizedBeta(0.2, 2, 3)).toBeCloseTo(0.1808, 10);
    expect(() => studentTwoSided(1, 0)).toThrow(RangeError);
  });
});

describe('step-level shift test', () => {
  const steps = (levels: number[], factor: number, noise: number, seed: number) => {
    const r = prng(seed);
    const draw = (x: number) => Array.from({ length: 4 }, () => x * (1 + noise * (r() - 0.5)));
    return levels.map((x) => ({ a: draw(x), b: draw(x * factor) }));
  };
  const levels = [0.04, 0.045, 0.05, 0.07, 0.2, 0.6];

  it('a uniform +20 % on six steps of four noisy points each is plain', () => {
    const t = stepShiftTest(steps(levels, 1.2, 0.1, 1), 0.007)!;
    expect(t.steps).toBe(6);
    expect(t.df).toBe(5);
    expect(Math.exp(t.meanLogRatio)).toBeGreaterThan(1.15);
    expect(Math.exp(t.meanLogRatio)).toBeLessThan(1.25);
    expect(t.pValue).toBeLessThan(1e-4);
  });

  it('the same system twice: no shift', () => {
    const ps = [1, 2, 3, 4, 5, 6, 7, 8].map((s) => stepShiftTest(steps(levels, 1, 0.1, s), 0.007)!.pValue);
    expect(ps.filter((p) => p < 0.01).length).toBe(0);
  });

  it('a step that moved the other way makes it cautious, not sure', () => {
    const st = steps(levels, 1.2, 0.02, 3);
    st[5] = { a: st[5]!.a, b: st[5]!.a.map((x) => x * 0.7) };
    expect(stepShiftTest(st, 0.007)!.pValue).toBeGreaterThan(0.05);
  });

  it('no test under three steps or near zero, where a ratio means nothing', () => {
    expect(stepShiftTest(steps([0.04, 0.05], 1.2, 0.1, 1), 0.007)).toBeNull();
    expect(stepShiftTest(steps([0.0001, 0.0002, 0.0003], 3, 0.1, 1), 0.005)).toBeNull();
  });

  it('identical ratios everywhere: p 1 without a move, 0 with one', () => {
    const same = levels.map((x) => ({ a: [x], b: [x] }));
    expect(stepShiftTest(same, 0.007)!.pValue).toBe(1);
    const moved = levels.map((x) => ({ a: [x], b: [x * 2] }));
    expect(stepShiftTest(moved, 0.007)!.pValue).toBe(0);
  });

  it('two tests of one row pay for both: the smaller p-value, doubled', () => {
    expect(combinedP(0.001, 0.2)).toBeCloseTo(0.002, 12);
    expect(combinedP(0.3, 0.0004)).toBeCloseTo(0.0008, 12);
    expect(combinedP(0.7, 0.9)).toBe(1);
    expect(combinedP(0.02, null)).toBe(0.02);
    expect(combinedP(null, null)).toBeNull();
  });
});

describe('the all-steps row', () => {
  const meta: SeriesMeta = {
    domain: 'http',
    panel: 'avg',
    series: 'http.avg',
    seriesKey: 'http.avg',
    role: 'latency_avg',
    unit: 's',
    keyMetric: true,
    panelLevel: true,
  };
  const all: CompareSegment = { id: 'all', kind: 'all', rps: null, levelA: null, levelB: null, windows: [] };

  it('states the mean of the steps’ levels, so unequal sample counts cannot turn a rise into a fall', () => {
    const r = prng(7);
    const at = (x: number, n: number) => Array.from({ length: n }, () => x * (1 + 0.02 * (r() - 0.5)));
    const strata = [
      { a: at(0.05, 20), b: at(0.06, 20) },
      { a: at(1, 20), b: at(1.2, 5) },
    ];
    const row = compareSeries(meta, all, strata, resolveSettings())!;
    // Pooled, B's median would sit on its fast step (−89 %); per step both rose 20 %.
    expect(row.stats.deltaPct.p50!).toBeLessThan(-80);
    expect(row.change.deltaPct).toBeGreaterThan(15);
    expect(row.change.deltaPct).toBeLessThan(25);
    expect(row.change.moved).toBe('up');
  });
});
