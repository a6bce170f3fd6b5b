/**
 * Topology benchmark (issue 12): on a real Prometheus holding 20 simulated services
 * (`sharedServices`), what discovery plus per-service scoping costs against the discovery
 * reports used before (label-values API + `series` inspections):
 *  (a) round trips sent to Prometheus by each, counted by a wrapper around the source;
 *  (b) wall time of each, median of `runs`;
 *  (c) a whole report (no charts) for one service scoped by topology vs the same report
 *      narrowed by an explicit selector (the legacy path, no scoping).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/load-config.js';
import { silentLogger } from '../src/core/logger.js';
import { discover } from '../src/packs/discover.js';
import type { EngineContext } from '../src/pipeline/engine-context.js';
import { runReport } from '../src/pipeline/report-engine.js';
import { simulateShared } from '../src/sim/shared.js';
import { sharedServices } from '../src/sim/shared-presets.js';
import { createPrometheusSource } from '../src/sources/prometheus-client.js';
import type { PromSource } from '../src/sources/source.js';
import { openStore } from '../src/store/open-store.js';
import { discoverTopology } from '../src/topology/discover-topology.js';
import { resolveByName } from '../src/topology/resolve.js';
import { scopeService } from '../src/topology/scope.js';
import type { Topology } from '../src/topology/topology.types.js';
import { startPrometheus } from '../tests/harness/servers/prometheus.js';
import { spreadOf } from './spread.js';

export interface TopologyBench {
  services: number;
  /** Services the topology found with traffic (should be all of them). */
  servicesFound: number;
  /** Round trips of discovery + scoping now. */
  topologyQueries: number;
  /** Round trips of the label-values discovery used before. */
  legacyQueries: number;
  topologyMs: number;
  /** Of which the inventory query, the traffic query, and resolving + scoping in memory (medians). */
  inventoryMs: number;
  trafficMs: number;
  scopeMs: number;
  /** Rows of the inventory answer. */
  rows: number;
  legacyMs: number;
  /** A whole report (no charts) of one service scoped by topology. */
  scopedReportMs: number;
  scopedReportQueries: number;
  /** The same report narrowed by an explicit selector (no topology). */
  selectorReportMs: number;
  selectorReportQueries: number;
  service: string;
  runs: number;
  /** Every timing, ms, in run order (to see warm-up and noise on a shared machine). */
  samples: Record<string, number[]>;
}

const HOUR_MS = 3_600_000;
const BLOCK_MS = 2 * HOUR_MS;
const WINDOW_MIN = 40;

const median = (xs: number[]) => spreadOf(xs).median;

/** A source that counts what reaches Prometheus; `refuseInventory` fails the inventory query unsent. */
function counting(src: PromSource, opts: { refuseInventory?: boolean } = {}) {
  const counter = { n: 0, ms: new Map<string, number[]>() };
  const source: PromSource = {
    kind: src.kind,
    labelValues: (...a) => {
      counter.n++;
      return src.labelValues(...a);
    },
    series: (...a) => {
      counter.n++;
      return src.series(...a);
    },
    queryRange: (q) => {
      // The fallback of `discover` is the discovery reports used before the inventory query.
      if (opts.refuseInventory && q.id === 'topology.inventory')
        return Promise.reject(new Error('inventory refused (bench: legacy discovery)'));
      counter.n++;
      const t = performance.now();
      return src.queryRange(q).finally(() => {
        const id = q.id ?? '?';
        counter.ms.set(id, [...(counter.ms.get(id) ?? []), performance.now() - t]);
      });
    },
  };
  return { source, counter };
}

/** Runs the benchmark; `runs` timings per figure. */
export async function benchTopology(opts: { services?: number; runs?: number } = {}): Promise<TopologyBench> {
  const n = opts.services ?? 20;
  const runs = opts.runs ?? 10;
  // A 2-hour TSDB block well behind the head, so promtool can backfill it.
  const startMs = Math.floor(Date.now() / BLOCK_MS) * BLOCK_MS - 6 * HOUR_MS;
  const spec = sharedServices(n, startMs, WINDOW_MIN);
  const w = { fromMs: startMs, toMs: startMs + WINDOW_MIN * 60_000 };
  const work = mkdtempSync(join(tmpdir(), 'loadlens-bench-topo-'));
  const file = join(work, 'bench.om');
  writeFileSync(file, simulateShared(spec).openMetrics);
  const prom = await startPrometheus({
    openMetricsFiles: [file],
    readyQueries: [
      { query: `count({scenario="${spec.tenant}"})`, timeSec: Math.round((w.fromMs + w.toMs) / 2000) },
    ],
  });
  const store = await openStore({ dataDir: join(work, 'pglite') });
  try {
    const live = createPrometheusSource({ url: prom.url });
    const service = spec.services[0]!.app;

    const topology = async (src: PromSource) => {
      const topo = await discoverTopology(src, w);
      const plan = scopeOnly(topo);
      if (plan.packs.length === 0) throw new Error(`no pack scoped to ${service}`);
      return topo;
    };
    const scopeOnly = (topo: Topology) => {
      const choice = resolveByName(topo, service);
      return scopeService(topo, choice.service, { sole: choice.sole });
    };
    const legacy = async (src: PromSource) => {
      const d = await discover(src, w);
      if (d.detected.length === 0) throw new Error('legacy discovery found no pack');
    };
    const timed = async (fn: () => Promise<unknown>) => {
      const t = performance.now();
      await fn();
      return performance.now() - t;
    };

    // (a) round trips, counted once (both are deterministic in the number of queries).
    const now = counting(live);
    const topo = await topology(now.source);
    const before = counting(live, { refuseInventory: true });
    await legacy(before.source);

    // (b) wall time, interleaved so drift hits both alike.
    const tTopo: number[] = [];
    const tLegacy: number[] = [];
    const refused = counting(live, { refuseInventory: true }).source;
    const split = counting(live);
    for (let i = 0; i < runs; i++) {
      tTopo.push(await timed(() => topology(split.source)));
      tLegacy.push(await timed(() => legacy(refused)));
    }

    const tScope: number[] = [];
    for (let i = 0; i < runs; i++) tScope.push(await timed(async () => scopeOnly(topo)));

    // (c) the whole report, scoped by topology vs narrowed by an explicit selector.
    const config = loadConfig({ env: { PROMETHEUS_URL: prom.url } });
    const ctxOf = (src: PromSource): EngineContext => ({
      config,
      store,
      logger: silentLogger,
      clock: { now: () => Date.now() },
      sources: { prom: src },
    });
    // Two matchers, so the selector does not name a service and the report takes the legacy path.
    const selector = `scenario="${spec.tenant}",application="${service}"`;
    const scopedReq = { ...w, service, charts: false };
    const selectorReq = { ...w, selector, charts: false };
    const scopedCount = counting(live);
    const scopedOut = await runReport(ctxOf(scopedCount.source), scopedReq);
    if (scopedOut.report.scope?.service !== service) throw new Error('scoped report lost its scope');
    const selectorCount = counting(live);
    const selectorOut = await runReport(ctxOf(selectorCount.source), selectorReq);
    if (selectorOut.report.scope) throw new Error('selector report was scoped: not the legacy path');
    const tScoped: number[] = [];
    const tSelector: number[] = [];
    const ctx = ctxOf(live);
    for (let i = 0; i < runs; i++) {
      tScoped.push(await timed(() => runReport(ctx, scopedReq)));
      tSelector.push(await timed(() => runReport(ctx, selectorReq)));
    }

    return {
      services: n,
      servicesFound: topo.services.length,
      topologyQueries: now.counter.n,
      legacyQueries: before.counter.n,
      topologyMs: median(tTopo),
      inventoryMs: median(split.counter.ms.get('topology.inventory') ?? []),
      trafficMs: median(split.counter.ms.get('topology.traffic') ?? []),
      scopeMs: median(tScope),
      rows: topo.rows.length,
      legacyMs: median(tLegacy),
      scopedReportMs: median(tScoped),
      scopedReportQueries: scopedCount.counter.n,
      selectorReportMs: median(tSelector),
      selectorReportQueries: selectorCount.counter.n,
      service,
      runs,
      samples: {
        topology: tTopo,
        inventory: split.counter.ms.get('topology.inventory') ?? [],
        traffic: split.counter.ms.get('topology.traffic') ?? [],
        legacy: tLegacy,
        scopedReport: tScoped,
        selectorReport: tSelector,
      },
    };
  } finally {
    await store.close();
    await prom.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
