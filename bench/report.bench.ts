/**
 * Benchmarks (a) and (c) of the report engine, on a real Prometheus holding a one-hour
 * simulated step test with every domain present:
 *  (a) the whole report against a bare client that sends the same HTTP queries concurrently;
 *  (c) resident memory after 100 reports.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/load-config.js';
import { silentLogger } from '../src/core/logger.js';
import type { EngineContext } from '../src/pipeline/engine-context.js';
import { runReport } from '../src/pipeline/report-engine.js';
import { scenarioByName } from '../src/sim/presets.js';
import type { GroundTruth } from '../src/sim/scenario.js';
import { simulate } from '../src/sim/simulate.js';
import { createPrometheusSource } from '../src/sources/prometheus-client.js';
import { recordPromSource } from '../src/sources/recording.js';
import { openStore } from '../src/store/open-store.js';
import { harnessBaseStartMs, layOutScenarios } from '../tests/harness/scenario-data.js';
import { type PrometheusServer, startPrometheus } from '../tests/harness/servers/prometheus.js';
import { type Spread, spreadOf } from './spread.js';

export interface ReportBench {
  reportMs: number;
  reportNoChartsMs: number;
  bareClientMs: number;
  ratio: number;
  ratioNoCharts: number;
  queries: number;
  rssBeforeMiB: number;
  rssAfterMiB: number;
  rssGrowthPct: number;
  reportsForMemory: number;
  /** The medians above with their min–max over the runs; ratios run by run. */
  spread: {
    report: Spread;
    reportNoCharts: Spread;
    bareClient: Spread;
    ratio: Spread;
    ratioNoCharts: Spread;
  };
}

/** Starts Prometheus with one backfilled step test; returns it with the scenario's truth. */
export async function startBenchPrometheus(
  work: string,
): Promise<{ prom: PrometheusServer; truth: GroundTruth }> {
  const scenario = scenarioByName('step_db_pool', harnessBaseStartMs(Date.now()));
  const data = await layOutScenarios(
    (async function* () {
      yield simulate(scenario);
    })(),
    work,
  );
  const prom = await startPrometheus({
    openMetricsFiles: data.openMetricsFiles,
    readyQueries: data.readyQueries,
  });
  const truth = data.truths[scenario.name];
  if (!truth) throw new Error('scenario truth missing');
  return { prom, truth };
}

/** Sends the recorded calls as plain concurrent HTTP requests: the floor any client must pay. */
async function bareClient(
  url: string,
  calls: ReturnType<ReturnType<typeof recordPromSource>['recording']>['prom'],
) {
  await Promise.all(
    calls.map(async (c) => {
      const body = new URLSearchParams();
      let path: string;
      if (c.method === 'queryRange') {
        path = '/api/v1/query_range';
        body.set('query', c.args.query);
        body.set('start', String(c.args.fromMs / 1000));
        body.set('end', String(c.args.toMs / 1000));
        body.set('step', String(c.args.stepSec));
      } else if (c.method === 'labelValues') {
        path = `/api/v1/label/${c.args.label}/values`;
        body.set('start', String(c.args.fromMs / 1000));
        body.set('end', String(c.args.toMs / 1000));
        for (const m of c.args.matchers) body.append('match[]', m);
      } else {
        path = '/api/v1/series';
        body.set('start', String(c.args.fromMs / 1000));
        body.set('end', String(c.args.toMs / 1000));
        for (const m of c.args.matchers) body.append('match[]', m);
      }
      // Prometheus serves label values on GET only.
      const res =
        c.method === 'labelValues'
          ? await fetch(`${url}${path}?${body}`)
          : await fetch(url + path, { method: 'POST', body });
      await res.json();
    }),
  );
}

/** Runs benchmarks (a) and (c). */
export async function benchReport(
  opts: { runs?: number; memoryReports?: number } = {},
): Promise<ReportBench> {
  const runs = opts.runs ?? 15;
  const memoryReports = opts.memoryReports ?? 100;
  const work = mkdtempSync(join(tmpdir(), 'loadlens-bench-'));
  const { prom, truth } = await startBenchPrometheus(work);
  const store = await openStore({ dataDir: join(work, 'pglite') });
  try {
    const config = loadConfig({ env: { PROMETHEUS_URL: prom.url } });
    const source = createPrometheusSource({ url: prom.url });
    const ctx: EngineContext = {
      config,
      store,
      logger: silentLogger,
      clock: { now: () => Date.now() },
      sources: { prom: source },
    };
    const req = { fromMs: truth.startMs, toMs: truth.endMs };
    const rec = recordPromSource(source);
    await runReport({ ...ctx, sources: { prom: rec.source } }, { ...req, charts: false });
    const calls = rec.recording().prom;

    const timed = async (fn: () => Promise<unknown>) => {
      const t = performance.now();
      await fn();
      return performance.now() - t;
    };
    const bare: number[] = [];
    const full: number[] = [];
    const noCharts: number[] = [];
    for (let i = 0; i < runs; i++) {
      bare.push(await timed(() => bareClient(prom.url, calls)));
      full.push(await timed(() => runReport(ctx, req)));
      noCharts.push(await timed(() => runReport(ctx, { ...req, charts: false })));
    }
    const gc = (globalThis as { gc?: () => void }).gc;
    for (let i = 0; i < 10; i++) await runReport(ctx, req);
    gc?.();
    const rssBefore = process.memoryUsage().rss;
    for (let i = 0; i < memoryReports; i++) await runReport(ctx, req);
    gc?.();
    const rssAfter = process.memoryUsage().rss;
    const spread = {
      report: spreadOf(full),
      reportNoCharts: spreadOf(noCharts),
      bareClient: spreadOf(bare),
      ratio: spreadOf(full.map((f, i) => f / bare[i]!)),
      ratioNoCharts: spreadOf(noCharts.map((f, i) => f / bare[i]!)),
    };
    const reportMs = spread.report.median;
    const reportNoChartsMs = spread.reportNoCharts.median;
    const bareClientMs = spread.bareClient.median;
    return {
      reportMs,
      reportNoChartsMs,
      bareClientMs,
      ratio: reportMs / bareClientMs,
      ratioNoCharts: reportNoChartsMs / bareClientMs,
      queries: calls.length,
      rssBeforeMiB: rssBefore / 2 ** 20,
      rssAfterMiB: rssAfter / 2 ** 20,
      rssGrowthPct: ((rssAfter - rssBefore) / rssBefore) * 100,
      reportsForMemory: memoryReports,
      spread,
    };
  } finally {
    await store.close();
    await prom.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
