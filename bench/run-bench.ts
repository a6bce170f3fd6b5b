/**
 * `npm run bench [report|charts|album|chat|alerts|topology|startup]…`: runs the benchmarks (all by default), prints
 * one JSON object on stdout and a readable summary on stderr. Goals:
 *  (a) a report ≤ 1.5× a bare concurrent client of the same queries;
 *  (b) napi charts ≥ 20× a Chromium screenshot of the same chart;
 *  (c) RSS growth < 10% over 100 reports;
 *  chat: first reply p95 ≤ 0.5 s with 20 concurrent /report, a 1 h report ≤ 3 s;
 *  alerts: ≥ 1,000 accepted per second, none lost;
 *  topology: discovery + scoping on 20 services ≤ 2 round trips more than the old discovery;
 *  startup: `loadlens report` on a fresh data dir ≤ 1.5 s to its first query, ≤ 300 MB RSS.
 */
import { benchAlerts } from './alerts.bench.js';
import { albumLines, benchAlbum, benchCharts } from './charts.bench.js';
import { benchChat } from './chat.bench.js';
import { benchReport } from './report.bench.js';
import { benchStartup, startupLines } from './startup.bench.js';
import { benchTopology } from './topology.bench.js';

const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);
const say = (line: string) => process.stderr.write(`${line}\n`);
const results: Record<string, unknown> = {};

if (want('report')) {
  const r = await benchReport();
  results.report = r;
  say(
    `(a) report ${r.reportMs.toFixed(0)} ms (no charts ${r.reportNoChartsMs.toFixed(0)} ms) vs bare client ${r.bareClientMs.toFixed(0)} ms for ${r.queries} queries: ${r.ratio.toFixed(2)}× (${r.ratioNoCharts.toFixed(2)}× without charts); goal ≤ 1.5×`,
  );
  say(
    `(c) RSS ${r.rssBeforeMiB.toFixed(0)} → ${r.rssAfterMiB.toFixed(0)} MiB over ${r.reportsForMemory} reports: ${r.rssGrowthPct.toFixed(1)}%; goal < 10%`,
  );
}
if (want('charts')) {
  const c = await benchCharts();
  results.charts = c;
  say(
    `(b) charts/s napi ${c.napiChartsPerSec.toFixed(1)} vs Chromium ${c.chromiumChartsPerSec.toFixed(1)} (one reused page): ${c.ratio.toFixed(1)}×; vs ${c.chromiumFreshPageChartsPerSec.toFixed(1)} (a page per chart): ${c.ratioFreshPage.toFixed(1)}×; goal ≥ 20×`,
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
  say(
    `chat: first reply p50 ${c.firstReplyP50Ms.toFixed(0)} ms, p95 ${c.firstReplyP95Ms.toFixed(0)} ms (20 concurrent; goal ≤ 500); full 1 h report ${c.fullReportMs.toFixed(0)} ms (goal ≤ 3000)`,
  );
}
if (want('alerts')) {
  const a = await benchAlerts();
  results.alerts = a;
  say(
    `alerts: ${a.accepted}/${a.total} accepted, ${a.lost} lost, ${a.perSec.toFixed(0)}/s (goal ≥ 1000/s, none lost)`,
  );
}
if (want('topology')) {
  const t = await benchTopology();
  results.topology = t;
  say(
    `topology: discovery + scoping ${t.topologyQueries} round trips vs ${t.legacyQueries} before (label values + series); goal ≤ before + 2`,
  );
  say(
    `topology: ${t.topologyMs.toFixed(0)} ms (inventory ${t.inventoryMs.toFixed(0)} ms for ${t.rows} rows, traffic ${t.trafficMs.toFixed(0)} ms, resolve + scope ${t.scopeMs.toFixed(1)} ms) vs ${t.legacyMs.toFixed(0)} ms before on ${t.services} services (${t.servicesFound} found with traffic; median of ${t.runs})`,
  );
  say(
    `topology: report of ${t.service} scoped ${t.scopedReportMs.toFixed(0)} ms (${t.scopedReportQueries} queries) vs explicit selector ${t.selectorReportMs.toFixed(0)} ms (${t.selectorReportQueries} queries), no charts`,
  );
}
if (want('startup')) {
  const s = await benchStartup();
  results.startup = s;
  for (const line of startupLines(s)) say(line);
}
process.stdout.write(JSON.stringify(results, null, 2) + '\n');
