import { median } from '../analysis/stats.js';
import { studentTwoSided } from './student-t.js';

/**
 * The step-level shift test: did B's level move by the same factor on every load step?
 *
 * A rank test needs several samples per step to say anything: with four points a step (a
 * one-minute plateau at a 15 s resolution) one step can give p ≥ 0.03 at best, and the
 * server's histogram quantiles, read through overlapping `rate` windows, carry even fewer
 * independent values. Yet six steps that are all 30 % slower are plain to see. This test
 * takes one number per aligned step, the log ratio of the medians B / A, and asks with a
 * one-sample t-test whether their mean is 0. Its error term is the spread of the ratios
 * across steps, so the autocorrelation inside a step never enters it, and a single odd
 * step makes it more cautious, not less.
 */

/** One value per aligned step: its A and B samples. */
export interface StepSamples {
  a: readonly number[];
  b: readonly number[];
}

export interface StepShiftResult {
  /** Two-sided p-value of "the mean log ratio is 0". */
  pValue: number;
  t: number;
  df: number;
  /** Weighted mean of ln(median B / median A) over the steps (exp of it is the typical factor). */
  meanLogRatio: number;
  steps: number;
}

/** Robust variance of the logs of `xs` around log(m): (1.4826 · MAD)². */
function spread(xs: readonly number[], m: number): number {
  const dev = median(xs.filter((x) => x > 0).map((x) => Math.abs(Math.log(x / m))));
  return dev === null ? 0 : (1.4826 * dev) ** 2;
}

/** Fewest steps the test is made on (two degrees of freedom). */
export const MIN_SHIFT_STEPS = 3;

/**
 * The weighted t-test over the steps' log ratios of medians (df = steps − 1); null when fewer than MIN_SHIFT_STEPS
 * steps have samples on both sides, or when a median is not above `floor` on either side
 * (near zero a ratio means nothing: an error rate going from 0.0001 to 0.0003 is "×3").
 */
export function stepShiftTest(strata: readonly StepSamples[], floor: number): StepShiftResult | null {
  const d: number[] = [];
  const v: number[] = [];
  for (const s of strata) {
    const a = median(s.a);
    const b = median(s.b);
    if (a === null || b === null) continue;
    if (!(a > floor && b > floor)) return null;
    d.push(Math.log(b / a));
    v.push(spread(s.a, a) / s.a.length + spread(s.b, b) / s.b.length);
  }
  const k = d.length;
  if (k < MIN_SHIFT_STEPS) return null;
  // Weights: the inverse of each step's own noise (a saturated step's queueing noise should
  // not drown five calm steps), held within ×10 of the typical step so that a flat,
  // quantised step cannot take all the weight.
  const mid = median(v) ?? 0;
  const w = v.map((x) => (mid > 0 ? 1 / Math.min(Math.max(x, mid / 10), mid * 10) : 1));
  const sw = w.reduce((x, y) => x + y, 0);
  const mean = d.reduce((x, y, i) => x + w[i]! * y, 0) / sw;
  const variance = d.reduce((x, y, i) => x + w[i]! * (y - mean) ** 2, 0) / (k - 1);
  const se = Math.sqrt(variance / sw);
  const df = k - 1;
  if (!(se > 0)) {
    // Identical ratios on every step: no shift at all, or the very same one everywhere.
    const same = Math.abs(mean) < 1e-12;
    return {
      pValue: same ? 1 : 0,
      t: same ? 0 : Math.sign(mean) * Number.POSITIVE_INFINITY,
      df,
      meanLogRatio: mean,
      steps: k,
    };
  }
  const t = mean / se;
  return { pValue: studentTwoSided(t, df), t, df, meanLogRatio: mean, steps: k };
}
