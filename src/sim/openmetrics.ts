import type { Labels, MetricFamily, SampleSeries } from './exporters/family.js';

function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** A HELP text escaped for the exposition. */
export function escapeHelp(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** `{k="v",…}` in the labels' own order, or `''` without labels. */
export function labelText(labels: Labels): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(labels)) parts.push(`${k}="${escapeLabel(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

/**
 * A sample value: integers as such, others with 6 significant digits. Rounding is a
 * monotone function, so monotone counters stay monotone after formatting.
 */
export function formatValue(v: number): string {
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  if (Number.isInteger(v)) return String(v);
  const abs = Math.abs(v);
  // Large non-integers (cumulative sums) keep 3 decimals so small increments are not lost.
  if (abs >= 1000) return String(Math.round(v * 1000) / 1000);
  return String(Number(v.toPrecision(6)));
}

/** Epoch ms as OpenMetrics seconds: whole seconds carry no fraction. */
export function formatTs(ms: number): string {
  return ms % 1000 === 0 ? String(ms / 1000) : (ms / 1000).toFixed(3);
}

/** Families sampled on one timeline: one service of a shared simulation. */
export interface TimedFamilies {
  families: MetricFamily[];
  /** Sample timestamps (epoch ms) of every series of these families. */
  tMs: readonly number[];
}

/** A series' identity for duplicate detection: the label order does not matter. */
function seriesKey(s: SampleSeries): string {
  const keys = Object.keys(s.labels).sort();
  return `${s.name}{${keys.map((k) => `${k}=${JSON.stringify(s.labels[k])}`).join(',')}}`;
}

/**
 * Writes one OpenMetrics exposition from families sampled on several timelines (services
 * that ran at different times). Families of the same name are merged, as one Prometheus
 * holds them: written once with the first HELP, all their series contiguous. A name with two
 * types, or the same series twice, is a bug of the caller and throws.
 */
export function writeOpenMetricsParts(parts: TimedFamilies[]): string {
  const merged = new Map<string, { fam: MetricFamily; series: { s: SampleSeries; ts: string[] }[] }>();
  const seen = new Set<string>();
  for (const part of parts) {
    const ts = part.tMs.map(formatTs);
    for (const fam of part.families) {
      const entry = merged.get(fam.name) ?? { fam, series: [] };
      if (entry.fam.type !== fam.type) {
        throw new Error(`metric family ${fam.name} emitted as ${entry.fam.type} and ${fam.type}`);
      }
      merged.set(fam.name, entry);
      for (const s of fam.series) {
        const key = seriesKey(s);
        if (seen.has(key)) throw new Error(`series ${key} emitted twice`);
        seen.add(key);
        entry.series.push({ s, ts });
      }
    }
  }
  const out: string[] = [];
  for (const { fam, series } of merged.values()) {
    out.push(`# HELP ${fam.name} ${escapeHelp(fam.help)}`);
    out.push(`# TYPE ${fam.name} ${fam.type}`);
    for (const { s, ts } of series) {
      const prefix = `${s.name}${labelText(s.labels)} `;
      for (let i = 0; i < s.values.length; i++) {
        const v = s.values[i]!;
        if (Number.isNaN(v)) continue;
        out.push(`${prefix}${formatValue(v)} ${ts[i]}`);
      }
    }
  }
  out.push('# EOF');
  return `${out.join('\n')}\n`;
}

/**
 * Writes an OpenMetrics exposition with timestamps: `# HELP`/`# TYPE` per family, each
 * family's samples contiguous (series by series, each in time order) and a final `# EOF`.
 * NaN values are absent samples. This is the input of `promtool tsdb create-blocks-from openmetrics`.
 */
export function writeOpenMetrics(families: MetricFamily[], tMs: readonly number[]): string {
  return writeOpenMetricsParts([{ families, tMs }]);
}
