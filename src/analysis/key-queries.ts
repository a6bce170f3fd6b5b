import type { DomainId } from '../config/file.schema.js';
import type { PanelData } from '../sources/series.js';

/** The query behind a key panel, kept with the report so pages can link to the source. */
export interface KeyQueryJson {
  domain: DomainId;
  panel: string;
  title: string;
  /** PromQL as it was sent (selector included). */
  query: string;
}

/** Key panels in link order: what a reader opens first to check the verdict. */
const KEY_PANELS: ReadonlyArray<readonly [DomainId, string]> = [
  ['http', 'rps'],
  ['http', 'p95'],
  ['http', 'error_rate'],
  ['load', 'users'],
  ['load', 'rps'],
  ['load', 'p95'],
  ['database', 'pool_pending'],
  ['jvm', 'heap_used'],
  ['infra', 'cpu'],
];

/** At most this many queries are kept (a Prometheus graph page with more is unreadable). */
export const MAX_KEY_QUERIES = 6;

/** InfluxQL starts with SELECT, Flux with from(: neither can be opened in Prometheus. */
const isPromQl = (q: string) => q.trim() !== '' && !/^\s*(select\b|from\s*\()/i.test(q);

/**
 * The PromQL of the key panels that returned data, in KEY_PANELS order (at most
 * MAX_KEY_QUERIES). Pure; the report keeps them as `queries` for "open in Prometheus /
 * Grafana" links, since stored series do not keep their query.
 */
export function keyQueries(panels: readonly PanelData[]): KeyQueryJson[] {
  const out: KeyQueryJson[] = [];
  for (const [domain, id] of KEY_PANELS) {
    const p = panels.find(
      (x) =>
        x.domain === domain &&
        x.panel === id &&
        !x.error &&
        isPromQl(x.query) &&
        x.series.some((s) => s.v.some((v) => Number.isFinite(v))),
    );
    if (p) out.push({ domain, panel: id, title: p.title, query: p.query });
    if (out.length === MAX_KEY_QUERIES) break;
  }
  return out;
}
