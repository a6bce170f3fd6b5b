import { describe, expect, it } from 'vitest';
import {
  coefficientOfVariation,
  linearFit,
  median,
  quantile,
  seriesStats,
} from '../../../src/analysis/stats.js';

describe('seriesStats', () => {
  it('computes mean, percentiles, extremes, last, slope and change', () => {
    // 0..99 over 100 minutes: slope 1 per minute, first tenth mean 4.5, last tenth 94.5.
    const t = Array.from({ length: 100 }, (_, i) => i * 60_000);
    const v = t.map((_, i) => i);
    const s = seriesStats(t, v);
    expect(s.count).toBe(100);
    expect(s.mean).toBeCloseTo(49.5);
    expect(s.p50).toBeCloseTo(49.5);
    expect(s.p95).toBeCloseTo(94.05);
    expect(s.p99).toBeCloseTo(98.01);
    expect(s.min).toBe(0);
    expect(s.max).toBe(99);
    expect(s.last).toBe(99);
    expect(s.slopePerMin).toBeCloseTo(1);
    expect(s.change).toBeCloseTo((94.5 - 4.5) / 4.5);
  });

  it('ignores NaN and ±Infinity', () => {
    const t = [0, 1000, 2000, 3000, 4000, 5000];
    const v = [1, Number.NaN, 3, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN];
    const s = seriesStats(t, v);
    expect(s.count).toBe(2);
    expect(s.mean).toBe(2);
    expect(s.max).toBe(3);
    expect(s.last).toBe(3);
  });

  it('returns nulls for a series without valid points', () => {
    const s = seriesStats([0, 1], [Number.NaN, Number.POSITIVE_INFINITY]);
    expect(s).toMatchObject({ count: 0, mean: null, p95: null, slopePerMin: null, change: null, last: null });
  });

  it('reports no relative change when the first tenth averages zero', () => {
    const t = Array.from({ length: 20 }, (_, i) => i * 1000);
    const v = t.map((_, i) => (i < 2 ? 0 : 5));
    expect(seriesStats(t, v).change).toBeNull();
  });
});

describe('numeric helpers', () => {
  it('quantile interpolates and median handles even counts', () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(median([5, Number.NaN, 1, 3])).toBe(3);
    expect(quantile([], 0.5)).toBeNull();
  });

  it('coefficient of variation is stdev over mean', () => {
    expect(coefficientOfVariation([10, 10, 10])).toBe(0);
    expect(coefficientOfVariation([9, 11])).toBeCloseTo(0.1);
    expect(coefficientOfVariation([5])).toBeNull();
  });

  it('linear fit keeps precision on epoch-millisecond timestamps', () => {
    const t0 = Date.UTC(2026, 0, 1);
    const t = Array.from({ length: 50 }, (_, i) => t0 + i * 15_000);
    const v = t.map((x) => 3 + (x - t0) * 2e-6);
    const fit = linearFit(t, v)!;
    expect(fit.slope).toBeCloseTo(2e-6, 12);
    expect(fit.r2).toBeCloseTo(1, 9);
    expect(fit.slope * t0 + fit.intercept).toBeCloseTo(3, 6);
  });
});
