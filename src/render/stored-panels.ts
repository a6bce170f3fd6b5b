import type { ReportJson } from '../analysis/report.types.js';
import type { PanelData, SeriesUnit } from '../sources/series.js';
import type { StoredSeries } from '../store/store.js';
import type { ChartMarkers } from './chart-spec.js';

const UNITS: ReadonlySet<string> = new Set<SeriesUnit>([
  'rps',
  's',
  'ms',
  'ratio',
  'percent',
  'bytes',
  'count',
  'cores',
]);

/**
 * Rebuilds panel data from the series stored with a run, so the chart planner draws the
 * same charts from the store as the engine drew at report time (web charts, on-demand PDF
 * charts). Only what the planner reads is restored; query and pack are not stored.
 */
export function panelsFromStored(series: readonly StoredSeries[]): PanelData[] {
  const byPanel = new Map<string, PanelData>();
  for (const s of series) {
    const key = `${s.domain}\u0001${s.panel}`;
    let panel = byPanel.get(key);
    if (!panel) {
      panel = {
        domain: s.domain,
        panel: s.panel,
        title: s.panel,
        role: 'gauge',
        unit: UNITS.has(s.unit) ? (s.unit as SeriesUnit) : 'count',
        pack: 'stored',
        query: '',
        series: [],
      };
      byPanel.set(key, panel);
    }
    panel.series.push({ id: s.key, name: s.name, labels: s.labels, t: s.t, v: s.v });
  }
  return [...byPanel.values()];
}

const ms = (iso: string | null | undefined): number | null => {
  if (!iso) return null;
  const v = Date.parse(iso);
  return Number.isFinite(v) ? v : null;
};

/** Step bands, the peak and the drop of a stored report, as chart markers. */
export function markersFromReport(report: Pick<ReportJson, 'steps' | 'peak'>): ChartMarkers {
  const steps = report.steps
    .map((s) => ({ fromMs: ms(s.from), toMs: ms(s.to) }))
    .filter((s): s is { fromMs: number; toMs: number } => s.fromMs !== null && s.toMs !== null);
  const p = report.peak;
  const pf = ms(p?.from);
  const pt = ms(p?.to);
  return {
    steps,
    peak: p && pf !== null && pt !== null ? { fromMs: pf, toMs: pt, rps: p.rps } : null,
    dropAtMs: ms(p?.dropAt),
  };
}
