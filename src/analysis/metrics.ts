import type { DomainId } from '../config/file.schema.js';
import type { PanelData, Series, SeriesRole, SeriesUnit } from '../sources/series.js';
import { type TimeSeries, typicalStepMs } from './signals.js';

/** A panel's series after cleaning: clipped to the window, units normalised, artefacts removed. */
export interface CleanPanel {
  domain: DomainId;
  panel: string;
  role: SeriesRole;
  /** Normalised unit: `ms` became `s`, `percent` became `ratio`. */
  unit: SeriesUnit;
  series: Series[];
  /** Points dropped as artefacts (±Infinity, negative values). */
  artefacts: number;
  /** Of `artefacts`, the ±Infinity ones (a quantile above the largest histogram bucket). */
  infinite: number;
}

/** One panel folded into a single series (sum or max over its series). */
export interface PanelSeries extends TimeSeries {
  domain: DomainId;
  panel: string;
  role: SeriesRole;
  unit: SeriesUnit;
}

/** Read access to the cleaned metrics of one analysis. */
export interface Metrics {
  readonly fromMs: number;
  readonly toMs: number;
  /** Typical sampling interval of the data (ms). */
  readonly stepMs: number;
  readonly panels: readonly CleanPanel[];
  /**
   * The panel `panel` of `domain` folded into one series, or — when that id has no data and
   * `role` is given — the first panel of the domain with that role. Null without valid points.
   */
  get(domain: DomainId, panel: string, role?: SeriesRole): PanelSeries | null;
  /** The cleaned individual series of a panel (empty when absent). */
  seriesOf(domain: DomainId, panel: string): Series[];
  /** True when any panel of the domain has a valid point. */
  hasData(domain: DomainId): boolean;
}

/** How several series of one panel combine: rates and counts add up, latencies and ratios take the worst. */
export function aggregationOf(role: SeriesRole, unit: SeriesUnit): 'sum' | 'max' {
  if (role === 'throughput' || role === 'errors' || role === 'load') return 'sum';
  if (role !== 'gauge') return 'max';
  return unit === 'rps' || unit === 'count' || unit === 'cores' ? 'sum' : 'max';
}

function normalise(unit: SeriesUnit): { unit: SeriesUnit; scale: number } {
  if (unit === 'ms') return { unit: 's', scale: 0.001 };
  if (unit === 'percent') return { unit: 'ratio', scale: 0.01 };
  return { unit, scale: 1 };
}

/**
 * Clips a series to the window, sorts it by time if needed, scales it and turns ±Infinity
 * and negative values into gaps: every catalogue quantity is non-negative, so a negative
 * value can only be a counter artefact (a reset seen by `rate`/`deriv`, a bad subtraction).
 */
function cleanSeries(
  s: Series,
  fromMs: number,
  toMs: number,
  scale: number,
): { s: Series; dropped: number; infinite: number } {
  const n = Math.min(s.t.length, s.v.length);
  let idx: number[] = [];
  let sorted = true;
  for (let i = 0; i < n; i++) {
    const x = s.t[i]!;
    if (x < fromMs || x > toMs) continue;
    if (idx.length > 0 && x < s.t[idx[idx.length - 1]!]!) sorted = false;
    idx.push(i);
  }
  if (!sorted) idx = idx.sort((a, b) => s.t[a]! - s.t[b]!);
  let dropped = 0;
  let infinite = 0;
  const t = new Array<number>(idx.length);
  const v = new Array<number>(idx.length);
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!;
    t[k] = s.t[i]!;
    const x = s.v[i]!;
    if (Number.isNaN(x)) v[k] = Number.NaN;
    else if (!Number.isFinite(x) || x < 0) {
      v[k] = Number.NaN;
      dropped++;
      if (!Number.isFinite(x)) infinite++;
    } else v[k] = x * scale;
  }
  return { s: { ...s, t, v }, dropped, infinite };
}

/** True when every series has exactly the same timestamps. */
export function sameGrid(series: readonly TimeSeries[]): boolean {
  const first = series[0];
  return (
    !first || series.every((s) => s.t.length === first.t.length && s.t.every((x, i) => x === first.t[i]))
  );
}

/**
 * Folds several series into one on the union of their timestamps; gaps are skipped. On
 * unaligned grids (series scraped at different intervals or phases) a sum carries each
 * series' last sample forward for up to 2.5 of its own intervals, so the total at a
 * timestamp counts every live series instead of dipping to the ones sampled just then; a
 * series contributes only between its first and last sample (one that appears midway — a
 * new pod — counts from then on).
 */
export function foldSeries(series: readonly TimeSeries[], how: 'sum' | 'max'): TimeSeries {
  if (series.length === 1) return { t: series[0]!.t, v: series[0]!.v };
  const aligned = sameGrid(series);
  const first = series[0]!;
  const t = aligned ? first.t : [...new Set(series.flatMap((s) => s.t))].sort((a, b) => a - b);
  if (!aligned && how === 'sum') return { t, v: carriedSum(series, t) };
  const acc = new Array<number>(t.length).fill(Number.NaN);
  for (const s of series) {
    let j = 0;
    for (let i = 0; i < s.t.length; i++) {
      const x = s.v[i]!;
      if (!aligned) while (t[j]! < s.t[i]!) j++;
      const k = aligned ? i : j;
      if (!Number.isFinite(x)) continue;
      const cur = acc[k]!;
      acc[k] = Number.isNaN(cur) ? x : how === 'sum' ? cur + x : Math.max(cur, x);
    }
  }
  return { t, v: acc };
}

function carriedSum(series: readonly TimeSeries[], t: number[]): number[] {
  const acc = new Array<number>(t.length).fill(Number.NaN);
  for (const s of series) {
    const stale = 2.5 * (typicalStepMs(s.t) ?? 0);
    let j = -1;
    let lastAt = Number.NEGATIVE_INFINITY;
    let last = Number.NaN;
    for (let k = 0; k < t.length; k++) {
      while (j + 1 < s.t.length && s.t[j + 1]! <= t[k]!) {
        j++;
        if (Number.isFinite(s.v[j]!)) {
          last = s.v[j]!;
          lastAt = s.t[j]!;
        }
      }
      if (Number.isNaN(last) || t[k]! - lastAt > stale) continue;
      acc[k] = Number.isNaN(acc[k]!) ? last : acc[k]! + last;
    }
  }
  return acc;
}

function hasValid(series: readonly TimeSeries[]): boolean {
  return series.some((s) => s.v.some((x) => Number.isFinite(x)));
}

/** Cleans every panel and returns the lookups the analysis reads. */
export function buildMetrics(panels: readonly PanelData[], fromMs: number, toMs: number): Metrics {
  const clean: CleanPanel[] = panels.map((p) => {
    const n = normalise(p.unit);
    let artefacts = 0;
    let infinite = 0;
    const series = p.series.map((s) => {
      const r = cleanSeries(s, fromMs, toMs, n.scale);
      artefacts += r.dropped;
      infinite += r.infinite;
      return r.s;
    });
    return { domain: p.domain, panel: p.panel, role: p.role, unit: n.unit, series, artefacts, infinite };
  });
  const withData = clean.filter((p) => hasValid(p.series));
  const folded = new Map<string, PanelSeries | null>();
  const fold = (p: CleanPanel): PanelSeries | null => {
    const key = p.domain + '\u0000' + p.panel;
    if (!folded.has(key)) {
      const f = hasValid(p.series) ? foldSeries(p.series, aggregationOf(p.role, p.unit)) : null;
      folded.set(key, f && { ...f, domain: p.domain, panel: p.panel, role: p.role, unit: p.unit });
    }
    return folded.get(key)!;
  };
  const steps = withData
    .map((p) => typicalStepMs(p.series.reduce((a, s) => (s.t.length > a.t.length ? s : a)).t))
    .filter((x): x is number => x !== null)
    .sort((a, b) => a - b);
  const stepMs = steps[steps.length >> 1] ?? 15_000;

  return {
    fromMs,
    toMs,
    stepMs,
    panels: clean,
    get(domain, panel, role) {
      const exact = withData.find((p) => p.domain === domain && p.panel === panel);
      if (exact) return fold(exact);
      if (!role) return null;
      const byRole = withData.find((p) => p.domain === domain && p.role === role);
      return byRole ? fold(byRole) : null;
    },
    seriesOf(domain, panel) {
      return clean.find((p) => p.domain === domain && p.panel === panel)?.series ?? [];
    },
    hasData(domain) {
      return withData.some((p) => p.domain === domain);
    },
  };
}
