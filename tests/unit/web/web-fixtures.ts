import type { IncomingMessage } from 'node:http';
import { analyse } from '../../../src/analysis/analyse.js';
import type { ReportJson } from '../../../src/analysis/report.types.js';
import { toStoredSeries } from '../../../src/pipeline/to-stored-series.js';
import type { PanelData } from '../../../src/sources/series.js';
import type { NewRun } from '../../../src/store/store.js';
import { samplePanels, T0 } from '../render/fixtures.js';

/** A run analysed by the real analysis from the render fixtures' stepped load test. */
export function analysedRun(opts: { name?: string; panels?: PanelData[]; service?: string } = {}): NewRun {
  const panels = opts.panels ?? samplePanels();
  const fromMs = T0;
  const toMs = T0 + 240 * 15_000;
  const a = analyse({ fromMs, toMs, panels, slos: ['p95 < 300ms'], locale: 'en', tz: 'UTC' });
  const name = opts.name ?? 'orders 2026-03-02 10:00';
  const service = opts.service ?? 'orders';
  const report: ReportJson = {
    runId: '',
    name,
    service,
    window: { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() },
    verdict: a.verdict,
    peak: a.peak,
    steps: a.steps,
    slo: a.slo,
    domains: a.domains,
    charts: [],
    timingsMs: { fetch: 1, analyse: 1, render: 0, total: 2 },
    locale: 'en',
    warnings: [],
  };
  return {
    name,
    service,
    from: new Date(fromMs),
    to: new Date(toMs),
    verdict: a.verdict,
    peak: a.peak,
    timings: report.timingsMs,
    report,
    origin: 'cli',
    domains: a.domains,
    series: toStoredSeries(panels),
  };
}

/** A request-like object carrying only headers (what auth and CSRF read). */
export function fakeRequest(headers: Record<string, string> = {}): IncomingMessage {
  return { headers, socket: {} } as unknown as IncomingMessage;
}
