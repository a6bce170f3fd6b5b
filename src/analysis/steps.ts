import { errorRate, latency, offeredLoad, throughput } from './key-series.js';
import type { Metrics } from './metrics.js';
import { type StepBasis, serverSegmentation } from './server-steps.js';
import { meanIn, medianFilter, robustMeanIn, type TimeSeries, valuesIn } from './signals.js';
import { coefficientOfVariation, linearFit, median, quantile } from './stats.js';

/** A level stretch of the segmentation series. */
export interface Plateau {
  fromMs: number;
  toMs: number;
  level: number;
}

/** One load step: a plateau with the metrics measured over its middle. */
export interface Step {
  index: number;
  fromMs: number;
  toMs: number;
  /** The middle of the plateau (edges trimmed), where levels are measured. */
  midFromMs: number;
  midToMs: number;
  /** Offered load (robust mean of `load.users`: lone spikes and dips left out), null without it. */
  load: number | null;
  /** Served throughput (robust mean of `load.rps`, else `http.rps`). */
  rps: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  /** Mean error ratio over the middle. */
  errorRate: number | null;
  /** Coefficient of variation of the throughput over the middle. */
  cv: number | null;
  stable: boolean;
}

export type TestMode = 'capacity' | 'soak' | 'unknown';

/** Relative level change that starts a new segment (raised for noisy series). */
export const LEVEL_CHANGE_TOLERANCE = 0.05;
/** Adjacent plateaus whose levels differ less than this are one step. */
export const MERGE_TOLERANCE = 0.07;
/** Throughput coefficient of variation below which a step counts as stable. */
export const STABLE_CV = 0.1;
/** Share of each plateau edge left out when measuring its levels. */
export const EDGE_TRIM = 0.15;
/** A single plateau covering this share of the loaded time makes a soak test. */
export const SOAK_SHARE = 0.7;
/** A plateau's fitted rise may be at most this share of the level-change tolerance… */
const FLAT_SHARE = 1;
/** …and a rise above this share along a line this clean (r²) is a ramp. */
const RAMP_SHARE = 0.25;
const RAMP_R2 = 0.9;
/** Levels below this share of the highest one are idle time, not a step. */
const IDLE_SHARE = 0.05;

export interface PlateauOptions {
  /** Sampling interval, ms. */
  stepMs: number;
  /** Shorter segments are transitions (ramps, dips, spikes). */
  minPlateauMs: number;
  relTol?: number;
  mergeTol?: number;
  /** Consecutive deviating points needed to start a new segment. */
  confirm?: number;
  /** Levels below this share of the highest one are idle time (default IDLE_SHARE). */
  idleShare?: number;
}

interface Segment {
  i0: number;
  i1: number;
  sum: number;
  n: number;
}

/**
 * Finds the plateaus of a load-like series: median-filtered (spikes and short dips vanish),
 * cut greedily where the level moves by more than the tolerance for `confirm` points in a
 * row, short segments dropped as ramps, and neighbours with close levels merged (so a dip
 * in the middle of a step does not split it). O(n).
 */
export function findPlateaus(s: TimeSeries, opts: PlateauOptions): Plateau[] {
  const ts: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < s.t.length; i++) {
    if (Number.isFinite(s.v[i]!)) {
      ts.push(s.t[i]!);
      raw.push(s.v[i]!);
    }
  }
  if (ts.length < 3) return [];
  const v = raw.length >= 5 ? medianFilter(raw, 5) : raw;
  // Scale and noise are estimated on at most ~4000 evenly spread points: plenty for a
  // quantile, and long series stay cheap.
  const stride = Math.max(1, Math.floor(v.length / 4000));
  const sample: number[] = [];
  for (let i = 0; i < v.length; i += stride) sample.push(v[i]!);
  const top = quantile(sample, 0.98) ?? 0;
  if (!(top > 0)) return [];
  const floor = top * 0.01;
  // Relative noise from point-to-point differences (robust: ramps are a minority of points).
  const rel: number[] = [];
  for (let i = Math.max(1, stride); i < v.length; i += stride) {
    rel.push(Math.abs(v[i]! - v[i - 1]!) / Math.max(Math.abs(v[i]!), floor));
  }
  const noise = ((median(rel) ?? 0) * 1.4826) / Math.SQRT2;
  const tol = Math.min(0.15, Math.max(opts.relTol ?? LEVEL_CHANGE_TOLERANCE, 3 * noise));
  const confirm = opts.confirm ?? 2;

  const segments: Segment[] = [];
  let cur: Segment = { i0: 0, i1: 0, sum: v[0]!, n: 1 };
  let pending = -1;
  let sign = 0;
  for (let i = 1; i < v.length; i++) {
    const level = cur.sum / cur.n;
    const d = v[i]! - level;
    if (Math.abs(d) > tol * Math.abs(level) + floor) {
      if (pending < 0 || Math.sign(d) !== sign) {
        pending = i;
        sign = Math.sign(d);
      }
      if (i - pending + 1 >= confirm) {
        segments.push(cur);
        cur = { i0: pending, i1: i, sum: 0, n: 0 };
        for (let j = pending; j <= i; j++) {
          cur.sum += v[j]!;
          cur.n++;
        }
        pending = -1;
      }
      continue;
    }
    pending = -1;
    cur.sum += v[i]!;
    cur.n++;
    cur.i1 = i;
  }
  cur.i1 = Math.max(cur.i1, v.length - 1);
  segments.push(cur);

  // A long segment of a slow ramp is not a plateau: it rises by about the whole tolerance,
  // or — cut short by the end of the data — rises along a clean line. A plateau's noise has
  // no trend (r² ~0) and its drift stays well inside the tolerance.
  const flat = (a: number, b: number, level: number) => {
    const fit = linearFit(ts, v, a, b + 1);
    if (!fit) return true;
    const room = tol * Math.abs(level);
    const rise = Math.abs(fit.slope) * (ts[b]! - ts[a]!);
    return rise <= FLAT_SHARE * room + floor && !(fit.r2 >= RAMP_R2 && rise > RAMP_SHARE * room);
  };
  const long: Plateau[] = [];
  for (const g of segments) {
    const core = flatCore(g, ts, v, opts, flat);
    if (core) long.push(core);
  }
  const highest = long.reduce((a, p) => Math.max(a, p.level), 0);
  const loaded = long.filter((p) => p.level > highest * (opts.idleShare ?? IDLE_SHARE));
  return mergeClose(loaded, opts);
}

/**
 * The flat core of a segment: the segment itself, or — when it is not flat — what is left
 * after its edges are trimmed, the end farther from the segment's median first, up to
 * twice EDGE_TRIM of its points in all. A server rate (`rate(x[w])`) trails a change over
 * a whole window, and a real step drifts (a CPU shared with the load tool): such edge points
 * join a segment within the tolerance, yet make its fit look like a ramp though the step
 * in between is flat. Null when no core of `minPlateauMs` is flat.
 */
function flatCore(
  g: Segment,
  ts: number[],
  v: number[],
  opts: PlateauOptions,
  flat: (a: number, b: number, level: number) => boolean,
): Plateau | null {
  const long = (a: number, b: number) => ts[b]! - ts[a]! + opts.stepMs >= opts.minPlateauMs;
  const mean = (a: number, b: number) => {
    let sum = 0;
    for (let i = a; i <= b; i++) sum += v[i]!;
    return sum / (b - a + 1);
  };
  if (!long(g.i0, g.i1)) return null;
  if (flat(g.i0, g.i1, g.sum / g.n)) return { fromMs: ts[g.i0]!, toMs: ts[g.i1]!, level: g.sum / g.n };
  const maxTrim = Math.floor((g.i1 - g.i0 + 1) * 2 * EDGE_TRIM);
  const mid = median(v.slice(g.i0, g.i1 + 1)) ?? 0;
  let a = g.i0;
  let b = g.i1;
  while (b - a >= 2 && a - g.i0 + (g.i1 - b) < maxTrim) {
    if (Math.abs(v[a]! - mid) >= Math.abs(v[b]! - mid)) a++;
    else b--;
    if (!long(a, b)) return null;
    const level = mean(a, b);
    if (flat(a, b, level)) return { fromMs: ts[a]!, toMs: ts[b]!, level };
  }
  return null;
}

function mergeClose(plateaus: Plateau[], opts: PlateauOptions): Plateau[] {
  const mergeTol = opts.mergeTol ?? MERGE_TOLERANCE;
  const maxGap = 2 * opts.minPlateauMs;
  const out: Plateau[] = [];
  for (const p of plateaus) {
    const last = out[out.length - 1];
    if (
      last &&
      p.fromMs - last.toMs <= maxGap &&
      Math.abs(p.level - last.level) <= mergeTol * Math.max(p.level, last.level)
    ) {
      const wa = last.toMs - last.fromMs + opts.stepMs;
      const wb = p.toMs - p.fromMs + opts.stepMs;
      last.level = (last.level * wa + p.level * wb) / (wa + wb);
      last.toMs = p.toMs;
    } else out.push({ ...p });
  }
  return out;
}

/** Shortest plateau for a window: two samples, and up to a minute on long windows. */
export function minPlateauMs(stepMs: number, windowMs: number): number {
  return Math.max(2 * stepMs, Math.min(60_000, windowMs / 10));
}

/** The middle of [fromMs, toMs] with EDGE_TRIM (at least one sample) cut off each side. */
export function middle(fromMs: number, toMs: number, stepMs: number): [number, number] {
  const trim = Math.max(stepMs, (toMs - fromMs) * EDGE_TRIM);
  return toMs - fromMs - 2 * trim >= stepMs ? [fromMs + trim, toMs - trim] : [fromMs, toMs];
}

const toMs = (x: number | null) => (x === null ? null : x * 1000);

/** Steps of the test and its mode. */
export interface StepDetection {
  steps: Step[];
  mode: TestMode;
  /** `domain.panel` of the series the plateaus were cut from, or null. */
  segmentedBy: string | null;
  /** What the steps were cut from (null without steps to cut). */
  basis: StepBasis | null;
}

/**
 * Cuts the window into load steps. The offered load (`load.users`) is preferred: past
 * capacity throughput stops following the load, so cutting by throughput alone would merge
 * the overloaded steps into one.
 */
export function detectSteps(m: Metrics): StepDetection {
  const thr = throughput(m);
  const server = offeredLoad(m) ? null : serverSegmentation(m, thr);
  // A measured gauge stands in for the offered load; Little's-law concurrency only cuts the
  // steps (a closed-loop tool's doubled connections need not double throughput near
  // capacity, so it is not a load the throughput must follow).
  const offered = offeredLoad(m) ?? (server?.basis === 'concurrency' ? server.load : null);
  const seg = offered ?? server?.load ?? thr;
  if (!seg) return { steps: [], mode: 'unknown', segmentedBy: null, basis: null };
  const windowMs = m.toMs - m.fromMs;
  const plateaus =
    server?.plateaus ??
    findPlateaus(seg, { stepMs: m.stepMs, minPlateauMs: minPlateauMs(m.stepMs, windowMs) });
  const p95 = latency(m, 'p95');
  const p99 = latency(m, 'p99');
  const err = errorRate(m);
  const steps = plateaus.map((p, index): Step => {
    const [a, b] = middle(p.fromMs, p.toMs, m.stepMs);
    const cv = coefficientOfVariation(valuesIn(thr ?? seg, a, b));
    return {
      index,
      fromMs: p.fromMs,
      toMs: p.toMs,
      midFromMs: a,
      midToMs: b,
      load: offered ? robustMeanIn(offered, a, b) : null,
      rps: thr ? robustMeanIn(thr, a, b) : null,
      p95Ms: p95 ? toMs(robustMeanIn(p95, a, b)) : null,
      p99Ms: p99 ? toMs(robustMeanIn(p99, a, b)) : null,
      // A plain mean: the share of failed requests, bursts included.
      errorRate: err ? meanIn(err, a, b) : null,
      cv,
      stable: cv !== null && cv < STABLE_CV,
    };
  });
  return {
    steps,
    mode: modeOf(plateaus, seg, m.stepMs),
    segmentedBy: `${seg.domain}.${seg.panel}`,
    basis: server?.basis ?? 'offered_load',
  };
}

/**
 * `capacity` with two or more distinct plateaus, `soak` with one plateau covering at least
 * SOAK_SHARE of the loaded time (first to last sample above idle), else `unknown`.
 */
function modeOf(plateaus: Plateau[], seg: TimeSeries, stepMs: number): TestMode {
  if (plateaus.length >= 2) return 'capacity';
  const only = plateaus[0];
  if (!only) return 'unknown';
  const idle = only.level * IDLE_SHARE;
  let first = -1;
  let last = -1;
  for (let i = 0; i < seg.t.length; i++) {
    if (seg.v[i]! > idle) {
      if (first < 0) first = i;
      last = i;
    }
  }
  const loadedMs = seg.t[last]! - seg.t[first]! + stepMs;
  return only.toMs - only.fromMs + stepMs >= SOAK_SHARE * loadedMs ? 'soak' : 'unknown';
}
