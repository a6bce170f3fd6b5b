import { describe, expect, it } from 'vitest';
import {
  MAX_INFLATION,
  midRanks,
  pairInflation,
  pooledAutocorrelation,
  varianceFactor,
  windowSamples,
} from '../../../src/compare/samples.js';
import { gaussian, mulberry32 } from '../../../src/sim/prng.js';

/** `count` windows of an AR(1) with coefficient `rho` (unit variance) plus white noise of sd `white`. */
function arWindows(rho: number, count: number, length: number, white = 0, seed = 1): number[][] {
  const rng = mulberry32(seed);
  let e = 0;
  return Array.from({ length: count }, () =>
    Array.from({ length }, () => {
      e = rho * e + Math.sqrt(1 - rho * rho) * gaussian(rng);
      return e + white * gaussian(rng);
    }),
  );
}

describe('samples for the rank tests', () => {
  it('takes the finite values of a window, averaged in blocks when there are too many', () => {
    const t = Array.from({ length: 100 }, (_, i) => i * 1000);
    const v = t.map((_, i) => (i === 5 ? Number.NaN : i));
    expect(windowSamples({ t, v }, 3000, 7000, 50)).toEqual([3, 4, 6, 7]);
    const blocks = windowSamples({ t, v: t.map((_, i) => i) }, 0, 99_000, 10);
    expect(blocks).toHaveLength(10);
    expect(blocks[0]).toBeCloseTo(4.5, 10);
  });

  it('mid-ranks average ties', () => {
    expect(midRanks([10, 30, 20, 30])).toEqual([1, 3.5, 2, 3.5]);
  });

  it('estimates the lag-1 autocorrelation from short windows without the small-sample bias', () => {
    const ar = pooledAutocorrelation(arWindows(0.7, 20, 22));
    expect(ar.r1).toBeGreaterThan(0.55);
    expect(ar.r1).toBeLessThan(0.85);
    expect(ar.points).toBe(440);
    const white = pooledAutocorrelation(arWindows(0, 20, 22, 0, 2));
    expect(Math.abs(white.r1)).toBeLessThan(0.15);
    // Ranks: one huge spike does not hide the dependence.
    const spiked = arWindows(0.7, 8, 22, 0, 3);
    spiked[2]![5] = 1e6;
    expect(pooledAutocorrelation(spiked).r1).toBeGreaterThan(0.5);
    expect(pooledAutocorrelation([[1, 2]])).toEqual({ r1: 0, r2: 0, n: 0, points: 0 });
  });

  it('variance factor: 1 for white noise, (1+ρ)/(1−ρ) for AR(1), more for a drift under white noise', () => {
    expect(varianceFactor({ r1: -0.1, r2: 0, n: 20, points: 200 })).toBe(1);
    // Lag 2 not clearly positive: plain AR(1) from lag 1.
    expect(varianceFactor({ r1: 0.5, r2: 0.05, n: 20, points: 400 })).toBeCloseTo(3, 10);
    // A drift (φ = 0.8) under white noise: r1 = 0.4, r2 = 0.32 → 1 + 2·0.4/0.2 = 5, where AR(1) says 2.33.
    expect(varianceFactor({ r1: 0.4, r2: 0.32, n: 20, points: 400 })).toBeCloseTo(5, 10);
    // A lag-2 estimate above a small, unclear lag 1 does not invent a drift.
    expect(varianceFactor({ r1: 0.1, r2: 0.2, n: 14, points: 80 })).toBeCloseTo(1.1 / 0.9, 10);
    expect(varianceFactor({ r1: 0.99, r2: 0.99, n: 20, points: 400 })).toBe(MAX_INFLATION);
    const drift = pooledAutocorrelation(arWindows(0.9, 10, 40, 0.8, 4));
    expect(varianceFactor(drift)).toBeGreaterThan(4);
  });

  it('weights each run’s factor by the other sample’s size', () => {
    expect(pairInflation(1, 1, 10, 30)).toBe(1);
    expect(pairInflation(5, 1, 10, 10)).toBe(3);
    expect(pairInflation(5, 1, 10, 30)).toBe(4);
    expect(pairInflation(2, 2, 0, 0)).toBe(1);
  });
});
