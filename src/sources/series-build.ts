import { legendsFor } from './legend.js';
import type { NativeSamples } from './native-histogram.js';
import type { Series } from './series.js';
import type { RangeQuery } from './source.js';

/** A series as parsed from a backend, before naming. */
export interface RawSeries {
  labels: Record<string, string>;
  /** Labels to build the default name from, when they differ from `labels` (e.g. Influx fields). */
  nameLabels?: Record<string, string>;
  t: number[];
  v: number[];
  /** Native-histogram samples (Prometheus `histograms`), when present. */
  histograms?: NativeSamples;
}

/** Label-safe short form of a query for names and messages: the id, or its first 80 characters. */
export function queryLabel(q: Pick<RangeQuery, 'id' | 'query'>): string {
  if (q.id) return q.id;
  const flat = q.query.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? flat.slice(0, 80) + '…' : flat;
}

function slug(s: string): string {
  return s
    .replace(/[^\p{L}\p{N}_-]+/gu, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60);
}

/**
 * Names raw series with the query's legend and gives each a key unique within the query:
 * the query id alone for a single series, else `<id>.<legend slug>` (deduplicated).
 * Templates are filled from `labels`; default names come from `nameLabels` when given.
 */
export function buildSeries(q: Pick<RangeQuery, 'id' | 'query' | 'legend'>, raw: RawSeries[]): Series[] {
  const names = legendsFor(
    q.legend,
    raw.map((r) => (q.legend ? r.labels : (r.nameLabels ?? r.labels))),
  );
  const base = q.id ?? 'series';
  const used = new Set<string>();
  return raw.map((r, i) => {
    const name = names[i] || queryLabel(q);
    let id = base;
    if (raw.length > 1) {
      const stem = `${base}.${slug(name) || String(i)}`;
      id = stem;
      for (let n = 2; used.has(id); n++) id = `${stem}_${n}`;
    }
    used.add(id);
    const s: Series = { id, name, labels: r.labels, t: r.t, v: r.v };
    if (r.histograms && r.histograms.t.length > 0) s.histograms = r.histograms;
    return s;
  });
}

/** Parses a sample value as Prometheus writes it: `"NaN"`, `"+Inf"`, `"-Inf"` or a decimal. */
export function parseSampleValue(s: string | number | boolean | null | undefined): number {
  if (typeof s === 'number') return s;
  if (typeof s === 'boolean') return s ? 1 : 0;
  if (s === null || s === undefined) return Number.NaN;
  switch (s.trim()) {
    case 'NaN':
      return Number.NaN;
    case '+Inf':
    case 'Inf':
    case '+Infinity':
    case 'Infinity':
      return Number.POSITIVE_INFINITY;
    case '-Inf':
    case '-Infinity':
      return Number.NEGATIVE_INFINITY;
    case '':
      return Number.NaN;
    default:
      return Number(s);
  }
}
