import type { PanelData } from '../sources/series.js';
import { buildSeries } from '../sources/series-build.js';
import { deriveFromBuckets } from './histogram-derive.js';
import { type PanelRun, type PanelRunContext, runPanel } from './run-panel.js';
import type { PanelQuery } from './types.js';

/** The query that fetches a histogram's buckets once for every panel derived from it. */
function fetchQuery(first: PanelQuery, fetchId: string): PanelQuery {
  const panel = fetchId.startsWith(`${first.domain}.`) ? fetchId.slice(first.domain.length + 1) : fetchId;
  return {
    domain: first.domain,
    panel,
    title: `${first.title} (buckets)`,
    role: 'gauge',
    unit: 'rps',
    pack: first.pack,
    promql: first.promql,
  };
}

/** The panels of one bucket fetch: each computed client-side, or all failed with its reason. */
function derivePanels(group: readonly PanelQuery[], fetched: PanelRun): PanelRun[] {
  return group.map((q, i): PanelRun => {
    const base: PanelData = {
      domain: q.domain,
      panel: q.panel,
      title: q.title,
      role: q.role,
      unit: q.unit,
      pack: q.pack,
      query: q.buckets?.shows ?? fetched.data.query,
      series: [],
    };
    // Only the first panel counts the range query and carries its warnings once.
    const sent = i === 0 && fetched.sent;
    const warnings = i === 0 ? fetched.warnings : [];
    if (fetched.data.error !== undefined) {
      // Every field saying why the fetch failed (the error and any detail beside it) is shared.
      const {
        domain: _d,
        panel: _p,
        title: _t,
        role: _r,
        unit: _u,
        pack: _k,
        query: _q,
        series: _s,
        ...why
      } = fetched.data;
      return { data: { ...base, ...why }, sent, warnings };
    }
    const id = `${q.domain}.${q.panel}`;
    const raw = deriveFromBuckets(fetched.data.series, q.buckets!);
    const series = buildSeries({ id, query: fetched.data.query, legend: q.legend }, raw);
    const w = fetched.data.warnings;
    return {
      data: w && w.length > 0 ? { ...base, series, warnings: w } : { ...base, series },
      sent,
      warnings,
    };
  });
}

/**
 * Runs a plan: plain panels one query each; panels derived from histogram buckets share one
 * fetch per histogram (same fetch id and query), so p50/p95/p99, per route and threshold
 * shares cost one pass over the bucket series. Results keep the plan's order; a failed
 * fetch fails each of its panels with the same reason.
 */
export async function runPanels(plan: readonly PanelQuery[], c: PanelRunContext): Promise<PanelRun[]> {
  const groups = new Map<string, PanelQuery[]>();
  for (const q of plan) {
    if (!q.buckets) continue;
    const key = `${q.buckets.fetchId}\n${q.promql ?? ''}`;
    const g = groups.get(key);
    if (g) g.push(q);
    else groups.set(key, [q]);
  }
  const derived = new Map<PanelQuery, Promise<PanelRun>>();
  for (const g of groups.values()) {
    const all = runPanel(fetchQuery(g[0]!, g[0]!.buckets!.fetchId), c).then((f) => derivePanels(g, f));
    for (const [i, q] of g.entries())
      derived.set(
        q,
        all.then((runs) => runs[i]!),
      );
  }
  return Promise.all(plan.map((q) => derived.get(q) ?? runPanel(q, c)));
}
