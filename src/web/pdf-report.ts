import type { Locale } from '../analysis/report.types.js';
import { LoadLensError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { escapeHtml as e } from '../render/escape.js';
import { renderCharts } from '../render/render-chart.js';
import { type HtmlChart, renderHtmlReport } from '../render/render-html.js';
import { markersFromReport, panelsFromStored } from '../render/stored-panels.js';
import type { RunRecord, Store } from '../store/store.js';
import { makeWhen } from './feedback-html.js';
import { renderMarkdown } from './markdown.js';
import type { PdfRenderer } from './pdf.js';
import { webText } from './web-strings.js';

/** A report exported as a file. */
export interface ReportFile {
  name: string;
  bytes: Buffer;
}

/** The stored PNG charts of a run, or, when it has none (CLI runs), charts drawn now from its series. */
async function chartsOf(store: Store, run: RunRecord, o: PdfOptions): Promise<HtmlChart[]> {
  const runId = run.id;
  const stored = await store.delivery.listCharts(runId);
  if (stored.length > 0) return stored;
  const series = await store.getSeries(runId);
  if (series.length === 0) return [];
  try {
    return await renderCharts({
      panels: panelsFromStored(series),
      markers: markersFromReport(run.report),
      locale: o.locale,
      tz: o.tz,
      theme: 'light',
    });
  } catch (err) {
    o.logger?.warn('charts for the PDF could not be drawn', { runId, err });
    return [];
  }
}

export interface PdfOptions {
  locale: Locale;
  tz: string;
  logger?: Logger;
}

/**
 * The printable report of a run: the static HTML report (the same renderer the CLI uses,
 * light theme, charts as data URIs) plus the latest engineer summary (rendered by the
 * Markdown sanitiser) and the LLM narrative's closing summary when there is one.
 */
export async function reportPrintHtml(store: Store, run: RunRecord, o: PdfOptions): Promise<string> {
  const runId = run.id;
  const [charts, versions, narrative] = await Promise.all([
    chartsOf(store, run, o),
    store.listSummaryVersions(runId),
    store.narratives?.getNarrative(runId).catch(() => null) ?? Promise.resolve(null),
  ]);
  const html = renderHtmlReport({ ...run.report, name: run.name, runId: run.id }, charts, {
    locale: o.locale,
    tz: o.tz,
    theme: 'light',
  });
  const extra: string[] = [];
  const final = narrative?.narrative.final;
  if (final) {
    extra.push(`<h2>${e(webText(o.locale, 'narrative'))}</h2>
<p class="meta">${e(webText(o.locale, 'narrativeNote'))}</p><p>${e(final.summary)}</p>${
      final.recommendations.length
        ? `<ul>${final.recommendations.map((r) => `<li>${e(r)}</li>`).join('')}</ul>`
        : ''
    }`);
  }
  const latest = versions.at(-1);
  if (latest) {
    const when = makeWhen(o.locale, o.tz);
    const meta = webText(o.locale, 'summaryMeta', {
      version: latest.version,
      author: latest.author,
      at: when(latest.createdAt),
    });
    extra.push(`<h2>${e(webText(o.locale, 'summary'))}</h2>
<section class="card summary">${renderMarkdown(latest.body)}<p class="meta">${e(meta)}</p></section>`);
  }
  if (extra.length === 0) return html;
  const at = html.lastIndexOf('<footer>');
  const block = extra.join('\n');
  return at < 0
    ? html.replace('</main>', () => `${block}\n</main>`)
    : `${html.slice(0, at)}${block}\n${html.slice(at)}`;
}

/** A file name for a run's export: its name reduced to safe characters, with the extension. */
export function exportFileName(name: string, ext: string): string {
  const base = name
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}._ -]+/gu, '')
    .replace(/^[.\s]+/, '')
    .trim()
    .replace(/\s+/g, '_')
    .slice(0, 80);
  return `${base || 'loadlens-report'}.${ext}`;
}

/** Renders a run's report to PDF. */
export async function reportPdf(
  store: Store,
  pdf: PdfRenderer,
  runId: string,
  o: PdfOptions,
): Promise<ReportFile> {
  const run = await store.getRun(runId);
  if (!run) throw new LoadLensError('NOT_FOUND', `no run ${runId}`, { details: { run: runId } });
  const html = await reportPrintHtml(store, run, o);
  return { name: exportFileName(run.name, 'pdf'), bytes: await pdf.render(html) };
}
