import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import type { CompareResult } from '../../../src/compare/compare.types.js';
import { renderCompareCharts } from '../../../src/compare/compare-charts.js';
import {
  compareStoredPair,
  compareStoredRuns,
  compareWithBaseline,
} from '../../../src/compare/load-and-compare.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { EngineContext } from '../../../src/pipeline/engine-context.js';
import { type ReportOutcome, runReport } from '../../../src/pipeline/report-engine.js';
import { stepProfile } from '../../../src/sim/presets.js';
import type { GroundTruth, Scenario } from '../../../src/sim/scenario.js';
import { simulate } from '../../../src/sim/simulate.js';
import { createPrometheusSource } from '../../../src/sources/prometheus-client.js';
import { openStore } from '../../../src/store/open-store.js';
import { openPgDb } from '../../../src/store/pg-db.js';
import { harnessBaseStartMs, layOutScenarios } from '../../harness/scenario-data.js';
import { type PrometheusServer, startPrometheus } from '../../harness/servers/prometheus.js';
import { makeTempDir, removeTempDir } from '../../harness/tmp.js';

/**
 * Pairs of simulated runs backfilled into their own Prometheus, reported by the real engine
 * into a real PostgreSQL store, then compared: a +35 % latency rerun must be a regression,
 * a rerun with other noise no change, through the API, the baseline and the CLI.
 */

const HOUR = 3_600_000;
const base = harnessBaseStartMs(Date.now(), 12);
const tag = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;

function scenario(name: string, seed: number, startMs: number, baseLatencyMs: number): Scenario {
  return {
    name,
    seed,
    startMs,
    scrapeIntervalSec: 15,
    profile: stepProfile([50, 100, 150, 200], 300, 60),
    capacityRps: 260,
    bottleneck: 'cpu',
    faults: [],
    // The load tool, the service and the host: enough for every key metric, small to backfill.
    families: ['k6', 'micrometer', 'node_exporter'],
    baseLatencyMs,
  };
}

const SCENARIOS = [
  scenario('cmp_a', 21, base, 40),
  scenario('cmp_b', 22, base + HOUR, 54),
  scenario('cmp_c', 23, base + 2 * HOUR, 40),
];

let prom: PrometheusServer;
let ctx: EngineContext;
let dbUrl: string;
const dbName = `compare_${tag}`;
const runs: Record<string, ReportOutcome> = {};
const truths: Record<string, GroundTruth> = {};

beforeAll(async () => {
  const dir = makeTempDir('compare');
  try {
    const data = await layOutScenarios(
      SCENARIOS.map((s) => simulate(s)),
      dir,
    );
    Object.assign(truths, data.truths);
    prom = await startPrometheus({
      openMetricsFiles: data.openMetricsFiles,
      readyQueries: data.readyQueries,
    });
  } finally {
    await removeTempDir(dir);
  }
  // A database of our own in the harness' PostgreSQL: the CLI opens it by DATABASE_URL.
  const admin = await openPgDb({ url: inject('pgUrl'), poolSize: 1 });
  await admin.exec(`CREATE DATABASE ${dbName}`);
  await admin.close();
  const url = new URL(inject('pgUrl'));
  url.pathname = `/${dbName}`;
  dbUrl = url.toString();
  ctx = {
    config: loadConfig({ env: { LOCALE: 'en', TZ: 'UTC', PROMETHEUS_URL: prom.url } }),
    store: await openStore({ databaseUrl: dbUrl, poolSize: 3 }),
    logger: silentLogger,
    clock: { now: () => Date.now() },
    sources: { prom: createPrometheusSource({ url: prom.url }) },
  };
  for (const s of SCENARIOS) {
    const t = truths[s.name]!;
    runs[s.name] = await runReport(ctx, {
      fromMs: t.startMs,
      toMs: t.endMs,
      service: 'orders',
      selector: `scenario="${s.name}"`,
      name: s.name,
      charts: false,
    });
  }
}, 240_000);

afterAll(async () => {
  await ctx?.store.close();
  await prom?.stop();
  const admin = await openPgDb({ url: inject('pgUrl'), poolSize: 1 });
  await admin.exec(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.close();
});

const id = (name: string) => runs[name]!.run.id;

describe('comparing runs reported from real Prometheus', () => {
  it('+35 % latency is a regression led by p95, plateau with plateau', async () => {
    const r = await compareStoredRuns(ctx.store, id('cmp_a'), id('cmp_b'));
    const detail = JSON.stringify(r.top.map((c) => c.text.en));
    expect(r.alignment.mode).toBe('steps');
    expect(r.alignment.segments.filter((s) => s.kind === 'step')).toHaveLength(4);
    expect(r.verdict, detail).toBe('regression');
    expect(
      r.top.some((c) => c.metric === 'p95' && c.direction === 'worse'),
      detail,
    ).toBe(true);
    const p95 = r.changes.find((c) => c.domain === 'http' && c.metric === 'p95' && c.segment === 'all')!;
    // Histogram buckets exaggerate the shift a little (quantiles interpolate within a bucket).
    expect(p95.deltaPct).toBeGreaterThan(20);
    expect(p95.direction).toBe('worse');
  });

  it('a rerun with other noise is no change', async () => {
    const r = await compareStoredRuns(ctx.store, id('cmp_a'), id('cmp_c'));
    expect(r.verdict, JSON.stringify(r.top.map((c) => c.text.en))).toBe('no_change');
    expect(r.keyTested).toBeGreaterThan(10);
  });

  it('the baseline comparison adds its line, and the overlays render', async () => {
    await ctx.store.setBaseline('orders', id('cmp_a'), 'tester');
    const r = await compareWithBaseline(ctx.store, runs.cmp_b!.run);
    expect(r?.verdict).toBe('regression');
    expect(r!.summary.en).toMatch(/^vs baseline cmp_a: regression: /);
    const pair = await compareStoredPair(ctx.store, id('cmp_a'), id('cmp_b'));
    const charts = await renderCompareCharts(pair.a, pair.b, pair.result, {
      locale: 'en',
      tz: 'UTC',
      width: 640,
      height: 320,
    });
    expect(charts.map((c) => c.id)).toEqual(expect.arrayContaining(['compare-http-p95', 'compare-load-rps']));
  });

  it('CLI: compare --json prints one object with the contract; an unknown id is one line and exit 1', async () => {
    let stdout = '';
    let stderr = '';
    const deps = {
      env: { DATABASE_URL: dbUrl, DATABASE_POOL_SIZE: '2', LOCALE: 'en', TZ: 'UTC' },
      stdout: (t: string) => {
        stdout += t;
      },
      stderr: (t: string) => {
        stderr += t;
      },
    };
    expect(await main(['compare', id('cmp_a'), id('cmp_b'), '--json'], deps)).toBe(0);
    expect(stderr).toBe('');
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const json = JSON.parse(stdout) as CompareResult;
    expect(json).toMatchObject({ a: id('cmp_a'), b: id('cmp_b'), verdict: 'regression' });
    for (const c of json.changes) {
      expect(c).toEqual(
        expect.objectContaining({
          domain: expect.any(String),
          metric: expect.any(String),
          series: expect.any(String),
          stat: expect.any(String),
          a: expect.any(Number),
          b: expect.any(Number),
          deltaPct: expect.any(Number),
          significant: expect.any(Boolean),
          direction: expect.stringMatching(/^(worse|better|same)$/),
        }),
      );
    }
    stdout = '';
    expect(await main(['compare', id('cmp_b'), '--baseline'], deps)).toBe(0);
    expect(stdout).toMatch(/Verdict: REGRESSION/);
    stdout = '';
    expect(await main(['compare', id('cmp_a'), 'missing-run'], deps)).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/run "missing-run" not found/);
  });
});
