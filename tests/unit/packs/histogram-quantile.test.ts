import { describe, expect, it } from 'vitest';
import {
  bucketQuantile,
  bucketShareAbove,
  type ClassicBucket,
  nativeQuantile,
  nativeShareAbove,
  parseLe,
} from '../../../src/packs/histogram-quantile.js';
import type { NativeHistogram } from '../../../src/sources/native-histogram.js';

const INF = Number.POSITIVE_INFINITY;
const b = (pairs: Array<[number, number]>): ClassicBucket[] =>
  pairs.map(([upper, count]) => ({ upper, count }));

// 100 observations: 10 ≤ 0.1 s, 50 ≤ 0.25 s, 90 ≤ 0.5 s, 100 ≤ 1 s, none above.
const STD = b([
  [0.1, 10],
  [0.25, 50],
  [0.5, 90],
  [1, 100],
  [INF, 100],
]);

describe('bucketQuantile (histogram_quantile semantics)', () => {
  it('interpolates linearly inside the bucket holding the rank', () => {
    // rank 50 is the top of (0.1, 0.25]; rank 70 is half-way through (0.25, 0.5].
    expect(bucketQuantile(0.5, STD)).toBeCloseTo(0.25, 12);
    expect(bucketQuantile(0.7, STD)).toBeCloseTo(0.375, 12);
    expect(bucketQuantile(0.95, STD)).toBeCloseTo(0.75, 12);
  });

  it('starts the first bucket at 0 when its bound is positive, else answers that bound', () => {
    expect(bucketQuantile(0.05, STD)).toBeCloseTo(0.05, 12);
    const negative = b([
      [-1, 10],
      [0, 20],
      [INF, 20],
    ]);
    expect(bucketQuantile(0.25, negative)).toBe(-1);
  });

  it('answers the highest finite bound when the rank falls in the +Inf bucket', () => {
    const tail = b([
      [0.1, 10],
      [0.5, 80],
      [INF, 100],
    ]);
    expect(bucketQuantile(0.99, tail)).toBe(0.5);
    expect(bucketQuantile(1, tail)).toBe(0.5);
  });

  it('sorts and coalesces buckets given in any order or spelled twice', () => {
    const shuffled = b([
      [INF, 60],
      [0.5, 50],
      [0.1, 5],
      [0.1, 5],
      [0.5, 40],
      [INF, 40],
    ]);
    // Coalesced: 0.1 → 10, 0.5 → 90, +Inf → 100.
    expect(bucketQuantile(0.5, shuffled)).toBeCloseTo(0.1 + 0.4 * (40 / 80), 12);
  });

  it('forces monotonic cumulative counts before searching', () => {
    const dip = b([
      [0.1, 10],
      [0.25, 8], // less than the bucket below: raised to 10
      [0.5, 20],
      [INF, 20],
    ]);
    // rank 15 lies in (0.25, 0.5]: 5 of its 10 (20 - 10, not 20 - 8) observations.
    expect(bucketQuantile(0.75, dip)).toBeCloseTo(0.375, 12);
  });

  it('returns NaN without a +Inf bucket, with one bucket, with no observations, or for q = NaN', () => {
    expect(bucketQuantile(0.5, b([[1, 10]]))).toBeNaN();
    expect(bucketQuantile(0.5, b([[INF, 10]]))).toBeNaN();
    expect(bucketQuantile(0.5, b([]))).toBeNaN();
    expect(
      bucketQuantile(
        0.5,
        b([
          [1, 0],
          [INF, 0],
        ]),
      ),
    ).toBeNaN();
    expect(bucketQuantile(Number.NaN, STD)).toBeNaN();
  });

  it('returns -Inf below q = 0 and +Inf above q = 1', () => {
    expect(bucketQuantile(-0.1, STD)).toBe(Number.NEGATIVE_INFINITY);
    expect(bucketQuantile(1.1, STD)).toBe(INF);
  });

  it('reads le labels as Prometheus writes them', () => {
    expect(parseLe('+Inf')).toBe(INF);
    expect(parseLe('0.25')).toBe(0.25);
    expect(parseLe('1e-3')).toBe(0.001);
    expect(parseLe('abc')).toBeNaN();
  });
});

describe('bucketShareAbove', () => {
  it('is the inverse of the quantile inside finite buckets', () => {
    for (const q of [0.05, 0.3, 0.5, 0.7, 0.95]) {
      expect(bucketShareAbove(bucketQuantile(q, STD), STD)).toBeCloseTo(1 - q, 12);
    }
  });

  it('counts the +Inf bucket as above any finite threshold; NaN without observations', () => {
    const tail = b([
      [0.5, 80],
      [INF, 100],
    ]);
    expect(bucketShareAbove(0.5, tail)).toBeCloseTo(0.2, 12);
    expect(bucketShareAbove(10, tail)).toBeCloseTo(0.2, 12);
    expect(bucketShareAbove(0, tail)).toBe(1);
    expect(
      bucketShareAbove(
        0.3,
        b([
          [1, 0],
          [INF, 0],
        ]),
      ),
    ).toBeNaN();
  });
});

// Exponential schema-0 buckets (powers of 2) and a zero bucket, as the query API returns them.
const NATIVE: NativeHistogram = {
  count: 100,
  sum: 80,
  buckets: [
    { boundaryRule: 3, lower: -0.001, upper: 0.001, count: 10 },
    { boundaryRule: 0, lower: 0.25, upper: 0.5, count: 20 },
    { boundaryRule: 0, lower: 0.5, upper: 1, count: 40 },
    { boundaryRule: 0, lower: 1, upper: 2, count: 30 },
  ],
};

describe('nativeQuantile (histogramQuantile semantics)', () => {
  it('walks forward below the median and backward from it, linear inside the bucket', () => {
    // rank 20: 10 in the zero bucket, 10 of 20 in (0.25, 0.5].
    expect(nativeQuantile(0.2, NATIVE)).toBeCloseTo(0.375, 12);
    // q = 0.9 from the top: rank (1-0.9)*100 = 10 of 30 in (1, 2] counted from 2 down.
    expect(nativeQuantile(0.9, NATIVE)).toBeCloseTo(2 - (10 / 30) * 1, 12);
    expect(nativeQuantile(0.5, NATIVE)).toBeCloseTo(0.5 + 0.5 * (20 / 40), 12);
  });

  it('treats the zero bucket as starting at 0 when there are only positive buckets', () => {
    expect(nativeQuantile(0.05, NATIVE)).toBeCloseTo(0.0005, 12);
  });

  it('has the classic NaN/±Inf rules', () => {
    expect(nativeQuantile(0.5, { count: 0, sum: 0, buckets: [] })).toBeNaN();
    expect(nativeQuantile(Number.NaN, NATIVE)).toBeNaN();
    expect(nativeQuantile(-1, NATIVE)).toBe(Number.NEGATIVE_INFINITY);
    expect(nativeQuantile(2, NATIVE)).toBe(INF);
  });

  it('shares above a threshold invert the quantile', () => {
    for (const q of [0.2, 0.5, 0.9]) {
      expect(nativeShareAbove(nativeQuantile(q, NATIVE), NATIVE)).toBeCloseTo(1 - q, 12);
    }
    expect(nativeShareAbove(5, NATIVE)).toBe(0);
  });
});
