import { gunzipSync, gzipSync } from 'node:zlib';
import type { LabTruth } from './truth.js';

/**
 * Families left out of the raw dump: Go runtime internals of the exporters (but not
 * `go_gc_duration_seconds`, a duration histogram that discovery must learn to ignore),
 * Prometheus's own scrape bookkeeping (`up` stays), and PostgreSQL's hundreds of constant settings.
 */
const SKIP =
  'go_(memstats|threads|goroutines|info|sched|cgo|cpu|godebug|memory).*|pg_settings_.*|python_gc_.*|python_info|scrape_.*|node_scrape_collector_.*';

interface MatrixSeries {
  metric: Record<string, string>;
  values: Array<[number, string]>;
}

/** Prometheus text needs `\`, `"` and newlines escaped in label values. */
function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** OpenMetrics text of raw samples, one family's series together, ending in `# EOF`. */
export function toOpenMetrics(series: MatrixSeries[]): string {
  const byName = [...series].sort(
    (a, b) =>
      (a.metric.__name__ ?? '').localeCompare(b.metric.__name__ ?? '') ||
      JSON.stringify(a.metric).localeCompare(JSON.stringify(b.metric)),
  );
  const lines: string[] = [];
  for (const s of byName) {
    const { __name__: name, ...labels } = s.metric;
    if (!name) continue;
    const body = Object.entries(labels)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
      .join(',');
    for (const [t, v] of s.values) lines.push(`${name}{${body}} ${v} ${t}`);
  }
  return `${lines.join('\n')}\n# EOF\n`;
}

/**
 * Every raw sample Prometheus scraped in a lab's window (minus SKIP), gzipped OpenMetrics:
 * backfilled into a fresh Prometheus it lets scripts/record-lab.ts --from-raw re-record the
 * window for a changed engine (new queries, new steps) without running the load again.
 */
export async function fetchRawSamples(promUrl: string, truth: LabTruth): Promise<Buffer> {
  // A rate at the window's start reaches back: keep a minute before it.
  const fromMs = truth.fromMs - 60_000;
  const rangeS = Math.ceil((truth.toMs - fromMs) / 1000);
  const query = `{job=~".+",__name__!~"${SKIP}"}[${rangeS}s]`;
  const url = `${promUrl}/api/v1/query?query=${encodeURIComponent(query)}&time=${truth.toMs / 1000}`;
  const res = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  if (!res.ok) throw new Error(`raw samples of ${truth.lab}: HTTP ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { data?: { result?: MatrixSeries[] } };
  return gzipSync(toOpenMetrics(body.data?.result ?? []), { level: 9 });
}

/** The OpenMetrics text of a gzipped dump. */
export function openMetricsOf(gz: Buffer): string {
  return gunzipSync(gz).toString('utf8');
}
