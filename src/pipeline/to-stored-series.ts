import type { PanelData } from '../sources/series.js';
import type { StoredSeries } from '../store/store.js';

/** Flattens panel data into the series kept with a run (charts and comparisons read them back). */
export function toStoredSeries(panels: PanelData[]): StoredSeries[] {
  const out: StoredSeries[] = [];
  const seen = new Set<string>();
  for (const panel of panels) {
    for (const s of panel.series) {
      let key = `${panel.domain}.${panel.panel}.${s.id}`;
      for (let i = 2; seen.has(key); i++) key = `${panel.domain}.${panel.panel}.${s.id}#${i}`;
      seen.add(key);
      out.push({
        key,
        domain: panel.domain,
        panel: panel.panel,
        name: s.name,
        unit: panel.unit,
        labels: s.labels,
        t: s.t,
        v: s.v,
      });
    }
  }
  return out;
}
