import { randomUUID } from 'node:crypto';
import { type AnalysisResult, analyse } from '../analysis/analyse.js';
import { endpointTable } from '../analysis/endpoints.js';
import { keyQueries } from '../analysis/key-queries.js';
import type { Locale, ReportJson } from '../analysis/report.types.js';
import { parseSlo } from '../analysis/slo-parse.js';
import { validateWindow } from '../core/window.js';
import { windowNoteText } from '../i18n/window-text.js';
import { renderCharts } from '../render/render-charts.js';
import type { PanelData } from '../sources/series.js';
import type { RunRecord } from '../store/store.js';
import { collectScoped } from './collect-scoped.js';
import type { EngineContext } from './engine-context.js';
import { resolveService } from './resolve-service.js';
import { toStoredSeries } from './to-stored-series.js';

/** What to report on. */
export interface ReportRequest {
  fromMs: number;
  toMs: number;
  service?: string | null;
  /** Overrides the service's selector. */
  selector?: string;
  /** Overrides the service's SLOs. */
  slos?: string[];
  name?: string;
  locale?: Locale;
  tz?: string;
  /** `cli`, `telegram:<chat>`, `slack:<channel>`, `alert`, `replay`. */
  origin?: string;
  /** Render PNG charts (default true). */
  charts?: boolean;
  theme?: 'light' | 'dark';
  /** Reject windows longer than this (chat commands); the CLI has no limit. */
  maxWindowMs?: number;
  /** Id for the new run (chat jobs fix it up front so a retried job finds its run). */
  runId?: string;
  /** Labels of the alert that triggered the report: pick the service they match when no name does. */
  alertLabels?: Record<string, string>;
  /** Called as the report moves through its phases (chat progress messages). */
  onPhase?: (phase: 'collecting' | 'analysing' | 'rendering' | 'storing') => void;
}

/** A rendered chart, kept in memory for delivery (chat albums, files, HTML). */
export interface RenderedChart {
  id: string;
  title: string;
  png: Buffer;
}

/** The result of one report. */
export interface ReportOutcome {
  report: ReportJson;
  run: RunRecord;
  charts: RenderedChart[];
  analysis: AnalysisResult;
  panels: PanelData[];
}

/** Default run name: service and window start in the report's zone, e.g. `orders 2026-11-20 10:00`. */
function defaultName(service: string | null, fromMs: number, tz: string): string {
  const when = new Intl.DateTimeFormat('sv-SE', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(fromMs);
  return `${service ?? 'run'} ${when}`;
}

/**
 * Runs one report end to end: fetch → analyse → render → store. A failing source never
 * aborts the report: its domains become `no_data` with the reason. Bad input (window,
 * SLO grammar, unknown service) throws an unrecoverable LoadLensError before any query.
 */
export async function runReport(ctx: EngineContext, req: ReportRequest): Promise<ReportOutcome> {
  const t0 = performance.now();
  const { env } = ctx.config;
  const locale = req.locale ?? env.LOCALE;
  const tz = req.tz ?? env.TZ;
  const window = validateWindow(req.fromMs, req.toMs, ctx.clock.now(), req.maxWindowMs);
  const service = resolveService(ctx.config, req.service, { selector: req.selector, slos: req.slos });
  for (const expr of service.slos) parseSlo(expr);
  const log = ctx.logger.child({ service: service.name, from: window.fromMs, to: window.toMs });
  const phase = (p: Parameters<NonNullable<ReportRequest['onPhase']>>[0]) => {
    try {
      req.onPhase?.(p);
    } catch (err) {
      log.warn('progress callback failed', { err });
    }
  };
  phase('collecting');

  const {
    decided,
    collected,
    warnings: scopeWarnings,
  } = await collectScoped({
    prom: ctx.sources.prom,
    influx: ctx.sources.influx,
    fromMs: window.fromMs,
    toMs: window.toMs,
    service,
    alertLabels: req.alertLabels,
    logger: log,
  });
  const serviceName = decided.service;
  const t1 = performance.now();
  phase('analysing');

  const analysis = analyse({
    fromMs: window.fromMs,
    toMs: window.toMs,
    panels: collected.panels,
    slos: service.slos,
    locale,
    tz,
    failures: collected.failures,
    packs: collected.packs,
  });
  const t2 = performance.now();
  if (req.charts !== false) phase('rendering');

  const charts: RenderedChart[] =
    req.charts === false
      ? []
      : await renderCharts({
          panels: collected.panels,
          markers: {
            steps: analysis.markers.steps,
            peak: analysis.markers.peak ? { ...analysis.markers.peak, rps: analysis.peak?.rps } : null,
            dropAtMs: analysis.markers.dropAtMs,
          },
          locale,
          tz,
          theme: req.theme ?? 'light',
        });
  const t3 = performance.now();

  phase('storing');
  const runId = req.runId ?? randomUUID();
  const windowNotes = (l: 'en' | 'ru') => window.notes.map((n) => windowNoteText(n, l, tz));
  const report: ReportJson = {
    runId,
    name: req.name ?? defaultName(serviceName, window.fromMs, tz),
    service: serviceName,
    window: { from: new Date(window.fromMs).toISOString(), to: new Date(window.toMs).toISOString() },
    verdict: analysis.verdict,
    verdictReason: analysis.verdictReason,
    peak: analysis.peak,
    steps: analysis.steps,
    slo: analysis.slo,
    domains: analysis.domains,
    charts: charts.map((c) => ({ id: c.id, title: c.title, file: `${c.id}.png` })),
    timingsMs: {
      fetch: Math.round(t1 - t0),
      analyse: Math.round(t2 - t1),
      render: Math.round(t3 - t2),
      total: 0,
    },
    locale,
    bottleneck: analysis.bottleneck,
    mode: analysis.mode,
    selector: service.selector || null,
    scope: decided.scope,
    warnings: [...window.warnings, ...scopeWarnings, ...collected.warnings, ...analysis.warnings],
    // The same notes per language: the analysis's are translated, the others stay as written.
    warningsI18n: {
      en: [...windowNotes('en'), ...scopeWarnings, ...collected.warnings, ...analysis.warningsI18n.en],
      ru: [...windowNotes('ru'), ...scopeWarnings, ...collected.warnings, ...analysis.warningsI18n.ru],
    },
    // Per-route figures over the peak step (else the window), and the key panels' PromQL.
    endpoints: endpointTable({
      panels: collected.panels,
      fromMs: window.fromMs,
      toMs: window.toMs,
      span: analysis.markers.peak,
    }),
    queries: keyQueries(collected.panels),
  };
  report.timingsMs.total = Math.round(performance.now() - t0);
  const run = await ctx.store.saveRun({
    id: runId,
    name: report.name,
    service: serviceName,
    from: new Date(window.fromMs),
    to: new Date(window.toMs),
    verdict: report.verdict,
    peak: report.peak,
    timings: report.timingsMs,
    report,
    origin: req.origin ?? 'cli',
    domains: report.domains,
    series: toStoredSeries(collected.panels),
  });
  report.timingsMs.total = Math.round(performance.now() - t0);
  log.info('report done', { runId, verdict: report.verdict, ms: report.timingsMs.total });
  return { report, run, charts, analysis, panels: collected.panels };
}
