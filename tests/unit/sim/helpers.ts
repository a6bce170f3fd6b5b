import { expandProfile } from '../../../src/sim/profile.js';
import type { Scenario } from '../../../src/sim/scenario.js';
import { type Family, type SeriesData, seriesOf } from './openmetrics-parse.js';

export const BASE_MS = Date.UTC(2024, 0, 15, 8, 0, 0);

/** Plateau windows of a scenario, in epoch seconds (as the exposition timestamps). */
export function plateaus(s: Scenario): { rps: number; from: number; to: number }[] {
  return expandProfile(s.profile).plateaus.map((p) => ({
    rps: p.rps,
    from: s.startMs / 1000 + p.fromSec,
    to: s.startMs / 1000 + p.toSec,
  }));
}

/** Samples of a series whose timestamp lies inside (from + guard, to]. */
function window(series: SeriesData, from: number, to: number, guard = 30): number[] {
  return series.v.filter((_, i) => series.t[i]! > from + guard && series.t[i]! <= to);
}

/** Mean of a gauge (summed over all its series per timestamp) over a window. */
export function gaugeMean(
  fam: Family,
  from: number,
  to: number,
  filter?: (l: Record<string, string>) => boolean,
): number {
  const byTs = new Map<number, number>();
  for (const s of seriesOf(fam)) {
    if (filter && !filter(s.labels)) continue;
    s.t.forEach((t, i) => {
      if (t > from + 30 && t <= to) byTs.set(t, (byTs.get(t) ?? 0) + s.v[i]!);
    });
  }
  const vals = [...byTs.values()];
  return vals.reduce((a, b) => a + b, 0) / vals.length;
}

/** Per-second increase of a counter-like sample (summed over series) between two instants. */
export function rate(
  fam: Family,
  sampleName: string,
  from: number,
  to: number,
  filter?: (l: Record<string, string>) => boolean,
): number {
  let inc = 0;
  for (const s of seriesOf(fam, sampleName)) {
    if (filter && !filter(s.labels)) continue;
    const vals = window(s, from, to, 0);
    if (vals.length >= 2) inc += vals.at(-1)! - vals[0]!;
  }
  // The first sample in the window is at from + dt.
  return inc / (to - from - 15);
}

/** The last sample of every series, summed. */
export function lastSum(
  fam: Family,
  sampleName: string,
  filter?: (l: Record<string, string>) => boolean,
): number {
  return seriesOf(fam, sampleName)
    .filter((s) => !filter || filter(s.labels))
    .reduce((a, s) => a + s.v.at(-1)!, 0);
}
