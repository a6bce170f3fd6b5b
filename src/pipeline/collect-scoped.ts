import type { DomainId } from '../config/file.schema.js';
import type { Logger } from '../core/logger.js';
import { type CollectResult, collectPanels } from '../packs/collect-panels.js';
import type { InfluxSource, PromSource } from '../sources/source.js';
import { planScope, type ScopeDecision } from './plan-scope.js';
import type { ResolvedService } from './resolve-service.js';

/** What a report fetched, with the scope it was fetched under. */
export interface ScopedCollection {
  decided: ScopeDecision;
  collected: CollectResult;
  /** Scope and catalogue warnings, for the report's notes. */
  warnings: string[];
}

/**
 * Fetch for one report: decide its scope on the window's topology (`planScope`), then run
 * the scoped packs. The report engine and `loadlens record` share it, so a recording holds
 * exactly the queries a replay will ask.
 */
export async function collectScoped(args: {
  prom?: PromSource;
  influx?: InfluxSource;
  fromMs: number;
  toMs: number;
  service: ResolvedService;
  alertLabels?: Record<string, string>;
  logger: Logger;
}): Promise<ScopedCollection> {
  const { service, logger } = args;
  const decided = await planScope({
    prom: args.prom,
    fromMs: args.fromMs,
    toMs: args.toMs,
    service: service.name,
    selector: service.selector,
    config: service.config,
    alertLabels: args.alertLabels,
    logger,
  });
  const collected = await collectPanels({
    prom: args.prom,
    influx: args.influx,
    fromMs: args.fromMs,
    toMs: args.toMs,
    selector: decided.selector,
    service: service.config,
    plan: decided.plan,
    rows: decided.rows,
    scrapeSec: decided.scrapeSec,
    inventoryTimedOut: decided.inventoryTimedOut,
    logger,
  });
  const warnings = [...decided.warnings];
  // A catalogue selector that matched nothing is a warning naming the domain and the
  // selector, never a silent gap.
  for (const [domain, sel] of Object.entries(service.config?.selectors ?? {})) {
    if (collected.failures[domain as DomainId]) {
      warnings.push(`the catalogue selector {${sel}} for ${domain} matched nothing in the window`);
    }
  }
  return { decided, collected, warnings };
}
