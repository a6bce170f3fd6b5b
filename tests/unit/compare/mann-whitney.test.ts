import { describe, expect, it } from 'vitest';
import {
  exactUCdf,
  exactUCounts,
  mannWhitney,
  rankSums,
  stratifiedMannWhitney,
} from '../../../src/compare/mann-whitney.js';
import { normalTwoSided, normalUpperQuantile, normalUpperTail } from '../../../src/compare/normal.js';
import { prng } from '../analysis/fixtures.js';
import { noise } from './fixtures.js';

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/** U of B by brute force over all pairs. */
function bruteU(a: number[], b: number[]): number {
  let u = 0;
  for (const x of a) for (const y of b) u += y > x ? 1 : y === x ? 0.5 : 0;
  return u;
}

describe('normal tail', () => {
  it('matches the standard normal table, far into the tail', () => {
    expect(normalTwoSided(1.959964)).toBeCloseTo(0.05, 6);
    expect(normalUpperTail(0)).toBeCloseTo(0.5, 7);
    expect(normalUpperTail(-1)).toBeCloseTo(0.841345, 6);
    // P(Z > 6) = 9.8659e-10: relative, not absolute, accuracy.
    expect(normalUpperTail(6) / 9.865876e-10).toBeCloseTo(1, 5);
    expect(normalUpperQuantile(0.025)).toBeCloseTo(1.959964, 5);
  });
});

describe('Mann-Whitney U', () => {
  it('exact null distribution: C(m+n, m) orderings, symmetric, the textbook table', () => {
    const c = exactUCounts(5, 5);
    expect(Array.from(c.slice(0, 6))).toEqual([1, 1, 2, 3, 5, 7]);
    expect(c.reduce((s, x) => s + x, 0)).toBe(252);
    expect(exactUCounts(25, 25).reduce((s, x) => s + x, 0)).toBe(binomial(50, 25));
    expect(exactUCounts(3, 7)).toEqual(exactUCounts(7, 3));
    const k = exactUCounts(4, 9);
    for (let u = 0; u < k.length; u++) expect(k[u]).toBe(k[k.length - 1 - u]);
    // Critical value of the two-sided 5 % test for n1 = n2 = 10 is U = 23 (textbook tables).
    expect(exactUCdf(10, 10, 23)).toBeLessThanOrEqual(0.025);
    expect(exactUCdf(10, 10, 24)).toBeGreaterThan(0.025);
  });

  it('exact p-values agree with a brute-force permutation count', () => {
    const pooled = [3, 8, 1, 14, 6, 11, 2, 9, 13, 5, 7, 12];
    const a = pooled.slice(0, 5);
    const b = pooled.slice(5);
    const u = bruteU(a, b);
    const lower = Math.min(u, 35 - u);
    // Every split of the 12 values into 5 and 7.
    let extreme = 0;
    let total = 0;
    const pick = (start: number, chosen: number[]) => {
      if (chosen.length === 5) {
        const rest = pooled.filter((x) => !chosen.includes(x));
        const v = bruteU(chosen, rest);
        total++;
        if (v <= lower || v >= 35 - lower) extreme++;
        return;
      }
      for (let i = start; i < pooled.length; i++) pick(i + 1, [...chosen, pooled[i]!]);
    };
    pick(0, []);
    const r = mannWhitney(a, b);
    expect(r.method).toBe('exact');
    expect(r.u).toBe(u);
    expect(r.pValue).toBeCloseTo(extreme / total, 12);
  });

  it('reproduces textbook values: complete separation and R’s wilcox.test example', () => {
    const sep = mannWhitney([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);
    expect(sep.u).toBe(25);
    expect(sep.pValue).toBeCloseTo(2 / 252, 10); // R: p-value = 0.007937
    expect(sep.cliffsDelta).toBe(1);
    // R: wilcox.test(x, y, alternative = "greater") gives W = 35, p = 0.1272 (two-sided 0.2544).
    const x = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
    const y = [1.15, 0.88, 0.9, 0.74, 1.21];
    const r = mannWhitney(y, x);
    expect(r.u).toBe(35);
    expect(r.pValue).toBeCloseTo(0.2544, 4);
    // Swapping the samples mirrors U and keeps the p-value.
    const back = mannWhitney(x, y);
    expect(back.u).toBe(15);
    expect(back.pValue).toBeCloseTo(r.pValue, 12);
    expect(back.cliffsDelta).toBeCloseTo(-r.cliffsDelta, 12);
  });

  it('with ties: mid-ranks, tie-corrected variance, continuity correction (worked by hand)', () => {
    // Pooled 1 2 2 2 3 3 3 4 5 6: the 2s share rank 3, the 3s rank 6. B's rank sum
    // 3+6+6+9+10 = 34, U = 34 − 15 = 19. Σ(t³ − t) = 2·24 = 48, so
    // Var U = 25/12 · (11 − 48/90) = 21.8056; z = (19 − 12.5 − 0.5)/√21.8056 = 1.2849.
    const a = [1, 2, 2, 3, 4];
    const b = [2, 3, 3, 5, 6];
    expect(rankSums(a, b)).toEqual({ u: 19, ties: 48 });
    const r = mannWhitney(a, b);
    expect(r.method).toBe('normal');
    expect(r.variance).toBeCloseTo(21.805556, 5);
    expect(r.z).toBeCloseTo(1.284895, 5);
    expect(r.pValue).toBeCloseTo(0.198829, 5);
  });

  it('the normal approximation is close to the exact test for mid-sized samples', () => {
    const rand = prng(7);
    const a = Array.from({ length: 20 }, () => rand());
    const b = Array.from({ length: 20 }, () => rand() + 0.25);
    const exact = mannWhitney(a, b);
    const normal = mannWhitney(a, b, 1.0000001); // any inflation forces the normal form
    expect(exact.method).toBe('exact');
    expect(normal.method).toBe('normal');
    // Exact 0.0051, normal 0.0060: the approximation errs on the safe side by a little.
    expect(exact.pValue).toBeLessThan(0.01);
    expect(normal.pValue).toBeGreaterThanOrEqual(exact.pValue);
    expect(normal.pValue - exact.pValue).toBeLessThan(0.002);
  });

  it('autocorrelation inflation makes the same difference less significant', () => {
    const rand = prng(3);
    const a = Array.from({ length: 60 }, () => 100 + 5 * noise(rand));
    const b = a.map((x) => x + 3);
    const plain = mannWhitney(a, b);
    const inflated = mannWhitney(a, b, 4);
    expect(inflated.variance).toBeCloseTo(4 * plain.variance, 6);
    expect(inflated.pValue).toBeGreaterThan(plain.pValue * 10);
  });

  it('stratified: strata add evidence, and level differences between strata never count', () => {
    const rand = prng(11);
    const stratum = (level: number, shift: number) => ({
      a: Array.from({ length: 12 }, () => level * (1 + 0.05 * noise(rand))),
      b: Array.from({ length: 12 }, () => level * (1 + shift + 0.05 * noise(rand))),
    });
    // Same small shift at three load levels: stronger together than alone.
    const strata = [stratum(50, 0.04), stratum(100, 0.04), stratum(150, 0.04)];
    const one = mannWhitney(strata[0]!.a, strata[0]!.b);
    const all = stratifiedMannWhitney(strata)!;
    expect(all.nA).toBe(36);
    expect(all.pValue).toBeLessThan(one.pValue);
    // No shift, very different levels: pooling them raw would still be ~null, stratified is.
    const flat = stratifiedMannWhitney([stratum(10, 0), stratum(1000, 0)])!;
    expect(flat.pValue).toBeGreaterThan(0.05);
    expect(stratifiedMannWhitney([{ a: [], b: [1] }])).toBeNull();
    expect(() => mannWhitney([], [1])).toThrow(RangeError);
  });
});
