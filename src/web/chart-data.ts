import type { Locale, ReportJson } from '../analysis/report.types.js';
import { planCharts } from '../render/chart-plan.js';
import type { AxisSide, ChartAxisSpec, ChartSpec } from '../render/chart-spec.js';
import { chartStrings } from '../render/chart-strings.js';
import { peakLabel } from '../render/render-chart.js';
import { markersFromReport, panelsFromStored } from '../render/stored-panels.js';
import { displayScale } from '../render/units.js';
import type { StoredSeries } from '../store/store.js';

/** Points per line sent to the browser at most; longer lines keep each bucket's min and max. */
export const MAX_POINTS_PER_LINE = 2_000;

/** One line of a browser chart; values already in display units, null for gaps. */
export interface WebDataset {
  label: string;
  axis: AxisSide;
  kind: 'normal' | 'limit' | 'other';
  dashed: boolean;
  /** Palette slot of a normal line (the same as in the PNG and PDF charts). */
  colorIndex?: number;
  /** Drawn over the other lines (a dashed line running on top of another). */
  onTop?: boolean;
  points: Array<[number, number | null]>;
}

export interface WebAxis {
  /** Display unit (ms, %, MiB…), shown in tooltips. */
  suffix: string;
  title: string;
}

/** One chart for Chart.js in the browser, planned exactly as the PNG charts are. */
export interface WebChart {
  id: string;
  title: string;
  left: WebAxis;
  right?: WebAxis;
  datasets: WebDataset[];
}

/** What `/api/runs/:id/series` returns. */
export interface ChartData {
  locale: Locale;
  tz: string;
  window: { from: number; to: number };
  markers: {
    steps: Array<[number, number]>;
    /** Word before a step's number over its band (`step 3`). */
    stepWord?: string;
    peak: { from: number; to: number; label: string } | null;
    drop: { at: number; label: string } | null;
  };
  charts: WebChart[];
}

/** Thins a line to at most `max` points, keeping each bucket's extremes (spikes survive). */
export function thin(points: Array<[number, number | null]>, max: number): Array<[number, number | null]> {
  if (points.length <= max) return points;
  const buckets = Math.max(1, Math.floor(max / 2));
  const size = points.length / buckets;
  const out: Array<[number, number | null]> = [];
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor(b * size);
    const end = Math.min(points.length, Math.floor((b + 1) * size));
    let lo = -1;
    let hi = -1;
    for (let i = start; i < end; i++) {
      const v = points[i]![1];
      if (v === null) continue;
      if (lo < 0 || v < points[lo]![1]!) lo = i;
      if (hi < 0 || v > points[hi]![1]!) hi = i;
    }
    if (lo < 0) {
      out.push([points[start]![0], null]);
      continue;
    }
    for (const i of lo === hi ? [lo] : lo < hi ? [lo, hi] : [hi, lo]) out.push(points[i]!);
  }
  return out;
}

function axisOf(spec: ChartSpec, side: AxisSide, axis: ChartAxisSpec, locale: Locale) {
  let max = 0;
  for (const d of spec.datasets) {
    if ((d.axis ?? 'left') !== side) continue;
    for (const v of d.v) if (Number.isFinite(v) && Math.abs(v) > max) max = Math.abs(v);
  }
  const scale = displayScale(axis.unit, max, locale);
  return { factor: scale.factor, axis: { suffix: scale.suffix, title: axis.title ?? scale.suffix } };
}

/** Chart specs (as the PNG renderer takes them) as browser charts, values in display units. */
export function toWebCharts(specs: readonly ChartSpec[], locale: Locale): WebChart[] {
  return specs.map((spec) => {
    const left = axisOf(spec, 'left', spec.left, locale);
    const right = spec.right ? axisOf(spec, 'right', spec.right, locale) : null;
    return {
      id: spec.id,
      title: spec.title,
      left: left.axis,
      ...(right ? { right: right.axis } : {}),
      datasets: spec.datasets.map((d) => {
        const axis = d.axis ?? 'left';
        const factor = axis === 'right' && right ? right.factor : left.factor;
        const n = Math.min(d.t.length, d.v.length);
        const points: Array<[number, number | null]> = [];
        for (let i = 0; i < n; i++) {
          const v = d.v[i]!;
          points.push([d.t[i]!, Number.isFinite(v) ? Number((v * factor).toPrecision(6)) : null]);
        }
        points.sort((a, b) => a[0] - b[0]);
        return {
          label: d.label,
          axis,
          kind: d.kind ?? 'normal',
          dashed: d.dashed ?? d.kind === 'limit',
          ...(d.colorIndex !== undefined ? { colorIndex: d.colorIndex } : {}),
          ...(d.onTop ? { onTop: true } : {}),
          points: thin(points, MAX_POINTS_PER_LINE),
        };
      }),
    };
  });
}

/**
 * Charts of a stored run for the browser: the chart planner groups the stored series the
 * way the report's PNG charts are grouped, values are scaled to display units (ms, %,
 * MiB), and the step bands, peak and drop come from the stored report.
 */
export function buildChartData(
  series: readonly StoredSeries[],
  report: Pick<ReportJson, 'steps' | 'peak' | 'window'>,
  opts: { locale: Locale; tz: string },
): ChartData {
  const charts = toWebCharts(planCharts(panelsFromStored(series), opts.locale), opts.locale);
  const m = markersFromReport(report);
  return {
    locale: opts.locale,
    tz: opts.tz,
    window: { from: Date.parse(report.window.from), to: Date.parse(report.window.to) },
    markers: {
      steps: m.steps.map((s) => [s.fromMs, s.toMs]),
      stepWord: chartStrings(opts.locale).step,
      peak: m.peak
        ? { from: m.peak.fromMs, to: m.peak.toMs, label: peakLabel(opts.locale, m.peak.rps) }
        : null,
      drop: m.dropAtMs !== null ? { at: m.dropAtMs, label: chartStrings(opts.locale).drop } : null,
    },
    charts,
  };
}
