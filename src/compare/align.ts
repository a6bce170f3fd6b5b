import { offeredLoad, throughput } from '../analysis/key-series.js';
import type { Metrics } from '../analysis/metrics.js';
import { quantile } from '../analysis/stats.js';
import { middle } from '../analysis/steps.js';
import type { AlignedWindow, Alignment, CompareRun, CompareSegment, CompareStep } from './compare.types.js';

export interface AlignOptions {
  /** Steps match when their levels differ by at most this share of the larger. */
  stepTolerance: number;
  /** Stratum length of the offset alignment, ms. */
  blockMs: number;
}

/** Values below this share of the run's typical high level are idle time, not load. */
const IDLE_SHARE = 0.1;

type Level = (s: CompareStep) => number | null;

/** What to match steps on: offered load when both runs have it on every step, else throughput. */
function levelOf(a: CompareRun, b: CompareRun): { by: 'load' | 'rps'; level: Level } | null {
  const all = (f: Level) => [...a.steps, ...b.steps].every((s) => (f(s) ?? 0) > 0);
  if (all((s) => s.load)) return { by: 'load', level: (s) => s.load };
  if (all((s) => s.rps)) return { by: 'rps', level: (s) => s.rps };
  return null;
}

/**
 * One-to-one matching of A's and B's steps whose levels lie within the tolerance, closest
 * pairs first, returned in A's order. A step past B's range stays unmatched.
 */
export function matchSteps(
  levelsA: readonly number[],
  levelsB: readonly number[],
  tolerance: number,
): Array<[number, number]> {
  const candidates: Array<{ i: number; j: number; rel: number }> = [];
  levelsA.forEach((la, i) => {
    levelsB.forEach((lb, j) => {
      const rel = Math.abs(la - lb) / Math.max(Math.abs(la), Math.abs(lb), 1e-12);
      if (rel <= tolerance) candidates.push({ i, j, rel });
    });
  });
  candidates.sort((x, y) => x.rel - y.rel || x.i - y.i);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  const pairs: Array<[number, number]> = [];
  for (const c of candidates) {
    if (usedA.has(c.i) || usedB.has(c.j)) continue;
    usedA.add(c.i);
    usedB.add(c.j);
    pairs.push([c.i, c.j]);
  }
  return pairs.sort((x, y) => x[0] - y[0]);
}

/**
 * First and last time the load is on: the throughput (else offered load) above IDLE_SHARE
 * of its 95th percentile. Windows chosen by hand ("the last two hours") start at different
 * distances from the test, so offsets count from here, not from the window start.
 */
export function loadSpan(m: Metrics): { fromMs: number; toMs: number } | null {
  const s = throughput(m) ?? offeredLoad(m);
  if (!s) return null;
  const high = quantile(s.v, 0.95);
  if (high === null || !(high > 0)) return null;
  let first = -1;
  let last = -1;
  for (let i = 0; i < s.t.length; i++) {
    if (s.v[i]! > IDLE_SHARE * high) {
      if (first < 0) first = i;
      last = i;
    }
  }
  return first < 0 ? null : { fromMs: s.t[first]!, toMs: s.t[last]! };
}

function stepAlignment(
  a: CompareRun,
  b: CompareRun,
  ma: Metrics,
  mb: Metrics,
  opts: AlignOptions,
): Alignment | null {
  if (a.steps.length < 2 || b.steps.length < 2) return null;
  const lv = levelOf(a, b);
  if (!lv) return null;
  const levelsA = a.steps.map((s) => lv.level(s)!);
  const levelsB = b.steps.map((s) => lv.level(s)!);
  const pairs = matchSteps(levelsA, levelsB, opts.stepTolerance);
  if (pairs.length === 0) return null;
  const windows: AlignedWindow[] = pairs.map(([i, j]) => {
    const sa = a.steps[i]!;
    const sb = b.steps[j]!;
    const [a0, a1] = middle(sa.fromMs, sa.toMs, ma.stepMs);
    const [b0, b1] = middle(sb.fromMs, sb.toMs, mb.stepMs);
    return { a: { fromMs: a0, toMs: a1 }, b: { fromMs: b0, toMs: b1 } };
  });
  const segments: CompareSegment[] = pairs.map(([i, j], k) => ({
    id: `step:${k}`,
    kind: 'step',
    rps: a.steps[i]!.rps,
    levelA: levelsA[i]!,
    levelB: levelsB[j]!,
    windows: [windows[k]!],
  }));
  if (segments.length >= 2) {
    segments.push({ id: 'all', kind: 'all', rps: null, levelA: null, levelB: null, windows });
  }
  const matchedA = new Set(pairs.map((p) => p[0]));
  const matchedB = new Set(pairs.map((p) => p[1]));
  return {
    mode: 'steps',
    levelBy: lv.by,
    segments,
    unmatchedA: a.steps.map((_, i) => i).filter((i) => !matchedA.has(i)),
    unmatchedB: b.steps.map((_, j) => j).filter((j) => !matchedB.has(j)),
  };
}

function offsetAlignment(
  a: CompareRun,
  b: CompareRun,
  ma: Metrics,
  mb: Metrics,
  opts: AlignOptions,
): Alignment {
  const sa = loadSpan(ma) ?? { fromMs: a.fromMs, toMs: a.toMs };
  const sb = loadSpan(mb) ?? { fromMs: b.fromMs, toMs: b.toMs };
  const overlapMs = Math.max(0, Math.min(sa.toMs - sa.fromMs, sb.toMs - sb.fromMs));
  // Time blocks are the strata: a slow trend (warm-up, a leak) is compared within a block.
  const blocks = Math.max(1, Math.round(overlapMs / opts.blockMs));
  const size = overlapMs / blocks;
  const windows: AlignedWindow[] = [];
  for (let k = 0; k < blocks; k++) {
    const o0 = k * size;
    // Window bounds are inclusive: end each block just before the next one starts.
    const o1 = k === blocks - 1 ? overlapMs : (k + 1) * size - 1;
    windows.push({
      a: { fromMs: sa.fromMs + o0, toMs: sa.fromMs + o1 },
      b: { fromMs: sb.fromMs + o0, toMs: sb.fromMs + o1 },
    });
  }
  return {
    mode: 'offset',
    levelBy: null,
    segments:
      overlapMs > 0 ? [{ id: 'whole', kind: 'whole', rps: null, levelA: null, levelB: null, windows }] : [],
    unmatchedA: [],
    unmatchedB: [],
    startA: sa.fromMs,
    startB: sb.fromMs,
    overlapMs,
  };
}

/**
 * Puts two runs side by side. When both are step tests, plateau meets plateau at the same
 * load level (the trimmed middle of each, as the analysis measures steps); otherwise — or
 * when no level matches — by offset from the start of the load, cut into time blocks.
 */
export function alignRuns(
  a: CompareRun,
  b: CompareRun,
  ma: Metrics,
  mb: Metrics,
  opts: AlignOptions,
): Alignment {
  return stepAlignment(a, b, ma, mb, opts) ?? offsetAlignment(a, b, ma, mb, opts);
}
