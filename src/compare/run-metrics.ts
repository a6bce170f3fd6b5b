import { buildMetrics, type Metrics } from '../analysis/metrics.js';
import { panelSpec } from '../analysis/panels.js';
import type { PanelData, SeriesUnit } from '../sources/series.js';
import type { StoredSeries } from '../store/store.js';
import type { CompareRun } from './compare.types.js';

const UNITS: ReadonlySet<string> = new Set(['rps', 's', 'ms', 'ratio', 'percent', 'bytes', 'count', 'cores']);

/**
 * Regroups a run's stored series into panels, the shape the analysis reads. Series ids are
 * the stored keys, so a cleaned series can be traced back to its stored row.
 */
export function panelsOf(series: readonly StoredSeries[]): PanelData[] {
  const byPanel = new Map<string, PanelData>();
  for (const s of series) {
    const id = `${s.domain}.${s.panel}`;
    let p = byPanel.get(id);
    if (!p) {
      const spec = panelSpec(s.domain, s.panel);
      p = {
        domain: s.domain,
        panel: s.panel,
        title: spec?.title.en ?? s.panel,
        role: spec?.role ?? 'gauge',
        unit: (UNITS.has(s.unit) ? s.unit : (spec?.unit ?? 'count')) as SeriesUnit,
        pack: 'stored',
        query: '',
        series: [],
      };
      byPanel.set(id, p);
    }
    p.series.push({ id: s.key, name: s.name, labels: s.labels, t: s.t, v: s.v });
  }
  return [...byPanel.values()];
}

/**
 * The run's series cleaned exactly as the report's analysis cleaned them (clipped to the
 * window, ms → s, % → ratio, counter artefacts dropped), with folded panel lookups.
 */
export function runMetrics(run: CompareRun): Metrics {
  return buildMetrics(panelsOf(run.series), run.fromMs, run.toMs);
}
