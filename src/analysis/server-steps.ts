import { concurrency, latency } from './key-series.js';
import type { Metrics, PanelSeries } from './metrics.js';
import { alignTo, type TimeSeries } from './signals.js';
import { findPlateaus, minPlateauMs, type Plateau } from './steps.js';

/**
 * Relative level change that cuts the Little's-law estimate. It is the product of two
 * rate-window series (throughput × mean latency), so a real server's estimate wanders by
 * up to ~10 % within a step (GC, a CPU shared with the load tool), while a closed-loop
 * tool's steps multiply its connections (×1.5 and more): 10 % keeps the steps apart without
 * cutting one into pieces too short to count.
 */
export const LITTLE_TOLERANCE = 0.1;

/** What the steps of a test were cut from. */
export type StepBasis = 'offered_load' | 'concurrency' | 'little' | 'server_levels';

/** Plateaus cut from the server's own signals, when no load-tool series exists. */
export interface ServerSegmentation {
  plateaus: Plateau[];
  basis: Exclude<StepBasis, 'offered_load'>;
  /** The in-flight/concurrency series the plateaus were cut from (the steps' `load`), or null. */
  load: (TimeSeries & { domain: PanelSeries['domain']; panel: string }) | null;
}

/**
 * Requests in flight estimated by Little's law, L = λ·W: throughput × mean latency at each
 * point. A closed-loop tool (wrk, hey, autocannon, pgbench: a fixed number of connections
 * per step) keeps exactly its connections in flight, so L steps with the tool even where
 * throughput is flat (past capacity) or latency is (below it). Null without a mean latency.
 */
export function littleConcurrency(m: Metrics, thr: TimeSeries): ServerSegmentation['load'] {
  const avg = latency(m, 'avg');
  if (!avg) return null;
  const w = alignTo(thr.t, avg, Math.max(m.stepMs, 1));
  const v = thr.v.map((x, i) => (Number.isFinite(x) && Number.isFinite(w[i]!) ? x * w[i]! : Number.NaN));
  return { t: thr.t, v, domain: avg.domain, panel: 'in_flight_estimate' };
}

/**
 * Splits each throughput plateau where the latency level changes inside it. Past capacity
 * a server's throughput stays flat while each further load step only adds latency (closed
 * loop: more connections wait longer), so throughput alone would merge every overloaded
 * step into one; latency alone would merge the steps below capacity (they are all fast).
 * A cut is kept only when both pieces last at least `minMs`.
 */
export function splitByLevels(thr: Plateau[], lat: Plateau[], minMs: number, stepMs: number): Plateau[] {
  const out: Plateau[] = [];
  for (const p of thr) {
    const cuts = lat
      .map((l) => l.fromMs)
      .filter((x) => x - p.fromMs + stepMs >= minMs && p.toMs - x >= minMs)
      .sort((a, b) => a - b);
    let from = p.fromMs;
    for (const c of cuts) {
      if (c - from + stepMs < minMs) continue;
      out.push({ fromMs: from, toMs: c - stepMs, level: p.level });
      from = c;
    }
    out.push({ fromMs: from, toMs: p.toMs, level: p.level });
  }
  return out;
}

/**
 * Steps without offered load, from what the server shows: an in-flight/concurrency gauge
 * where one exists (its plateaus are the steps, and it stands in for the offered load), else
 * the in-flight requests estimated by Little's law (when they show two steps or more), else
 * the level changes of throughput and latency together (`splitByLevels`). Null without a
 * throughput series.
 */
export function serverSegmentation(m: Metrics, thr: TimeSeries | null): ServerSegmentation | null {
  if (!thr) return null;
  const opts = { stepMs: m.stepMs, minPlateauMs: minPlateauMs(m.stepMs, m.toMs - m.fromMs) };
  const gauge = concurrency(m);
  if (gauge) {
    // One connection of 32 is a step, not idle time: only (near) zero is idle here.
    const plateaus = findPlateaus(gauge, { ...opts, idleShare: 0.01 });
    if (plateaus.length > 0) return { plateaus, basis: 'concurrency', load: gauge };
  }
  const byThr = findPlateaus(thr, opts);
  const lat = latency(m, 'p95') ?? latency(m, 'avg');
  const byLat = lat ? findPlateaus(lat, { ...opts, relTol: 0.15 }) : [];
  const levels = splitByLevels(byThr, byLat, opts.minPlateauMs, m.stepMs);
  const little = littleConcurrency(m, thr);
  if (little) {
    // Idle is under half a request in flight, not a share of the top: past capacity an
    // open-loop test's queue makes the top level huge.
    const found = findPlateaus(little, { ...opts, idleShare: 0, relTol: LITTLE_TOLERANCE }).filter(
      (p) => p.level >= 0.5,
    );
    if (found.length >= 2) {
      return { plateaus: backdate(unionPlateaus(found, levels), m.stepMs), basis: 'little', load: little };
    }
  }
  return { plateaus: backdate(levels, m.stepMs), basis: 'server_levels', load: null };
}

/**
 * `primary` plus every plateau of `extra` that `primary` does not already cover (overlap
 * under a fifth of its length): Little's law finds a closed-loop tool's steps, the levels
 * add an open-loop test's overloaded steps, where the queue makes in-flight a ramp.
 */
export function unionPlateaus(primary: Plateau[], extra: Plateau[]): Plateau[] {
  const overlap = (a: Plateau, b: Plateau) =>
    Math.max(0, Math.min(a.toMs, b.toMs) - Math.max(a.fromMs, b.fromMs));
  const added = extra.filter((e) => primary.every((p) => overlap(p, e) < 0.2 * (e.toMs - e.fromMs)));
  const all = [...primary, ...added].sort((a, b) => a.fromMs - b.fromMs);
  // A tool holds its steps about equally long: a fragment under half the typical length is a
  // queue's wobble past capacity (in flight keeps growing there), not a step.
  const lengths = all.map((p) => p.toMs - p.fromMs).sort((a, b) => a - b);
  const typical = lengths[lengths.length >> 1] ?? 0;
  return all.filter((p) => p.toMs - p.fromMs >= typical / 2);
}

/**
 * Moves each step's start back to the middle of the transition before it. A server's rates
 * (`rate(x[w])`) rise over a whole rate window after a tool changes its connections at once,
 * and the level is confirmed only once that rise is over, so the plateau starts a window
 * late; the change itself most likely sits mid-transition. Only short transitions (up to a
 * plateau's length) move: a long gap is idle time, not a change.
 */
export function backdate(plateaus: Plateau[], stepMs: number): Plateau[] {
  return plateaus.map((p, i) => {
    const prev = plateaus[i - 1];
    if (!prev) return p;
    const gap = p.fromMs - prev.toMs;
    if (gap <= stepMs || gap > p.toMs - p.fromMs) return p;
    const mid = prev.toMs + Math.round(gap / 2 / stepMs) * stepMs;
    return { ...p, fromMs: mid };
  });
}
