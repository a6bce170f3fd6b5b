import { describe, expect, it } from 'vitest';
import { hodgesLehmann, pairwiseDifferences } from '../../../src/compare/hodges-lehmann.js';
import { prng } from '../analysis/fixtures.js';
import { noise } from './fixtures.js';

describe('Hodges-Lehmann shift', () => {
  it('is the median of the pairwise differences', () => {
    // Differences b − a: 10−1, 10−2, 10−4, 12−1, 12−2, 12−4 = 9 8 6 11 10 8 → median 8.5.
    const r = hodgesLehmann([{ a: [1, 2, 4], b: [10, 12] }])!;
    expect(Array.from(pairwiseDifferences([{ a: [1, 2, 4], b: [10, 12] }]))).toEqual([6, 8, 8, 9, 10, 11]);
    expect(r.shift).toBe(8.5);
    expect(r.pairs).toBe(6);
  });

  it('recovers a pure shift, and its interval covers it', () => {
    const rand = prng(5);
    const a = Array.from({ length: 30 }, () => 50 + 10 * noise(rand));
    const b = a.map((x) => x + 7);
    const r = hodgesLehmann([{ a, b }])!;
    expect(r.shift).toBeCloseTo(7, 10);
    expect(r.lower).toBeLessThanOrEqual(7);
    expect(r.upper).toBeGreaterThanOrEqual(7);
  });

  it('exact interval for n = m = 10 uses the 24th smallest and largest differences (qwilcox rule)', () => {
    const a = Array.from({ length: 10 }, (_, i) => i * i);
    const b = Array.from({ length: 10 }, (_, i) => 3 * i + 0.5);
    const d = Array.from(pairwiseDifferences([{ a, b }]));
    const r = hodgesLehmann([{ a, b }], 0.95)!;
    expect(r.method).toBe('exact');
    expect(r.lower).toBe(d[23]);
    expect(r.upper).toBe(d[100 - 24]);
  });

  it('about 95 % of intervals cover the true shift (normal approximation)', () => {
    const rand = prng(99);
    let covered = 0;
    const trials = 200;
    for (let k = 0; k < trials; k++) {
      const a = Array.from({ length: 40 }, () => noise(rand));
      const b = Array.from({ length: 40 }, () => 0.3 + noise(rand));
      const r = hodgesLehmann([{ a, b, inflation: 1.0001 }])!;
      expect(r.method).toBe('normal');
      if (r.lower <= 0.3 && r.upper >= 0.3) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.9);
    expect(covered / trials).toBeLessThan(0.99);
  });

  it('stratified: the same shift at different levels, and a wider interval with inflation', () => {
    const rand = prng(8);
    const stratum = (level: number) => {
      const a = Array.from({ length: 15 }, () => level + noise(rand));
      return { a, b: a.map((x) => x + 2) };
    };
    const strata = [stratum(10), stratum(1000)];
    expect(hodgesLehmann(strata)!.shift).toBeCloseTo(2, 10);
    const plain = hodgesLehmann([{ ...strata[0]!, inflation: 1.0001 }])!;
    const wide = hodgesLehmann([{ ...strata[0]!, inflation: 9 }])!;
    expect(wide.upper - wide.lower).toBeGreaterThan(plain.upper - plain.lower);
    expect(hodgesLehmann([{ a: [], b: [1] }])).toBeNull();
  });
});
