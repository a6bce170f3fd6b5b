import type { Labels, MetricFamily } from './exporters/family.js';

function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function labelText(labels: Labels): string {
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

/** Epoch ms as OpenMetrics seconds. */
function formatTs(ms: number): string {
  return ms % 1000 === 0 ? String(ms / 1000) : (ms / 1000).toFixed(3);
}

/**
 * Writes an OpenMetrics exposition with timestamps: `# HELP`/`# TYPE` per family, each
 * family's samples contiguous (series by series, each in time order) and a final `# EOF`.
 * NaN values are absent samples. This is the input of `promtool tsdb create-blocks-from openmetrics`.
 */
export function writeOpenMetrics(families: MetricFamily[], tMs: readonly number[]): string {
  const ts = tMs.map(formatTs);
  const out: string[] = [];
  const seen = new Set<string>();
  for (const fam of families) {
    if (seen.has(fam.name)) throw new Error(`metric family ${fam.name} emitted twice`);
    seen.add(fam.name);
    out.push(`# HELP ${fam.name} ${escapeHelp(fam.help)}`);
    out.push(`# TYPE ${fam.name} ${fam.type}`);
    for (const s of fam.series) {
      const prefix = `${s.name}${labelText(s.labels)} `;
      for (let i = 0; i < s.values.length; i++) {
        const v = s.values[i]!;
        if (Number.isNaN(v)) continue;
        out.push(`${prefix}${formatValue(v)} ${ts[i]}`);
      }
    }
  }
  out.push('# EOF');
  return out.join('\n') + '\n';
}
