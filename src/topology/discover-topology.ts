import type { PromSource } from '../sources/source.js';
import { inventoryQuery, parseInventory, scrapeIntervals } from './inventory-query.js';
import { attributeLoads, buildLoads } from './loads.js';
import { buildServices } from './services.js';
import type { Topology } from './topology.types.js';
import { parseTraffic, trafficQuery } from './traffic-query.js';

/**
 * Reads what a (possibly shared) Prometheus holds in a window in two round trips: the
 * inventory of families and their service/host/database/test labels (one instant query over
 * the window), then every service's and load generator's request rate (one coarse range
 * query). Services, their stacks and hosts, and the load test driving each come out.
 * Throws when the source fails the inventory query; callers fall back to plain discovery.
 */
export async function discoverTopology(
  src: PromSource,
  w: { fromMs: number; toMs: number },
  selector?: string,
): Promise<Topology> {
  const inv = await src.queryRange({
    id: 'topology.inventory',
    query: inventoryQuery(w.fromMs, w.toMs, selector),
    fromMs: w.toMs,
    toMs: w.toMs,
    stepSec: 60,
  });
  const rows = parseInventory(inv.series);
  const warnings = [...inv.warnings];
  const names = new Set(rows.map((r) => r.name));
  const scrapeSec = scrapeIntervals(rows, w.fromMs, w.toMs);
  const fastest = scrapeSec.size > 0 ? Math.min(...scrapeSec.values()) : null;
  const tq = trafficQuery(names, w.fromMs, w.toMs, selector, fastest);
  let queries = 1;
  let traffic: ReturnType<typeof parseTraffic> = [];
  let gridLength = 0;
  if (tq) {
    queries++;
    const res = await src.queryRange({
      id: 'topology.traffic',
      query: tq.query,
      fromMs: w.fromMs,
      toMs: w.toMs,
      stepSec: tq.stepSec,
    });
    warnings.push(...res.warnings);
    traffic = parseTraffic(res.series, w.fromMs, w.toMs, res.stepSec);
    gridLength = Math.floor((w.toMs - w.fromMs) / 1000 / res.stepSec) + 1;
  }
  const services = buildServices(rows, traffic, gridLength);
  const loads = buildLoads(traffic);
  attributeLoads(services, loads, warnings);
  return { fromMs: w.fromMs, toMs: w.toMs, rows, services, loads, warnings, queries, scrapeSec };
}

/**
 * The scrape interval that matters for a report on `instances`: the fastest of theirs, else
 * the fastest in the window, else null (unknown: the step falls back to 15 s).
 */
export function scrapeFor(topo: Topology, instances: readonly string[]): number | null {
  const own = instances.map((i) => topo.scrapeSec.get(i)).filter((s): s is number => s !== undefined);
  if (own.length > 0) return Math.min(...own);
  return topo.scrapeSec.size > 0 ? Math.min(...topo.scrapeSec.values()) : null;
}
