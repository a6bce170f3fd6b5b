import { describe, expect, it } from 'vitest';
import {
  allocateLines,
  combineSeries,
  foldModeFor,
  foldSeries,
  seriesMean,
} from '../../../src/render/fold.js';
import { displayScale, formatCompact } from '../../../src/render/units.js';
import { series } from './fixtures.js';

const flat = (k: number) => series(`s${k}`, `series ${k}`, 4, () => k);

describe('folding series into "other"', () => {
  it('sums additive units and takes the max of latencies and ratios', () => {
    expect(foldModeFor('rps')).toBe('sum');
    expect(foldModeFor('bytes')).toBe('sum');
    expect(foldModeFor('count')).toBe('sum');
    expect(foldModeFor('s')).toBe('max');
    expect(foldModeFor('ratio')).toBe('max');
  });

  it('keeps the top 5 by mean and folds the rest', () => {
    const input = [3, 8, 1, 5, 7, 2, 6, 4].map(flat);
    const sum = foldSeries(input, 6, 'sum', { id: 'o', name: 'other' });
    expect(sum.kept.map((s) => s.id)).toEqual(['s8', 's7', 's6', 's5', 's4']);
    expect(sum.other?.name).toBe('other');
    expect(sum.other?.v).toEqual([6, 6, 6, 6]); // 3 + 2 + 1
    const max = foldSeries(input, 6, 'max', { id: 'o', name: 'other' });
    expect(max.other?.v).toEqual([3, 3, 3, 3]);
  });

  it('does not fold when everything fits, and drops empty series', () => {
    const empty = series('e', 'empty', 4, () => Number.NaN);
    const res = foldSeries([flat(1), flat(2), empty], 6, 'sum', { id: 'o', name: 'other' });
    expect(res.other).toBeNull();
    expect(res.kept.map((s) => s.id)).toEqual(['s2', 's1']);
  });

  it('ignores NaN in means and combines over the union of timestamps', () => {
    expect(seriesMean([1, Number.NaN, 3])).toBe(2);
    expect(Number.isNaN(seriesMean([Number.NaN]))).toBe(true);
    const a = { id: 'a', name: 'a', labels: {}, t: [1, 2, 3], v: [1, Number.NaN, 1] };
    const b = { id: 'b', name: 'b', labels: {}, t: [2, 3, 4], v: [Number.NaN, 2, 2] };
    const c = combineSeries([a, b], 'sum', 'c', 'c');
    expect(c.t).toEqual([1, 2, 3, 4]);
    expect(c.v[0]).toBe(1);
    expect(Number.isNaN(c.v[1]!)).toBe(true);
    expect(c.v.slice(2)).toEqual([3, 2]);
  });

  it('shares a line budget between panels', () => {
    expect(allocateLines([10, 1, 10], 6)).toEqual([3, 1, 2]);
    expect(allocateLines([1, 1], 6)).toEqual([1, 1]);
    expect(allocateLines([0, 4], 6)).toEqual([0, 4]);
  });
});

describe('display units', () => {
  it('shows seconds as ms, ratios as %, bytes in binary units', () => {
    expect(displayScale('s', 0.3, 'en')).toEqual({ factor: 1000, suffix: 'ms' });
    expect(displayScale('s', 30, 'ru').factor).toBe(1);
    expect(displayScale('ratio', 0.5, 'en')).toEqual({ factor: 100, suffix: '%' });
    expect(displayScale('bytes', 3 * 2 ** 30, 'en')).toEqual({ factor: 2 ** -30, suffix: 'GiB' });
    expect(displayScale('bytes', 300 * 2 ** 20, 'en')).toEqual({ factor: 2 ** -20, suffix: 'MiB' });
    expect(displayScale('rps', 10, 'ru').suffix).toBe('rps');
  });

  it('formats tick numbers compactly', () => {
    expect(formatCompact(12_345)).toBe('12.3k');
    expect(formatCompact(1234)).toBe('1234');
    expect(formatCompact(0.25)).toBe('0.25');
    expect(formatCompact(2_500_000)).toBe('2.5M');
    expect(formatCompact(Number.NaN)).toBe('');
  });
});
