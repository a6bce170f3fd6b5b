import type { DomainId } from '../config/file.schema.js';
import { isLoadLensError } from '../core/errors.js';
import { type InfluxSource, type PromSource, SERIES_LIMIT } from '../sources/source.js';
import { inventoryQuery, parseInventory, scrapeIntervals } from '../topology/inventory-query.js';
import { viewOf } from '../topology/row-index.js';
import type { ScopedPack } from '../topology/scope.js';
import type { InventoryRow } from '../topology/topology.types.js';
import { genericInspectionTargets } from './packs/http-generic.js';
import { detectPacks, INFLUX_PACKS, PROM_PACKS, packIdsByDomain } from './registry.js';
import { selectorMatchers, withSelector } from './selector.js';
import type { LabelsOf, Pack } from './types.js';

/** What is present in a source for a window. */
export interface Discovery {
  /** Metric names (Prometheus) or measurements (InfluxDB). */
  names: Set<string>;
  /** Label names of the metrics whose series were inspected. */
  labels: Map<string, Set<string>>;
  labelsOf: LabelsOf;
  /** Packs whose metrics are present, in preference order. */
  detected: Pack[];
  /** Detected pack ids per domain, preferred first. */
  packs: Partial<Record<DomainId, string[]>>;
  /** Non-fatal problems (an inspection that failed). */
  warnings: string[];
  /** The fastest scrape interval in the window (seconds), when `up` told it. */
  scrapeSec?: number | null;
}

/** Common metrics whose label names decide how a pack writes its queries. */
const ALWAYS_INSPECT = ['http_requests_total'];

function labelNames(sets: Array<Record<string, string>>): Set<string> {
  const out = new Set<string>();
  for (const s of sets) for (const k of Object.keys(s)) if (k !== '__name__') out.add(k);
  return out;
}

/** A discovery over inventory rows (see `src/topology`): names and dialect labels in the window. */
export function discoveryFromRows(
  rows: readonly InventoryRow[],
  packs: readonly Pack[] = PROM_PACKS,
): Discovery {
  const view = viewOf(rows);
  const labels = new Map<string, Set<string>>();
  for (const n of view.names) labels.set(n, new Set(view.labelsOf(n)));
  const detected = detectPacks(packs, view.names, view.labelsOf);
  return {
    names: view.names,
    labels,
    labelsOf: view.labelsOf,
    detected,
    packs: packIdsByDomain(detected),
    warnings: [],
  };
}

/**
 * Finds which metric families a Prometheus-like source holds in the window. First one
 * instant query over the window (`topology/inventory-query.ts`): only families with
 * samples inside the window count, with their dialect labels. A source that refuses it
 * (an old recording, a proxy that mangles the query) falls back to the label-values API
 * (per TSDB block, so wider than the window) plus the label names of a few candidates.
 * A failing name lookup throws (the source is unusable); a failing inspection only warns.
 */
export async function discover(
  src: PromSource,
  w: { fromMs: number; toMs: number },
  selector?: string,
  packs: readonly Pack[] = PROM_PACKS,
  opts: { inventoryTimedOut?: string } = {},
): Promise<Discovery> {
  if (opts.inventoryTimedOut) {
    // It timed out once already (topology): the same query would cost the same again.
    const found = await discoverByLabelValues(src, w, selector, packs);
    found.warnings.unshift(inventoryTimedOut(new Error(opts.inventoryTimedOut)));
    return found;
  }
  try {
    const res = await src.queryRange({
      id: 'topology.inventory',
      query: inventoryQuery(w.fromMs, w.toMs, selector),
      fromMs: w.toMs,
      toMs: w.toMs,
      stepSec: 60,
    });
    const rows = parseInventory(res.series);
    // An empty answer may be a proxy that drops labels: the label-values API decides then.
    if (rows.length > 0) {
      const scrape = scrapeIntervals(rows, w.fromMs, w.toMs);
      return {
        ...discoveryFromRows(rows, packs),
        scrapeSec: scrape.size > 0 ? Math.min(...scrape.values()) : null,
      };
    }
  } catch (err) {
    // The label-values API decides; a timeout is said, never passed off as absent metrics.
    const found = await discoverByLabelValues(src, w, selector, packs);
    if (isLoadLensError(err, 'SOURCE_TIMEOUT')) found.warnings.unshift(inventoryTimedOut(err));
    return found;
  }
  return discoverByLabelValues(src, w, selector, packs);
}

/** The note when the window's inventory timed out and discovery fell back to the label-values API. */
export function inventoryTimedOut(err: Error): string {
  return `the inventory of metric families in the window timed out (${err.message}); names were read from the label-values API instead, which may include families outside the window`;
}

/**
 * Discovery for `collectPanels`: the scoped plan when a report is about one service, the
 * inventory rows when topology already read them, else a query of the source.
 */
export async function discoverFromRowsOrSource(
  src: PromSource,
  w: { fromMs: number; toMs: number },
  selector: string | undefined,
  plan: readonly ScopedPack[] | undefined,
  rows: readonly InventoryRow[] | undefined,
  opts: { inventoryTimedOut?: string } = {},
): Promise<Discovery> {
  if (plan) {
    const detected = PROM_PACKS.filter((p) => plan.some((s) => s.pack === p));
    const names = new Set(plan.flatMap((p) => [...p.names]));
    return {
      names,
      labels: new Map(),
      labelsOf: () => undefined,
      detected,
      packs: packIdsByDomain(detected),
      warnings: [],
    };
  }
  if (rows) return discoveryFromRows(rows);
  return discover(src, w, selector, PROM_PACKS, opts);
}

/** Discovery through the label-values and series APIs (see `discover`). */
async function discoverByLabelValues(
  src: PromSource,
  w: { fromMs: number; toMs: number },
  selector: string | undefined,
  packs: readonly Pack[],
): Promise<Discovery> {
  const names = new Set(await src.labelValues('__name__', w.fromMs, w.toMs, selectorMatchers(selector)));
  const targets = [
    ...new Set([...ALWAYS_INSPECT.filter((n) => names.has(n)), ...genericInspectionTargets(names)]),
  ];
  const labels = new Map<string, Set<string>>();
  const warnings: string[] = [];
  await Promise.all(
    targets.map(async (metric) => {
      try {
        const sets = await src.series([withSelector(metric, selector ?? '')], w.fromMs, w.toMs);
        labels.set(metric, labelNames(sets));
        if (sets.length >= SERIES_LIMIT) {
          warnings.push(
            `${metric} has more than ${SERIES_LIMIT} series in the window; its labels were read from the first ${SERIES_LIMIT} only`,
          );
        }
      } catch (err) {
        warnings.push(
          `could not read the labels of ${metric}: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    }),
  );
  const labelsOf: LabelsOf = (metric) => labels.get(metric);
  const detected = detectPacks(packs, names, labelsOf);
  return { names, labels, labelsOf, detected, packs: packIdsByDomain(detected), warnings };
}

/** Finds the load-tool families an InfluxDB holds, from its measurements. */
export async function discoverInflux(
  src: InfluxSource,
  packs: readonly Pack[] = INFLUX_PACKS,
): Promise<Discovery> {
  const names = new Set(await src.measurements());
  const labels = new Map<string, Set<string>>();
  const detected = detectPacks(packs, names);
  return {
    names,
    labels,
    labelsOf: () => undefined,
    detected,
    packs: packIdsByDomain(detected),
    warnings: [],
  };
}
