import type { PanelData } from '../sources/series.js';
import { buildMetrics } from './metrics.js';
import { meanIn, robustMeanIn, type TimeSeries } from './signals.js';

/** Labels that name a route, in the order they are tried (the packs' `routeLabel` values). */
export const ROUTE_LABELS = ['uri', 'http_route', 'route', 'endpoint', 'handler', 'path'] as const;

/** Panel ids of the per-route breakdowns in the `http` domain. */
export const ROUTE_PANELS = {
  rps: 'rps_by_route',
  p95: 'p95_by_route',
  /** Errors per second by route (5xx); optional: the packs may not fetch it. */
  errors: 'errors_by_route',
} as const;

/** Most rows kept in the report JSON; the rest is counted in `omitted`. */
export const MAX_ENDPOINT_ROWS = 50;

/** One route's figures over the table's span. */
export interface EndpointRow {
  route: string;
  /** Mean requests per second over the span. */
  rps: number | null;
  /** Robust mean of the route's p95 series over the span, in ms (the steps' p95 aggregation). */
  p95Ms: number | null;
  /** Failed share of the route's requests over the span (errors/s ÷ requests/s), 0..1; null when not fetched. */
  errorRate: number | null;
}

/** The per-endpoint table of a report (`ReportJson.endpoints`). */
export interface EndpointsJson {
  /** What the figures aggregate over: the peak step, or the whole window when there is no peak. */
  span: { kind: 'peak' | 'window'; from: string; to: string };
  /** Rows sorted by load (rps, highest first; then by route). */
  rows: EndpointRow[];
  /** Routes left out beyond MAX_ENDPOINT_ROWS. */
  omitted: number;
  /** Whether per-route errors were available; when false every `errorRate` is null. */
  hasErrors: boolean;
}

/** Change of one route against the baseline's table. */
export interface EndpointDelta {
  route: string;
  /** Relative change of rps, in percent; null when either side lacks it (or the base is 0). */
  rpsPct: number | null;
  /** Relative change of p95, in percent. */
  p95Pct: number | null;
  /** Change of the error rate in percentage points (a ratio's relative change misleads near 0). */
  errorRatePp: number | null;
  /** False when the baseline has no such route. */
  inBaseline: boolean;
}

const round = (x: number | null, digits: number) =>
  x === null || !Number.isFinite(x) ? null : Math.round(x * 10 ** digits) / 10 ** digits;

/** The route a per-route series stands for: its route label, else its only label, else its name. */
export function routeOf(labels: Record<string, string>, name: string): string {
  for (const l of ROUTE_LABELS) {
    const v = labels[l];
    if (v !== undefined && v !== '') return v;
  }
  const values = Object.values(labels).filter((v) => v !== '');
  return values.length === 1 ? values[0]! : name;
}

/** Series of one per-route panel grouped by route (several packs or label sets may name one route). */
function byRoute(panels: ReturnType<typeof buildMetrics>['panels'], id: string): Map<string, TimeSeries[]> {
  const out = new Map<string, TimeSeries[]>();
  for (const p of panels) {
    if (p.domain !== 'http' || p.panel !== id) continue;
    for (const s of p.series) {
      const r = routeOf(s.labels, s.name);
      out.set(r, [...(out.get(r) ?? []), s]);
    }
  }
  return out;
}

/** Sum (rates) or max (latencies) of per-series span aggregates; null when none has data. */
function combine(values: Array<number | null>, how: 'sum' | 'max'): number | null {
  const xs = values.filter((x): x is number => x !== null);
  if (xs.length === 0) return null;
  return how === 'sum' ? xs.reduce((a, b) => a + b, 0) : Math.max(...xs);
}

/**
 * The per-endpoint table: for every route of the `rps_by_route` / `p95_by_route` /
 * `errors_by_route` panels, the mean rps, the p95 (robust mean of the p95 series, as the
 * steps aggregate it) and the error rate (mean errors/s ÷ mean rps) over `span` — the
 * peak step when the report has one, else the window — sorted by rps. Pure; null when
 * no per-route panel has data, so a report without route labels simply has no table.
 */
export function endpointTable(input: {
  panels: readonly PanelData[];
  fromMs: number;
  toMs: number;
  span?: { fromMs: number; toMs: number } | null;
}): EndpointsJson | null {
  const m = buildMetrics(input.panels, input.fromMs, input.toMs);
  const span = input.span ?? { fromMs: input.fromMs, toMs: input.toMs };
  const rps = byRoute(m.panels, ROUTE_PANELS.rps);
  const p95 = byRoute(m.panels, ROUTE_PANELS.p95);
  const errors = byRoute(m.panels, ROUTE_PANELS.errors);
  const hasErrors = [...errors.values()].some((list) =>
    list.some((s) => meanIn(s, span.fromMs, span.toMs) !== null),
  );
  const routes = new Set([...rps.keys(), ...p95.keys()]);
  const rows: EndpointRow[] = [];
  for (const route of routes) {
    const r = combine(
      (rps.get(route) ?? []).map((s) => meanIn(s, span.fromMs, span.toMs)),
      'sum',
    );
    const lat = combine(
      (p95.get(route) ?? []).map((s) => robustMeanIn(s, span.fromMs, span.toMs)),
      'max',
    );
    const err = combine(
      (errors.get(route) ?? []).map((s) => meanIn(s, span.fromMs, span.toMs)),
      'sum',
    );
    if (r === null && lat === null) continue;
    // A route with traffic and no error series had no 5xx (the `or 0` convention of the packs
    // does not reach per-route series), so its rate is 0 once errors are fetched at all.
    const errorRate = !hasErrors || r === null ? null : r > 0 ? Math.min(1, (err ?? 0) / r) : null;
    rows.push({
      route,
      rps: round(r, 2),
      p95Ms: lat === null ? null : round(lat * 1000, 1),
      errorRate: round(errorRate, 6),
    });
  }
  if (rows.length === 0) return null;
  rows.sort((a, b) => (b.rps ?? -1) - (a.rps ?? -1) || a.route.localeCompare(b.route));
  return {
    span: {
      kind: input.span ? 'peak' : 'window',
      from: new Date(span.fromMs).toISOString(),
      to: new Date(span.toMs).toISOString(),
    },
    rows: rows.slice(0, MAX_ENDPOINT_ROWS),
    omitted: Math.max(0, rows.length - MAX_ENDPOINT_ROWS),
    hasErrors,
  };
}

const relPct = (now: number | null, base: number | null) =>
  now === null || base === null || base === 0 ? null : round(((now - base) / base) * 100, 1);

/**
 * Each row of `current` against the same route in the baseline's table (matched by route
 * name). Pure, so every surface that prints the delta prints the same figures.
 */
export function endpointDeltas(
  current: EndpointsJson,
  baseline: EndpointsJson | null | undefined,
): EndpointDelta[] {
  const base = new Map((baseline?.rows ?? []).map((r) => [r.route, r]));
  return current.rows.map((r) => {
    const b = base.get(r.route);
    return {
      route: r.route,
      rpsPct: relPct(r.rps, b?.rps ?? null),
      p95Pct: relPct(r.p95Ms, b?.p95Ms ?? null),
      errorRatePp:
        b === undefined || r.errorRate === null || b.errorRate === null
          ? null
          : round((r.errorRate - b.errorRate) * 100, 2),
      inBaseline: b !== undefined,
    };
  });
}
