import { mean, quantileSorted, relativeChange, sortedFinite } from '../analysis/stats.js';
import type { DomainId } from '../config/file.schema.js';
import type { SeriesRole } from '../sources/series.js';
import type { Change, CompareSegment, SeriesStatsRow, StatName, StatSet } from './compare.types.js';
import { hodgesLehmann } from './hodges-lehmann.js';
import { type Stratum, stratifiedMannWhitney } from './mann-whitney.js';
import { absoluteFloor, headlineStat, type Polarity, polarityOf } from './metric-direction.js';
import { pairInflation } from './samples.js';
import type { Settings } from './settings.js';
import { stepShiftTest } from './step-shift.js';

/** What a compared series is. */
export interface SeriesMeta {
  domain: DomainId;
  panel: string;
  /** Display name; `all` for a folded panel. */
  series: string;
  seriesKey: string;
  role: SeriesRole;
  /** Normalised unit (s, ratio, rps, bytes, count, cores). */
  unit: string;
  keyMetric: boolean;
  /** The whole panel (folded, or its only series) rather than one of several series. */
  panelLevel: boolean;
}

/** A compared row before the multiple-comparison step decides what is significant. */
export type DraftChange = Omit<Change, 'significant' | 'direction' | 'pAdjusted' | 'text'> & {
  polarity: Polarity;
};

const STATS: readonly StatName[] = ['p50', 'p95', 'p99', 'mean', 'max'];

/** p50/p95/p99/mean/max of the finite values (reuses the analysis' quantiles). */
export function statSet(values: readonly number[]): StatSet {
  const sorted = sortedFinite(values);
  return {
    p50: quantileSorted(sorted, 0.5),
    p95: quantileSorted(sorted, 0.95),
    p99: quantileSorted(sorted, 0.99),
    mean: mean(sorted),
    max: sorted.length > 0 ? sorted[sorted.length - 1]! : null,
  };
}

function deltas(a: StatSet, b: StatSet): Record<StatName, number | null> {
  const out = {} as Record<StatName, number | null>;
  for (const k of STATS) {
    const x = a[k];
    const y = b[k];
    const rel = x === null || y === null ? null : relativeChange(x, y);
    out[k] = rel === null ? null : rel * 100;
  }
  return out;
}

/**
 * The stated levels of a segment of several strata (all steps): the mean over the strata of
 * each stratum's statistic. A statistic of the pooled values would weigh the steps by
 * their sample counts and mix load levels, so it could even fall while every step rose.
 * Null for a single stratum, where the pooled statistic is the stratum's own.
 */
function levels(
  strata: ReadonlyArray<{ a: number[]; b: number[] }>,
  stat: StatName,
): { a: number; b: number } | null {
  const both = strata.filter((x) => x.a.length > 0 && x.b.length > 0);
  if (strata.length < 2 || both.length === 0) return null;
  const avg = (side: 'a' | 'b') => both.reduce((sum, x) => sum + statSet(x[side])[stat]!, 0) / both.length;
  return { a: avg('a'), b: avg('b') };
}

const floorOf = (meta: SeriesMeta, s: Settings) => absoluteFloor(meta.role, meta.unit, s.floors);

/**
 * The p-value of a row tested two ways (the all-steps row: the stratified rank test and the
 * step-level shift test): the smaller one, doubled (Bonferroni over the two), so asking
 * twice never buys a false alarm. The rank test sees a change on one step that the others
 * hide; the shift test sees a uniform change when each step has too few independent
 * samples for ranks (short steps, histogram quantiles through overlapping rate windows).
 */
export function combinedP(rank: number | null, shift: number | null): number | null {
  if (rank === null || shift === null) return rank ?? shift;
  return Math.min(1, 2 * Math.min(rank, shift));
}

const sign = (x: number, floor: number) => (Math.abs(x) <= floor * 1e-9 ? 0 : Math.sign(x));

/**
 * Compares one series over one segment (null when a side has no value there): the five statistics on each side, the stratified
 * Mann-Whitney test with per-stratum autocorrelation inflation, the Hodges-Lehmann shift
 * and its interval, and whether the change clears the absolute and the effect-size floors.
 * `strata` hold the raw per-interval samples of every aligned window of the segment;
 * `factors` the variance factors n / n_eff of the series in each run (see `samples.ts`).
 */
export function compareSeries(
  meta: SeriesMeta,
  segment: CompareSegment,
  strata: ReadonlyArray<{ a: number[]; b: number[] }>,
  s: Settings,
  factors: { a: number; b: number } = { a: 1, b: 1 },
): { change: DraftChange; stats: SeriesStatsRow } | null {
  const poolA = strata.flatMap((x) => x.a);
  const poolB = strata.flatMap((x) => x.b);
  if (poolA.length === 0 || poolB.length === 0) return null;
  const statsA = statSet(poolA);
  const statsB = statSet(poolB);
  const stat = headlineStat(meta.role);
  const { a, b } = levels(strata, stat) ?? { a: statsA[stat]!, b: statsB[stat]! };
  const floor = floorOf(meta, s);
  // Relative to A; from a level of ~0 any change would be "infinitely" large, so the floor stands in.
  const base = Math.abs(a) > 1e-12 ? Math.abs(a) : Math.max(floor, 1e-12);
  const deltaPct = ((b - a) / base) * 100;

  const enough = poolA.length >= s.minSamples && poolB.length >= s.minSamples;
  const tested: Stratum[] = enough
    ? strata
        .filter((x) => x.a.length > 0 && x.b.length > 0)
        .map((x) => ({ ...x, inflation: pairInflation(factors.a, factors.b, x.a.length, x.b.length) }))
    : [];
  const mw = tested.length > 0 ? stratifiedMannWhitney(tested) : null;
  const st = segment.kind === 'all' ? stepShiftTest(tested, floorOf(meta, s)) : null;
  const pValue = combinedP(mw?.pValue ?? null, st?.pValue ?? null);
  const hl = tested.length > 0 ? hodgesLehmann(tested, s.confidence) : null;
  const shift = hl?.shift ?? null;
  const level = Math.max(Math.abs(statsA.p50 ?? 0), floor);

  const clearsAbsolute = shift !== null && Math.abs(shift) >= floor && Math.abs(b - a) >= floor;
  const relShift = shift === null ? 0 : Math.abs(shift) / Math.max(Math.abs(statsA.p50 ?? 0), 1e-12);
  const clearsEffect =
    mw !== null &&
    relShift >= s.minRelativeChange &&
    Math.abs(deltaPct) / 100 >= s.minRelativeChange &&
    Math.abs(mw.cliffsDelta) >= s.minEffect;
  // A move needs the shift and the stated statistic to agree on its sign.
  const dir = shift === null ? 0 : sign(shift, floor);
  const moved = dir !== 0 && dir === sign(b - a, floor) ? (dir > 0 ? 'up' : 'down') : 'none';
  const inflation =
    tested.length > 0 ? tested.reduce((x, t) => x + (t.inflation ?? 1), 0) / tested.length : null;

  const change: DraftChange = {
    domain: meta.domain,
    metric: meta.panel,
    series: meta.series,
    stat,
    a,
    b,
    deltaPct,
    pValue,
    seriesKey: meta.seriesKey,
    segment: segment.id,
    atRps: segment.rps,
    unit: meta.unit,
    keyMetric: meta.keyMetric,
    panelLevel: meta.panelLevel,
    shift,
    shiftCi: hl ? [hl.lower, hl.upper] : null,
    effect: mw?.cliffsDelta ?? null,
    inflation,
    samples: { a: poolA.length, b: poolB.length },
    floors: { absolute: floor, relative: s.minRelativeChange, clearsAbsolute, clearsEffect },
    moved,
    score: shift === null ? 0 : Math.abs(shift) / level,
    polarity: polarityOf(meta.domain, meta.panel, meta.role, meta.unit),
  };
  const stats: SeriesStatsRow = {
    domain: meta.domain,
    metric: meta.panel,
    series: meta.series,
    segment: segment.id,
    unit: meta.unit,
    a: statsA,
    b: statsB,
    deltaPct: deltas(statsA, statsB),
  };
  return { change, stats };
}
