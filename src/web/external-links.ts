import type { KeyQueryJson } from '../analysis/key-queries.js';

/** A link to the run's window in a metrics UI. */
export interface ExternalLink {
  kind: 'grafana' | 'prometheus';
  /** What the link opens: `all` (every key query) or a key query's `domain.panel`. */
  target: string;
  title: string;
  href: string;
}

/** Where the links point: the configured UIs (credentials are stripped here). */
export interface ExternalLinkConfig {
  grafanaUrl?: string;
  grafanaDatasourceUid?: string;
  prometheusUrl?: string;
}

/**
 * A configured base URL made safe to show: http(s) only, no user or password (a
 * `https://user:pass@prom` URL must never reach a page), no query or fragment (a token
 * there would leak too), no trailing slash. Null when unset or unusable.
 */
export function publicBase(url: string | undefined): string | null {
  if (!url) return null;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  u.username = '';
  u.password = '';
  u.search = '';
  u.hash = '';
  return u.toString().replace(/\/+$/, '');
}

/** `YYYY-MM-DD HH:MM:SS` in UTC, the form Prometheus's graph page reads in `end_input`. */
function promTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** Prometheus's range text for a window, in whole seconds (`1800s`), at least one minute. */
function promRange(fromMs: number, toMs: number): string {
  return `${Math.max(60, Math.ceil((toMs - fromMs) / 1000))}s`;
}

/**
 * Prometheus's graph page with one graph per expression over exactly the window:
 * `/graph?g0.expr=…&g0.tab=0&g0.range_input=1800s&g0.end_input=2026-12-01 15:50:00`.
 */
export function prometheusGraphUrl(base: string, exprs: string[], fromMs: number, toMs: number): string {
  const q = new URLSearchParams();
  exprs.forEach((expr, i) => {
    q.set(`g${i}.expr`, expr);
    q.set(`g${i}.tab`, '0');
    q.set(`g${i}.range_input`, promRange(fromMs, toMs));
    q.set(`g${i}.end_input`, promTime(toMs));
  });
  return `${base}/graph?${q.toString()}`;
}

/**
 * Grafana Explore on the window (Grafana 10+ `panes` form, which older links redirect to),
 * with the key queries on the datasource `uid` when given (else Grafana's default one).
 */
export function grafanaExploreUrl(
  base: string,
  uid: string | undefined,
  exprs: string[],
  fromMs: number,
  toMs: number,
): string {
  const datasource = uid ? { type: 'prometheus', uid } : undefined;
  const pane = {
    ...(uid ? { datasource: uid } : {}),
    queries: exprs.map((expr, i) => ({
      refId: String.fromCharCode(65 + i),
      expr,
      range: true,
      ...(datasource ? { datasource } : {}),
    })),
    range: { from: String(Math.floor(fromMs)), to: String(Math.ceil(toMs)) },
  };
  const q = new URLSearchParams({ schemaVersion: '1', panes: JSON.stringify({ ll: pane }), orgId: '1' });
  return `${base}/explore?${q.toString()}`;
}

/**
 * The run's "open in Grafana / Prometheus" links: one Grafana Explore link with every key
 * query, one Prometheus graph page with them all, and one Prometheus link per key query.
 * Nothing for a UI that is not configured; no Prometheus link without stored queries.
 */
export function externalLinks(
  cfg: ExternalLinkConfig,
  window: { fromMs: number; toMs: number },
  queries: readonly KeyQueryJson[],
): ExternalLink[] {
  const out: ExternalLink[] = [];
  const exprs = queries.map((q) => q.query);
  const grafana = publicBase(cfg.grafanaUrl);
  if (grafana) {
    out.push({
      kind: 'grafana',
      target: 'all',
      title: 'Grafana',
      href: grafanaExploreUrl(grafana, cfg.grafanaDatasourceUid, exprs, window.fromMs, window.toMs),
    });
  }
  const prom = publicBase(cfg.prometheusUrl);
  if (prom && queries.length > 0) {
    out.push({
      kind: 'prometheus',
      target: 'all',
      title: 'Prometheus',
      href: prometheusGraphUrl(prom, exprs, window.fromMs, window.toMs),
    });
    for (const q of queries) {
      out.push({
        kind: 'prometheus',
        target: `${q.domain}.${q.panel}`,
        title: q.title,
        href: prometheusGraphUrl(prom, [q.query], window.fromMs, window.toMs),
      });
    }
  }
  return out;
}
