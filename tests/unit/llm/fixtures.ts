import { type AnalysisResult, analyse } from '../../../src/analysis/analyse.js';
import type { Locale, ReportJson } from '../../../src/analysis/report.types.js';
import { toStoredSeries } from '../../../src/pipeline/to-stored-series.js';
import type { PanelData } from '../../../src/sources/series.js';
import type { NewRun } from '../../../src/store/store.js';
import { basicPanels, gauge, profile } from '../analysis/fixtures.js';

export const TZ = 'Europe/Moscow';

/**
 * A real analysed capacity test (five steps, capacity 210 rps, so latency and errors break
 * at the last step), with JVM and database gauges, turned into the report JSON exactly as
 * the engine builds it.
 */
export function analysedRun(
  locale: Locale = 'en',
  opts: { extraRoutes?: number; runId?: string } = {},
): { report: ReportJson; analysis: AnalysisResult; panels: PanelData[] } {
  const s = profile({ levels: [50, 100, 150, 200, 250], capacity: 210 });
  const panels: PanelData[] = [
    ...basicPanels(s),
    gauge(s, 'jvm', 'heap_used', (i) => 900e6 + i * 2e6),
    gauge(s, 'jvm', 'heap_max', () => 2 * 1024 ** 3),
    gauge(s, 'database', 'pool_active', (_i, offered) => Math.min(10, offered / 20)),
    gauge(s, 'database', 'pool_max', () => 10),
  ];
  for (let r = 0; r < (opts.extraRoutes ?? 0); r++) {
    panels.push(
      gauge(s, 'http', `route_${r}`, (i) => 0.01 + ((i * (r + 1)) % 7) / 1000, { route: `/r/${r}` }),
    );
  }
  const analysis = analyse({
    fromMs: s.fromMs,
    toMs: s.toMs,
    panels,
    slos: ['p95<500ms', 'error_rate<1%'],
    locale,
    tz: TZ,
  });
  const report: ReportJson = {
    runId: opts.runId ?? 'run-llm-1',
    name: 'orders capacity',
    service: 'orders',
    window: { from: new Date(s.fromMs).toISOString(), to: new Date(s.toMs).toISOString() },
    verdict: analysis.verdict,
    peak: analysis.peak,
    steps: analysis.steps,
    slo: analysis.slo,
    domains: analysis.domains,
    charts: [],
    timingsMs: { fetch: 1, analyse: 2, render: 0, total: 3 },
    locale,
    bottleneck: analysis.bottleneck,
    mode: analysis.mode,
    selector: null,
    warnings: ['a warning about 3 panels'],
  };
  return { report, analysis, panels };
}

/** The same run as a NewRun for the store. */
export function newRunOf(report: ReportJson, panels: PanelData[], id?: string): NewRun {
  return {
    ...(id ? { id } : {}),
    name: report.name,
    service: report.service,
    from: new Date(report.window.from),
    to: new Date(report.window.to),
    verdict: report.verdict,
    peak: report.peak,
    timings: report.timingsMs,
    report,
    origin: 'cli',
    domains: report.domains,
    series: toStoredSeries(panels),
  };
}

/** The parts of a report the narrative must never change. */
export function contract(report: ReportJson) {
  return structuredClone({
    verdict: report.verdict,
    peak: report.peak,
    slo: report.slo,
    steps: report.steps,
  });
}

/** Matches a number as a whole (not inside 0.009876 or 49876). */
export function containsNumber(text: string, num: string): boolean {
  const n = num.split(' ')[0]!.replace('.', '\\.');
  return new RegExp(`(?<![\\d.,])${n}(?![\\d])`).test(text);
}
