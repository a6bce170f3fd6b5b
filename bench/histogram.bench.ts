/**
 * Histogram benchmark (issue 15, item 1): on a real Prometheus holding the demo's step test
 * (Micrometer histogram, several routes), the old four `histogram_quantile` queries (p50,
 * p95, p99, p95 by route — sent together, as a report sends them) against the one bucket
 * fetch per histogram plus the client-side quantiles. Medians of several alternating runs
 * with their min–max. Prometheus CPU is approximated by the same queries sent one at a time.
 *
 * Run alone with `npx tsx bench/histogram.bench.ts [runs] [hours | 1h | 6h | 24h]` (a size with `h` uses
 * the cached scaling dataset of `bench/scale`) or `npm run bench histogram`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deriveFromBuckets } from '../src/packs/histogram-derive.js';
import { micrometerHttpPack } from '../src/packs/packs/http-micrometer.js';
import type { PanelQuery } from '../src/packs/types.js';
import { scenarioByName } from '../src/sim/presets.js';
import { simulate } from '../src/sim/simulate.js';
import { createPrometheusSource } from '../src/sources/prometheus-client.js';
import type { PromSource } from '../src/sources/source.js';
import { chooseStep } from '../src/sources/step.js';
import { harnessBaseStartMs, layOutScenarios } from '../tests/harness/scenario-data.js';
import { startPrometheus } from '../tests/harness/servers/prometheus.js';
import { ensureDataset } from './scale/dataset.js';
import { SCALE_APP, SCALE_SCRAPE_SEC, SCALE_SIZES } from './scale/fleet.js';
import { fmtSpread, type Spread, spreadOf } from './spread.js';

export interface HistogramBench {
  /** Range queries per report for the latency panels: before (one per panel) and after. */
  queriesBefore: number;
  queriesAfter: number;
  /** Wall time of the latency panels with the queries sent together, as a report does. */
  beforeConcurrentMs: Spread;
  afterConcurrentMs: Spread;
  /** Sum of the same queries sent one at a time (a proxy for Prometheus' CPU). */
  beforeSequentialMs: Spread;
  afterSequentialMs: Spread;
  /** The client-side part of "after": four panels computed from the fetched buckets. */
  deriveMs: Spread;
  bucketSeries: number;
  points: number;
}

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await f();
  return [r, performance.now() - t0];
}

/** The before/after rounds against one Prometheus over one window of one application. */
async function measure(
  src: PromSource,
  w: { fromMs: number; toMs: number; stepSec: number },
  application: string,
  runs: number,
): Promise<HistogramBench> {
  const latency = micrometerHttpPack
    .queries({ selector: `application="${application}"`, rateWindow: '1m' })
    .filter(
      (q): q is PanelQuery & { buckets: NonNullable<PanelQuery['buckets']> } => q.buckets !== undefined,
    );
  const fetch = latency[0]?.promql;
  if (!fetch || latency.some((q) => q.promql !== fetch || !q.buckets.shows)) {
    throw new Error('the Micrometer pack no longer shares one bucket fetch');
  }
  const old = latency.map((q) => ({ id: `${q.domain}.${q.panel}`, query: q.buckets.shows! }));
  const ask = (query: string, id: string) => src.queryRange({ query, id, ...w });
  const before = () => Promise.all(old.map((o) => ask(o.query, o.id)));
  const derive = (series: Awaited<ReturnType<typeof ask>>['series']) =>
    latency.map((q) => deriveFromBuckets(series, q.buckets));
  const after = async () => {
    const r = await ask(fetch, 'http.latency_buckets');
    const [, ms] = await timed(async () => derive(r.series));
    return { r, deriveMs: ms };
  };
  // Warm the page cache and the query engine once.
  await before();
  const warm = await after();
  const out = {
    bc: [] as number[],
    ac: [] as number[],
    bs: [] as number[],
    as: [] as number[],
    d: [] as number[],
  };
  for (let i = 0; i < runs; i++) {
    out.bc.push((await timed(before))[1]);
    const [a, ams] = await timed(after);
    out.ac.push(ams);
    out.d.push(a.deriveMs);
    let seq = 0;
    for (const o of old) seq += (await timed(() => ask(o.query, o.id)))[1];
    out.bs.push(seq);
    out.as.push((await timed(after))[1]);
  }
  return {
    queriesBefore: old.length,
    queriesAfter: 1,
    beforeConcurrentMs: spreadOf(out.bc),
    afterConcurrentMs: spreadOf(out.ac),
    beforeSequentialMs: spreadOf(out.bs),
    afterSequentialMs: spreadOf(out.as),
    deriveMs: spreadOf(out.d),
    bucketSeries: warm.r.series.length,
    points: warm.r.series.reduce((n, s) => n + s.t.length, 0),
  };
}

/**
 * Runs the benchmark on a throwaway Prometheus holding `hours` back-to-back one-hour step
 * tests of one application (few routes and instances); `runs` alternating rounds.
 */
export async function benchHistogram(runs = 7, hours = 1): Promise<HistogramBench & { dataset: string }> {
  const work = mkdtempSync(join(tmpdir(), 'loadlens-hist-bench-'));
  const base = { ...scenarioByName('step_db_pool', harnessBaseStartMs(Date.now())), seed: 20261120 };
  const scenarios = Array.from({ length: hours }, (_, i) => ({
    ...base,
    name: `hist_bench_${i}`,
    startMs: base.startMs + i * 3600_000,
    seed: base.seed + i,
  }));
  const data = await layOutScenarios(
    (async function* () {
      for (const s of scenarios) yield simulate(s);
    })(),
    work,
  );
  const prom = await startPrometheus({
    openMetricsFiles: data.openMetricsFiles,
    readyQueries: data.readyQueries,
  });
  try {
    const first = data.truths[scenarios[0]!.name];
    const last = data.truths[scenarios[scenarios.length - 1]!.name];
    if (!first || !last) throw new Error('no truth for the bench scenarios');
    const src = createPrometheusSource({ url: prom.url, timeoutMs: 120_000 });
    const w = { fromMs: first.startMs, toMs: last.endMs, stepSec: 15 };
    const r = await measure(src, w, base.application ?? 'orders', runs);
    return { dataset: `${hours} h demo step tests`, ...r };
  } finally {
    await prom.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The same on a scaling dataset (`bench/scale`: dozens of routes on 10–15 instances), at the
 * step a report would use for its window; the dataset is generated once and cached.
 */
export async function benchHistogramScale(
  sizeName: string,
  runs = 5,
): Promise<HistogramBench & { dataset: string }> {
  const size = SCALE_SIZES.find((s) => s.name === sizeName);
  if (!size)
    throw new Error(`unknown scale size ${sizeName}; known: ${SCALE_SIZES.map((s) => s.name).join(', ')}`);
  const ds = await ensureDataset(size);
  const prom = await startPrometheus({ blocksFrom: ds.blocksDir, readyQueries: [ds.readyQuery] });
  try {
    const src = createPrometheusSource({ url: prom.url, timeoutMs: 120_000 });
    const stepSec = chooseStep({ fromMs: ds.fromMs, toMs: ds.toMs, scrapeSec: SCALE_SCRAPE_SEC });
    const r = await measure(src, { fromMs: ds.fromMs, toMs: ds.toMs, stepSec }, SCALE_APP, runs);
    return {
      dataset: `scale ${size.name} (${size.routes} routes × ${size.instances} instances, step ${stepSec} s)`,
      ...r,
    };
  } finally {
    await prom.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const what = process.argv[3] ?? '1';
  const r = /h$/.test(what)
    ? await benchHistogramScale(what, Number(process.argv[2] ?? 5))
    : await benchHistogram(Number(process.argv[2] ?? 7), Number(what));
  process.stderr.write(
    `histogram, ${r.dataset}: ${r.queriesBefore} → ${r.queriesAfter} range queries; together ${fmtSpread(r.beforeConcurrentMs)} → ${fmtSpread(r.afterConcurrentMs)}; one at a time ${fmtSpread(r.beforeSequentialMs)} → ${fmtSpread(r.afterSequentialMs)}; client-side quantiles ${fmtSpread(r.deriveMs, 'ms', 1)} for ${r.bucketSeries} bucket series, ${r.points} points\n`,
  );
  process.stdout.write(JSON.stringify(r, null, 2) + '\n');
}
