/**
 * `npm run bench`: runs every benchmark and prints one JSON object plus a readable summary.
 * Goals: (a) report ≤ 1.5× a bare concurrent client, (b) napi charts ≥ 20× Chromium,
 * (c) RSS growth < 10% over 100 reports.
 */
import { benchCharts } from './charts.bench.js';
import { benchReport } from './report.bench.js';

const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);
const results: Record<string, unknown> = {};
if (want('report')) {
  const r = await benchReport();
  results.report = r;
  process.stderr.write(
    `(a) report ${r.reportMs.toFixed(0)} ms (no charts ${r.reportNoChartsMs.toFixed(0)} ms) vs bare client ${r.bareClientMs.toFixed(0)} ms for ${r.queries} queries: ${r.ratio.toFixed(2)}× (${r.ratioNoCharts.toFixed(2)}× without charts); goal ≤ 1.5×\n` +
      `(c) RSS ${r.rssBeforeMiB.toFixed(0)} → ${r.rssAfterMiB.toFixed(0)} MiB over ${r.reportsForMemory} reports: ${r.rssGrowthPct.toFixed(1)}%; goal < 10%\n`,
  );
}
if (want('charts')) {
  const c = await benchCharts();
  results.charts = c;
  process.stderr.write(
    `(b) charts/s napi ${c.napiChartsPerSec.toFixed(1)} vs Chromium ${c.chromiumChartsPerSec.toFixed(1)}: ${c.ratio.toFixed(1)}×; goal ≥ 20×\n`,
  );
}
process.stdout.write(JSON.stringify(results, null, 2) + '\n');
