import type { Metrics } from '../analysis/metrics.js';
import { panelSpec } from '../analysis/panels.js';
import type { Locale } from '../analysis/report.types.js';
import type { TimeSeries } from '../analysis/signals.js';
import type { DomainId } from '../config/file.schema.js';
import type { ChartSpec, RenderedChart } from '../render/chart-spec.js';
import type { ChartThemeName } from '../render/chart-theme.js';
import { renderChartPng } from '../render/render-chart.js';
import type { SeriesUnit } from '../sources/series.js';
import type { Alignment, Change, CompareResult, CompareRun } from './compare.types.js';
import { compareText } from './compare-text.js';
import { metricTitle } from './explain.js';
import { runMetrics } from './run-metrics.js';

/** The overlays always drawn (first panel both runs have): throughput, p95, error rate. */
const FIXED: ReadonlyArray<ReadonlyArray<readonly [DomainId, string]>> = [
  [
    ['load', 'rps'],
    ['http', 'rps'],
  ],
  [
    ['http', 'p95'],
    ['load', 'p95'],
  ],
  [
    ['http', 'error_rate'],
    ['load', 'error_rate'],
  ],
];

export interface CompareChartOptions {
  locale: Locale;
  /** IANA zone of the time axis (run A's wall clock). */
  tz: string;
  theme?: ChartThemeName;
  width?: number;
  height?: number;
}

/**
 * Maps B's timestamps onto A's time axis: with step alignment, each compared stretch of a
 * B plateau is stretched linearly onto its partner stretch in A (points elsewhere are
 * dropped); with offset alignment, B is shifted by the difference of the load starts.
 */
export function alignTimes(al: Alignment, b: TimeSeries): TimeSeries {
  const t: number[] = [];
  const v: number[] = [];
  if (al.mode === 'offset') {
    const d = (al.startA ?? 0) - (al.startB ?? 0);
    const end = (al.startB ?? 0) + (al.overlapMs ?? 0);
    for (let i = 0; i < b.t.length; i++) {
      if (b.t[i]! < (al.startB ?? 0) || b.t[i]! > end) continue;
      t.push(b.t[i]! + d);
      v.push(b.v[i]!);
    }
    return { t, v };
  }
  for (const seg of al.segments) {
    if (seg.kind !== 'step') continue;
    const w = seg.windows[0]!;
    const span = w.b.toMs - w.b.fromMs;
    const scale = span > 0 ? (w.a.toMs - w.a.fromMs) / span : 1;
    for (let i = 0; i < b.t.length; i++) {
      const x = b.t[i]!;
      if (x < w.b.fromMs || x > w.b.toMs) continue;
      t.push(w.a.fromMs + (x - w.b.fromMs) * scale);
      v.push(b.v[i]!);
    }
    // A gap between plateaus, so the line does not join them across the ramps.
    t.push(w.a.toMs + 1);
    v.push(Number.NaN);
  }
  return { t, v };
}

interface Pick {
  domain: DomainId;
  panel: string;
  /** A stored series key for a single series; null for the folded panel. */
  seriesKey: string | null;
  seriesName: string | null;
  change: Change | null;
}

function seriesOf(m: Metrics, p: Pick): { s: TimeSeries; unit: SeriesUnit } | null {
  const panel = m.panels.find((x) => x.domain === p.domain && x.panel === p.panel);
  if (!panel) return null;
  if (p.seriesKey === null) {
    const folded = m.get(p.domain, p.panel);
    return folded ? { s: folded, unit: panel.unit } : null;
  }
  const s =
    panel.series.find((x) => x.id === p.seriesKey) ?? panel.series.find((x) => x.name === p.seriesName);
  return s ? { s, unit: panel.unit } : null;
}

/** Which overlays to draw: the fixed three and the most changed other metric, if any. */
export function pickCompareCharts(result: CompareResult, ma: Metrics, mb: Metrics): Pick[] {
  const has = (d: DomainId, p: string) => !!ma.get(d, p) && !!mb.get(d, p);
  const picks: Pick[] = [];
  for (const options of FIXED) {
    const hit = options.find(([d, p]) => has(d, p));
    if (hit) picks.push({ domain: hit[0], panel: hit[1], seriesKey: null, seriesName: null, change: null });
  }
  const other = result.top.find((c) => !picks.some((p) => p.domain === c.domain && p.panel === c.metric));
  if (other) {
    picks.push({
      domain: other.domain,
      panel: other.metric,
      seriesKey: other.panelLevel ? null : other.seriesKey,
      seriesName: other.panelLevel ? null : other.series,
      change: other,
    });
  }
  return picks;
}

/** Chart specs of the A-vs-B overlays: A solid, B dashed and aligned onto A's time axis. */
export function planCompareCharts(
  a: CompareRun,
  b: CompareRun,
  result: CompareResult,
  locale: Locale,
): ChartSpec[] {
  const ma = runMetrics(a);
  const mb = runMetrics(b);
  const specs: ChartSpec[] = [];
  for (const p of pickCompareCharts(result, ma, mb)) {
    const sa = seriesOf(ma, p);
    const sb = seriesOf(mb, p);
    if (!sa || !sb) continue;
    const title = p.change
      ? metricTitle(locale, p.change)
      : (panelSpec(p.domain, p.panel)?.title[locale] ?? `${p.domain}.${p.panel}`);
    const bt = alignTimes(result.alignment, sb.s);
    specs.push({
      id: `compare-${p.domain}-${p.panel}${p.seriesKey ? '-series' : ''}`,
      title: `${title}: ${compareText(locale, 'h.vs')}`,
      left: { unit: sa.unit },
      datasets: [
        { label: `${compareText(locale, 'h.a')}: ${a.name}`, t: sa.s.t, v: sa.s.v },
        {
          label: `${compareText(locale, 'h.b')}: ${b.name} (${compareText(locale, 'h.shifted')})`,
          t: bt.t,
          v: bt.v,
          dashed: true,
        },
      ],
    });
  }
  return specs;
}

/**
 * PNG overlays of run A against run B for the key metrics (throughput, p95, error rate) and
 * the most changed other metric. The time axis is A's; compared windows are marked.
 */
export async function renderCompareCharts(
  a: CompareRun,
  b: CompareRun,
  result: CompareResult,
  opts: CompareChartOptions,
): Promise<RenderedChart[]> {
  const steps = result.alignment.segments
    .filter((s) => s.kind !== 'all')
    .flatMap((s) => s.windows.map((w) => ({ fromMs: w.a.fromMs, toMs: w.a.toMs })));
  const out: RenderedChart[] = [];
  for (const spec of planCompareCharts(a, b, result, opts.locale)) {
    out.push(
      await renderChartPng(spec, {
        locale: opts.locale,
        tz: opts.tz,
        markers: { steps: result.alignment.mode === 'steps' ? steps : [], peak: null, dropAtMs: null },
        ...(opts.theme ? { theme: opts.theme } : {}),
        ...(opts.width ? { width: opts.width } : {}),
        ...(opts.height ? { height: opts.height } : {}),
      }),
    );
  }
  return out;
}
