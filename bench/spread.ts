/**
 * The one median-and-spread helper of the benchmarks: every figure a benchmark prints is the
 * median of several runs with its min–max, because one run on a shared 2-core machine can
 * swing by 2× (issue 15).
 */
import { median } from '../src/analysis/stats.js';

/** The median of repeated measurements with their range; `samples` in run order. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  n: number;
  samples: number[];
}

/** Median, min and max of `samples` (NaN when there are none). */
export function spreadOf(samples: readonly number[]): Spread {
  const finite = samples.filter(Number.isFinite);
  return {
    median: median(finite) ?? Number.NaN,
    min: finite.length ? Math.min(...finite) : Number.NaN,
    max: finite.length ? Math.max(...finite) : Number.NaN,
    n: finite.length,
    samples: [...samples],
  };
}

/** `1.23 s (1.10–1.40, n=3)`: the median first, then the range, in the same unit and digits. */
export function fmtSpread(s: Spread, unit = 'ms', digits = 0): string {
  const f = (x: number) => x.toFixed(digits);
  const sep = unit === '×' || unit === '%' ? '' : ' ';
  return `${f(s.median)}${sep}${unit} (${f(s.min)}–${f(s.max)}, n=${s.n})`;
}

/**
 * Runs `once` `runs` times in a row and returns every result with the spread of `pick`
 * over them: the repetition wrapper for benchmarks that measure one figure per call.
 */
export async function repeat<T>(
  runs: number,
  once: (i: number) => Promise<T>,
): Promise<{ results: T[]; spread: (pick: (r: T) => number) => Spread }> {
  const results: T[] = [];
  for (let i = 0; i < runs; i++) results.push(await once(i));
  return { results, spread: (pick) => spreadOf(results.map(pick)) };
}
