/**
 * `npm run bench [report|charts|album|chat|alerts|topology|analyse|startup]…`: runs the benchmarks (all by default), prints
 * one JSON object on stdout and a readable summary on stderr. Goals:
 *  (a) a report ≤ 1.5× a bare concurrent client of the same queries;
 *  (b) napi charts ≥ 20× a Chromium screenshot of the same chart;
 *  (c) RSS growth < 10% over 100 reports;
 *  chat: first reply p95 ≤ 0.5 s with 20 concurrent /report, a 1 h report ≤ 3 s;
 *  alerts: ≥ 1,000 accepted per second, none lost;
 *  topology: discovery + scoping on 20 services ≤ 2 round trips more than the old discovery;
 *  analyse: 100k-point series analysed in < 1 s;
 *  startup: `loadlens report` on a fresh data dir ≤ 1.5 s to its first query, ≤ 300 MB RSS;
 *  scale (only when named: it generates datasets for minutes): 1 h / 6 h / 24 h on a large
 *    Prometheus, ≤ 1.2× the bare client at 24 h with no warnings, ≤ 2 s at 1 h
 *    (`SCALE_SIZES=1h,6h`, `SCALE_RUNS=5`, `SCALE_WARMUP=0` narrow or widen it).
 *  histogram (only when named): the four `histogram_quantile` queries vs one bucket fetch
 *    with client-side quantiles, on 1 h and 6 h of one application (`HIST_SIZES=1,6`; `1h`, `6h`,
 *    `24h` use the scaling datasets).
 * Every figure is a median of several runs with its min–max (`spread.ts`).
 */
import { benchAlerts } from './alerts.bench.js';
import { benchAnalyse } from './analyse.bench.js';
import { albumLines, benchAlbum, benchCharts } from './charts.bench.js';
import { benchChat, chatLines } from './chat.bench.js';
import { benchHistogram, benchHistogramScale } from './histogram.bench.js';
import { benchReport } from './report.bench.js';
import { benchScale, describeScale } from './scale.bench.js';
import { fmtSpread, repeat, spreadOf } from './spread.js';
import { benchStartup, startupLines } from './startup.bench.js';
import { benchTopology } from './topology.bench.js';

const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);
const say = (line: string) => process.stderr.write(`${line}\n`);
const results: Record<string, unknown> = {};

if (want('report')) {
  const r = await benchReport();
  results.report = r;
  const sp = r.spread;
  say(
    `(a) report ${fmtSpread(sp.report)} (no charts ${fmtSpread(sp.reportNoCharts)}) vs bare client ${fmtSpread(sp.bareClient)} for ${r.queries} queries: ${fmtSpread(sp.ratio, '×', 2)} (${fmtSpread(sp.ratioNoCharts, '×', 2)} without charts); goal ≤ 1.5×`,
  );
  say(
    `(c) RSS ${r.rssBeforeMiB.toFixed(0)} → ${r.rssAfterMiB.toFixed(0)} MiB over ${r.reportsForMemory} reports: ${r.rssGrowthPct.toFixed(1)}%; goal < 10%`,
  );
}
if (want('charts')) {
  // Three shorter measurements instead of one long one, so the spread shows.
  const runs = await repeat(3, () => benchCharts({ seconds: 2 }));
  results.charts = runs.results;
  const napi = runs.spread((c) => c.napiChartsPerSec);
  say(
    `(b) charts/s napi ${fmtSpread(napi, '/s', 1)} vs Chromium ${fmtSpread(
      runs.spread((c) => c.chromiumChartsPerSec),
      '/s',
      1,
    )} (one reused page): ${fmtSpread(
      runs.spread((c) => c.ratio),
      '×',
      1,
    )}; vs a page per chart: ${fmtSpread(
      runs.spread((c) => c.ratioFreshPage),
      '×',
      1,
    )}; goal ≥ 20×`,
  );
}
if (want('charts') || want('album')) {
  const a = await benchAlbum();
  results.album = a;
  for (const line of albumLines(a)) say(line);
}
if (want('chat')) {
  const c = await benchChat();
  results.chat = c;
  for (const line of chatLines(c)) say(line);
}
if (want('alerts')) {
  const runs = await repeat(3, () => benchAlerts());
  results.alerts = runs.results;
  const lost = Math.max(...runs.results.map((a) => a.lost));
  say(
    `alerts: ${fmtSpread(
      runs.spread((a) => a.perSec),
      '/s',
    )} accepted, at most ${lost} lost of ${runs.results[0]!.total} per run (goal ≥ 1000/s, none lost)`,
  );
}
if (want('topology')) {
  const t = await benchTopology();
  results.topology = t;
  say(
    `topology: discovery + scoping ${t.topologyQueries} round trips vs ${t.legacyQueries} before (label values + series); goal ≤ before + 2`,
  );
  say(
    `topology: ${fmtSpread(spreadOf(t.samples.topology!))} (inventory ${fmtSpread(spreadOf(t.samples.inventory!))} for ${t.rows} rows, traffic ${fmtSpread(spreadOf(t.samples.traffic!))}, resolve + scope ${t.scopeMs.toFixed(1)} ms) vs ${fmtSpread(spreadOf(t.samples.legacy!))} before on ${t.services} services (${t.servicesFound} found with traffic)`,
  );
  say(
    `topology: report of ${t.service} scoped ${fmtSpread(spreadOf(t.samples.scopedReport!))} (${t.scopedReportQueries} queries) vs explicit selector ${fmtSpread(spreadOf(t.samples.selectorReport!))} (${t.selectorReportQueries} queries), no charts`,
  );
}
if (want('analyse')) {
  const a = benchAnalyse();
  results.analyse = a;
  say(
    `analyse: ${a.points.toLocaleString('en')}-point series, ${a.medianMs.toFixed(0)} ms (${a.minMs.toFixed(0)}–${a.maxMs.toFixed(0)}) over ${a.runs} runs; goal < 1000 ms`,
  );
}
if (want('startup')) {
  const s = await benchStartup();
  results.startup = s;
  for (const line of startupLines(s)) say(line);
}
// Named only: it generates (or reads from its cache) three datasets and runs the CLI ≥ 12 times.
if (only.includes('scale')) {
  const sizes = process.env.SCALE_SIZES?.split(',').filter(Boolean);
  const warmup = process.env.SCALE_WARMUP ? Number(process.env.SCALE_WARMUP) : undefined;
  const r = await benchScale({ sizes, runs: Number(process.env.SCALE_RUNS) || 3, warmup, log: say });
  results.scale = r;
  for (const size of r.sizes) for (const line of describeScale(size)) say(line);
}
// Named only: it starts its own Prometheus per size.
if (only.includes('histogram')) {
  const out = [];
  for (const h of (process.env.HIST_SIZES ?? '1,6').split(',').filter(Boolean)) {
    const r = h.endsWith('h') ? await benchHistogramScale(h) : await benchHistogram(7, Number(h));
    out.push(r);
    say(
      `histogram, ${r.dataset}: ${r.queriesBefore} → ${r.queriesAfter} range queries; together ${fmtSpread(r.beforeConcurrentMs)} → ${fmtSpread(r.afterConcurrentMs)}; one at a time ${fmtSpread(r.beforeSequentialMs)} → ${fmtSpread(r.afterSequentialMs)}; client-side ${fmtSpread(r.deriveMs, 'ms', 1)} (${r.bucketSeries} bucket series, ${r.points} points)`,
    );
  }
  results.histogram = out;
}
process.stdout.write(JSON.stringify(results, null, 2) + '\n');
