import type { DomainId, ServiceConfig } from '../config/file.schema.js';
import { isLoadLensError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { normaliseSelector } from '../packs/selector.js';
import type { PromSource } from '../sources/source.js';
import { discoverTopology, scrapeFor } from '../topology/discover-topology.js';
import { SERVICE_LABELS } from '../topology/families.js';
import { type Choice, chooseUnscoped, resolveByAlertLabels, resolveByName } from '../topology/resolve.js';
import { type ScopedPack, scopeService } from '../topology/scope.js';
import type { InventoryRow, ReportScope, Topology } from '../topology/topology.types.js';

/** What the fetch should run for a report, after looking at the window's topology. */
export interface ScopeDecision {
  /** The service the report is about (the request's, or the one chosen for an unscoped report). */
  service: string | null;
  /** Matchers every query gets (a tenant filter such as `scenario="x"`; empty when scoped by service). */
  selector: string;
  plan?: ScopedPack[];
  rows?: InventoryRow[];
  /** Scrape interval of the service's targets (seconds), when the window's `up` told it. */
  scrapeSec?: number | null;
  scope: ReportScope | null;
  warnings: string[];
  topology?: Topology;
  /** The inventory query timed out (its message): discovery must not send it again at the same cost. */
  inventoryTimedOut?: string;
}

/** A selector that is exactly one `label="value"` on a service label names a service. */
export function serviceOfSelector(selector: string): { label: string; value: string } | undefined {
  const m = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"([^"\\]*)"\s*$/.exec(normaliseSelector(selector));
  if (!m || !(SERVICE_LABELS as readonly string[]).includes(m[1]!)) return undefined;
  return { label: m[1]!, value: m[2]! };
}

/**
 * Decides the scope of a report on a Prometheus that may hold many services: resolves a
 * named service (or a selector that only names one) in the window's topology and scopes
 * every domain to it; with no name and no selector, picks the only busy service or refuses
 * to mix several (SERVICE_AMBIGUOUS). A plain selector with no service keeps the old
 * behaviour (it narrows every query). A source that cannot answer the topology queries
 * keeps the old behaviour too, with a warning.
 */
export async function planScope(args: {
  prom?: PromSource;
  fromMs: number;
  toMs: number;
  service: string | null;
  selector: string;
  config?: ServiceConfig;
  alertLabels?: Record<string, string>;
  logger: Logger;
}): Promise<ScopeDecision> {
  const { prom, fromMs, toMs } = args;
  const pinned = serviceOfSelector(args.selector);
  const base = pinned ? '' : normaliseSelector(args.selector);
  const name = args.service ?? pinned?.value ?? null;
  const legacy: ScopeDecision = { service: args.service, selector: args.selector, scope: null, warnings: [] };
  if (!prom) return legacy;
  if (!name && base !== '' && !args.alertLabels) return legacy;
  let topo: Topology;
  try {
    topo = await discoverTopology(prom, { fromMs, toMs }, base);
  } catch (err) {
    args.logger.warn('topology discovery failed; report not scoped', { err });
    const warnings = [`could not read the services in the window: ${(err as Error).message}`];
    // `query "topology.inventory"` is how the source names that query in its errors.
    if (isLoadLensError(err, 'SOURCE_TIMEOUT') && err.message.includes('"topology.inventory"')) {
      return { ...legacy, warnings, inventoryTimedOut: err.message };
    }
    return { ...legacy, warnings };
  }
  // No rows at all (an empty window, or a proxy that drops labels): nothing to scope by.
  if (topo.rows.length === 0) return legacy;
  let choice: Choice | undefined;
  try {
    choice = name ? resolveByName(topo, name) : chooseUnscoped(topo);
  } catch (err) {
    if (args.config && isLoadLensError(err, 'UNKNOWN_SERVICE')) {
      // A catalogue entry whose name the metrics do not use (`checkout` selecting
      // `scenario="x"`): its selector decides, and within it the one busy service, if any.
      return catalogueFallback(topo, legacy, base, args.config);
    }
    if (!args.alertLabels) throw err;
    choice = resolveByAlertLabels(topo, args.alertLabels);
    // An alert is never dropped: with no service of its own it gets the report its labels select.
    if (!choice)
      return { ...legacy, warnings: [`${(err as Error).message}; the report is not scoped to a service`] };
  }
  if (!choice) return { ...legacy, topology: topo, rows: topo.rows, warnings: topo.warnings };
  const overrides = (args.config?.selectors ?? {}) as Partial<Record<DomainId, string>>;
  const planned = scopeService(topo, choice.service, { sole: choice.sole, base, overrides });
  const scope = { ...planned.scope, reasons: [...choice.reasons, ...planned.scope.reasons] };
  return {
    service: args.service ?? choice.service.name,
    selector: base,
    plan: planned.packs,
    rows: topo.rows,
    scrapeSec: scrapeFor(topo, choice.service.instances),
    scope,
    warnings: topo.warnings,
    topology: topo,
  };
}

/** Whether an error is the refusal to mix several services in one report. */
export function isAmbiguous(err: unknown): boolean {
  return isLoadLensError(err, 'SERVICE_AMBIGUOUS');
}

/** Scope for a catalogue service not found by name: the one service under its selector, else its selector alone. */
function catalogueFallback(
  topo: Topology,
  legacy: ScopeDecision,
  base: string,
  config: ServiceConfig,
): ScopeDecision {
  let choice: Choice | undefined;
  try {
    choice = chooseUnscoped(topo);
  } catch {
    choice = undefined;
  }
  if (!choice) return { ...legacy, topology: topo, warnings: topo.warnings };
  const overrides = (config.selectors ?? {}) as Partial<Record<DomainId, string>>;
  const planned = scopeService(topo, choice.service, { sole: choice.sole, base, overrides });
  return {
    service: legacy.service,
    selector: base,
    plan: planned.packs,
    rows: topo.rows,
    scrapeSec: scrapeFor(topo, choice.service.instances),
    scope: { ...planned.scope, reasons: [...choice.reasons, ...planned.scope.reasons] },
    warnings: topo.warnings,
    topology: topo,
  };
}
