import { concurrency, latency } from './key-series.js';
import type { Metrics, PanelSeries } from './metrics.js';
import type { TimeSeries } from './signals.js';
import { findPlateaus, minPlateauMs, type Plateau } from './steps.js';

/** What the steps of a test were cut from. */
export type StepBasis = 'offered_load' | 'concurrency' | 'server_levels';

/** Plateaus cut from the server's own signals, when no load-tool series exists. */
export interface ServerSegmentation {
  plateaus: Plateau[];
  basis: Exclude<StepBasis, 'offered_load'>;
  /** The in-flight/concurrency gauge the plateaus were cut from (the steps' `load`), or null. */
  load: PanelSeries | null;
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
  return {
    plateaus: splitByLevels(byThr, byLat, opts.minPlateauMs, m.stepMs),
    basis: 'server_levels',
    load: null,
  };
}
