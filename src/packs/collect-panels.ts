import type { DomainId, ServiceConfig } from '../config/file.schema.js';
import { DOMAIN_IDS } from '../config/file.schema.js';
import { isLoadLensError } from '../core/errors.js';
import { type Logger, silentLogger } from '../core/logger.js';
import type { PanelData } from '../sources/series.js';
import type { InfluxSource, PromSource } from '../sources/source.js';
import { chooseStep, defaultStep } from '../sources/step.js';
import { scrapeIntervals } from '../topology/inventory-query.js';
import type { ScopedPack } from '../topology/scope.js';
import type { InventoryRow } from '../topology/topology.types.js';
import { type Discovery, discoverFromRowsOrSource, discoverInflux } from './discover.js';
import { domainFailures, panelReason } from './failures.js';
import { primaryPacks, selectQueries } from './registry.js';
import type { PanelRunContext } from './run-panel.js';
import { runPanels } from './run-panels.js';
import { normaliseSelector, rateWindow } from './selector.js';
import type { Pack, PackContext } from './types.js';
import { mergeUserQueries, userPanelQueries } from './user-queries.js';

/** What to fetch. */
export interface CollectOptions {
  prom?: PromSource;
  influx?: InfluxSource;
  fromMs: number;
  toMs: number;
  /** Query step; default `chooseStep` from the scrape interval (15 s for an hour at 15 s scrapes). */
  stepSec?: number;
  /** Scrape interval of the data in seconds, when known (topology); else read from discovery's `up` rows. */
  scrapeSec?: number | null;
  /** PromQL matchers without braces; default the service's selector. */
  selector?: string;
  service?: ServiceConfig;
  /**
   * The Prometheus packs to run, each with its own selector (a report scoped to one service
   * on a shared Prometheus, see `src/topology/scope.ts`). Replaces discovery.
   */
  plan?: readonly ScopedPack[];
  /** Inventory rows already read for the window (topology), so discovery is not repeated. */
  rows?: readonly InventoryRow[];
  logger?: Logger;
  /** Wall clock (epoch ms) stamped on failed panels; default `Date.now`. */
  now?: () => number;
  /** Why the window's inventory query already timed out: discovery goes to the label-values API. */
  inventoryTimedOut?: string;
}

/** Everything the analysis needs from the fetch. */
export interface CollectResult {
  panels: PanelData[];
  /** Domains with no usable data because their source or every query failed, and why. */
  failures: Partial<Record<DomainId, string>>;
  /** Detected packs per domain, the primary (used) one first. */
  packs: Partial<Record<DomainId, string[]>>;
  warnings: string[];
  /** Range queries sent. */
  queries: number;
  /** The step the queries asked for, in seconds. */
  stepSec: number;
}

const NO_SOURCE =
  'no metric source configured: set PROMETHEUS_URL (or GRAFANA_URL with GRAFANA_TOKEN and GRAFANA_DATASOURCE_UID) or INFLUX_URL';

const SOURCE_NAMES: Record<string, string> = {
  prometheus: 'Prometheus',
  grafana: 'Grafana',
  replay: 'the recording',
  influx1: 'InfluxDB',
  influx2: 'InfluxDB',
};

/** A source-level failure phrased for users, naming the source unless the message does. */
function sourceFailure(kind: string, err: unknown, selector: string): string {
  const name = SOURCE_NAMES[kind] ?? kind;
  const msg = err instanceof Error ? err.message : String(err);
  if (
    isLoadLensError(err, 'SOURCE_QUERY_ERROR') &&
    selector !== '' &&
    kind !== 'influx1' &&
    kind !== 'influx2'
  ) {
    return `${name} rejected the selector {${selector}}: ${msg}`;
  }
  return msg.toLowerCase().includes(name.toLowerCase()) ? msg : `${name}: ${msg}`;
}

/** Moves the primary pack of each domain to the front of its detected list. */
function orderPacks(
  detected: Partial<Record<DomainId, string[]>>,
  primary: Partial<Record<DomainId, string>>,
): Partial<Record<DomainId, string[]>> {
  const out: Partial<Record<DomainId, string[]>> = {};
  for (const d of DOMAIN_IDS) {
    const ids = detected[d];
    if (!ids) continue;
    const p = primary[d];
    out[d] = p && ids.includes(p) ? [p, ...ids.filter((i) => i !== p)] : [...ids];
  }
  return out;
}

/**
 * Fetches every panel for a window with no configuration: discovers the metric families
 * present (Prometheus names under the selector, InfluxDB measurements), picks the packs
 * per domain, merges the service's own queries and runs all queries concurrently (the
 * sources bound their concurrency). Nothing here throws for a source problem: a failed
 * query marks its panel, and a domain left without any usable panel gets a reason.
 */
export async function collectPanels(opts: CollectOptions): Promise<CollectResult> {
  const log = opts.logger ?? silentLogger;
  const { prom, influx, fromMs, toMs } = opts;
  const selector = normaliseSelector(opts.selector ?? opts.service?.selector);
  const user = userPanelQueries(opts.service);
  const warnings = [...user.warnings];

  if (!prom && !influx) {
    const failures: Partial<Record<DomainId, string>> = {};
    for (const d of DOMAIN_IDS) failures[d] = NO_SOURCE;
    return {
      panels: [],
      failures,
      packs: {},
      warnings,
      queries: 0,
      stepSec: opts.stepSec ?? defaultStep(fromMs, toMs),
    };
  }

  let promDown: string | undefined;
  let influxDown: string | undefined;
  const [promDisc, influxDisc] = await Promise.all([
    prom
      ? discoverFromRowsOrSource(prom, { fromMs, toMs }, selector, opts.plan, opts.rows, {
          inventoryTimedOut: opts.inventoryTimedOut,
        }).catch((err: unknown) => {
          promDown = sourceFailure(prom.kind, err, selector);
          return undefined;
        })
      : undefined,
    influx
      ? discoverInflux(influx).catch((err: unknown) => {
          influxDown = sourceFailure(influx.kind, err, selector);
          return undefined;
        })
      : undefined,
  ]);
  for (const d of [promDisc, influxDisc]) if (d) warnings.push(...d.warnings);

  // The step follows the data's scrape interval (a few hundred to a few thousand points per
  // series), and rate windows span four scrapes, so short load steps keep their shape.
  const scrapeSec =
    opts.scrapeSec !== undefined
      ? opts.scrapeSec
      : opts.rows
        ? fastestScrape(opts.rows, fromMs, toMs)
        : (promDisc?.scrapeSec ?? null);
  const stepSec = opts.stepSec ?? chooseStep({ fromMs, toMs, scrapeSec });
  const rw = rateWindow(stepSec, scrapeSec);
  const discoveries = new Map<Pack['source'], Discovery | undefined>([
    ['prom', promDisc],
    ['influx', influxDisc],
  ]);
  const scoped = new Map(opts.plan?.map((p) => [p.pack, p]));
  const ctxFor = (pack: Pack): PackContext => {
    const d = discoveries.get(pack.source);
    const own = scoped.get(pack);
    if (own) {
      return { selector: own.selector, rateWindow: rw, names: own.names, labelsOf: own.labelsOf };
    }
    return {
      selector,
      rateWindow: rw,
      names: d?.names,
      labelsOf: d?.labelsOf,
      influxApplication: opts.service?.influxApplication,
    };
  };
  const detected = [...(promDisc?.detected ?? []), ...(influxDisc?.detected ?? [])];
  let builtIn = selectQueries(detected, ctxFor);
  if (influx?.kind === 'influx2' && builtIn.some((q) => q.influxql && !q.flux && !q.promql)) {
    // The built-in load-tool packs speak InfluxQL; a 2.x bucket needs the user's Flux.
    builtIn = builtIn.filter((q) => !(q.influxql && !q.flux && !q.promql));
    warnings.push(
      'InfluxDB 2.x: built-in load-tool queries are InfluxQL only; add Flux queries to the service',
    );
  }
  const plan = mergeUserQueries(builtIn, user.queries);
  const packs = orderPacks(
    { ...promDisc?.packs, load: [...(promDisc?.packs.load ?? []), ...(influxDisc?.packs.load ?? [])] },
    primaryPacks(builtIn),
  );
  if (packs.load?.length === 0) delete packs.load;
  log.debug('packs detected', { packs, queries: plan.length, stepSec, selector });

  const rc: PanelRunContext = {
    prom,
    influx,
    promDown,
    influxDown,
    fromMs,
    toMs,
    stepSec,
    rateWindow: rw,
    selector,
    now: opts.now,
  };
  const runs = await runPanels(plan, rc);
  const panels = runs.map((r) => r.data);
  for (const r of runs) warnings.push(...r.warnings);
  for (const p of panels) {
    if (p.error && p.pack === 'user') warnings.push(panelReason(p));
  }

  const failures = domainFailures(panels, {
    promDown,
    influxDown,
    hasProm: prom !== undefined,
    hasInflux: influx !== undefined,
  });
  for (const [domain, reason] of Object.entries(failures))
    log.warn('domain without data', { domain, reason });
  return {
    panels,
    failures,
    packs,
    warnings: [...new Set(warnings)],
    queries: runs.filter((r) => r.sent).length,
    stepSec,
  };
}

function fastestScrape(
  rows: Parameters<typeof scrapeIntervals>[0],
  fromMs: number,
  toMs: number,
): number | null {
  const m = scrapeIntervals(rows, fromMs, toMs);
  return m.size > 0 ? Math.min(...m.values()) : null;
}
