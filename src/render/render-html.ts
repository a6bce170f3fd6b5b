import { sloFigure, stepFigure } from '../analysis/figure.js';
import { renderFinding, reportWarnings } from '../analysis/finding-text.js';
import { createFormatter, type Formatter } from '../analysis/format.js';
import { missingLine } from '../analysis/missing-panels.js';
import type {
  DomainJson,
  FindingJson,
  Locale,
  ReportJson,
  SloResultJson,
  StepJson,
} from '../analysis/report.types.js';
import { renderVerdictReason } from '../analysis/verdict-reason.js';
import { scopeLine } from '../topology/services-text.js';
import { escapeHtml as e } from './escape.js';
import { type HtmlStrings, htmlStrings } from './html-strings.js';
import { type HtmlTheme, reportCss } from './html-style.js';

/** A chart to embed: its PNG becomes a data: URI. */
export interface HtmlChart {
  id: string;
  title: string;
  png: Buffer;
}

/** Options of {@link renderHtmlReport}. */
export interface HtmlReportOptions {
  locale: Locale;
  /** IANA zone in which every time is shown. */
  tz: string;
  /** Force a theme; by default the page follows the reader's system setting. */
  theme?: 'light' | 'dark';
}

interface Ctx {
  s: HtmlStrings;
  /** The shared formatter: every figure, time and date of the page goes through it. */
  f: Formatter;
  locale: Locale;
  tz: string;
  time: (iso: string | null | undefined) => string;
  dateTime: (iso: string | null | undefined) => string;
  num: (v: number | null | undefined, digits?: number) => string;
}

function makeCtx(opts: HtmlReportOptions): Ctx {
  const s = htmlStrings(opts.locale);
  const f = createFormatter(opts.locale, opts.tz);
  const parse = (iso: string | null | undefined): number | null => {
    if (!iso) return null;
    const ms = Date.parse(iso);
    return Number.isFinite(ms) ? ms : null;
  };
  const fmt = new Map<number, Intl.NumberFormat>();
  const numFmt = (digits: number) => {
    const cached = fmt.get(digits);
    if (cached) return cached;
    const f = new Intl.NumberFormat(opts.locale, { maximumFractionDigits: digits });
    fmt.set(digits, f);
    return f;
  };
  return {
    s,
    f,
    locale: opts.locale,
    tz: opts.tz,
    // Unparseable times are shown as given (escaped), never dropped silently.
    time: (iso) => (parse(iso) === null ? (iso ?? '—') : f.time(parse(iso)!)),
    dateTime: (iso) => (parse(iso) === null ? (iso ?? '—') : f.dateTime(parse(iso)!)),
    num: (v, digits = 1) =>
      v === null || v === undefined || !Number.isFinite(v) ? '—' : numFmt(digits).format(v),
  };
}

function header(r: ReportJson, c: Ctx): string {
  const { s } = c;
  const peak = r.peak
    ? `${e(s.peak)}: <strong>${e(c.f.rps(r.peak.rps))}</strong> (${e(c.time(r.peak.from))}–${e(c.time(r.peak.to))})` +
      (r.peak.dropAt ? `, ${e(s.dropAt)} ${e(c.time(r.peak.dropAt))}` : '')
    : `${e(s.peak)}: ${e(s.peakNone)}`;
  return `<header>
<h1>${e(r.name)}</h1>
<p><span class="badge big ${e(r.verdict)}">${e(s.verdict[r.verdict] ?? r.verdict)}</span></p>
${r.verdictReason ? `<p class="why">${e(renderVerdictReason(r.verdict, r.verdictReason, c.f))}</p>` : ''}
${r.scope ? `<p class="meta scope">${e(scopeLine(r.scope, c.f.locale))}</p>` : r.service ? `<p class="meta">${e(s.service)}: <strong>${e(r.service)}</strong></p>` : ''}
<p class="meta">${e(s.window)}: ${e(c.f.range(Date.parse(r.window.from), Date.parse(r.window.to)))} (${e(s.timeZone)}: ${e(c.tz)})</p>
<p class="meta">${e(s.runId)}: <code>${e(r.runId)}</code></p>
<p class="peak">${peak}</p>
</header>`;
}

function stepsTable(steps: StepJson[], c: Ctx): string {
  const { s } = c;
  if (steps.length === 0) return `<h2>${e(s.steps)}</h2><p>${e(s.stepsNone)}</p>`;
  const withP99 = steps.some((st) => st.p99Ms !== undefined && st.p99Ms !== null);
  const head = [s.stepCols.n, s.stepCols.interval, s.stepCols.rps, s.stepCols.p95]
    .concat(withP99 ? [s.stepCols.p99] : [])
    .concat([s.stepCols.errors, s.stepCols.stable])
    .map((h) => `<th>${e(h)}</th>`)
    .join('');
  const rows = steps
    .map((st, i) => {
      const cells = [
        `<td>${i + 1}</td>`,
        `<td>${e(c.time(st.from))}–${e(c.time(st.to))}</td>`,
        `<td>${e(cell(c, stepFigure(st, 'rps')))}</td>`,
        `<td>${e(cell(c, stepFigure(st, 'p95Ms')))}</td>`,
        ...(withP99 ? [`<td>${e(cell(c, stepFigure(st, 'p99Ms')))}</td>`] : []),
        `<td>${e(cell(c, stepFigure(st, 'errorRate')))}</td>`,
        `<td class="${st.stable ? 'yes' : 'no'}">${e(st.stable ? s.yes : s.no)}</td>`,
      ];
      return `<tr class="step">${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<h2>${e(s.steps)}</h2>
<div class="table-wrap"><table class="steps"><thead><tr>${head}</tr></thead><tbody>
${rows}
</tbody></table></div>`;
}

/** A typed figure through the shared formatter, or a dash. */
function cell(c: Ctx, x: ReturnType<typeof stepFigure>): string {
  return x ? c.f.figure(x) : '—';
}

/** An SLO's measured value in its unit, formatted like every other figure. */
function sloActual(r: SloResultJson, c: Ctx): string {
  return cell(c, sloFigure(r));
}

function sloTable(slo: SloResultJson[], c: Ctx): string {
  const { s } = c;
  if (slo.length === 0) return `<h2>${e(s.slo)}</h2><p>${e(s.sloNone)}</p>`;
  const rows = slo
    .map((r) => {
      const [cls, text] =
        r.passed === null ? ['unknown', s.sloUnknown] : r.passed ? ['yes', s.sloPassed] : ['no', s.sloFailed];
      return `<tr class="slo"><td class="text"><code>${e(r.expr)}</code></td><td>${e(sloActual(r, c))}</td><td class="${cls}">${e(text)}</td></tr>`;
    })
    .join('\n');
  const cols = s.sloCols;
  return `<h2>${e(s.slo)}</h2>
<div class="table-wrap"><table class="slo"><thead><tr><th>${e(cols.expr)}</th><th>${e(cols.actual)}</th><th>${e(cols.result)}</th></tr></thead><tbody>
${rows}
</tbody></table></div>`;
}

/**
 * A finding rendered in the page's language from its typed parameters; the evidence line
 * carries its figures, so no raw metric value is printed beside it.
 */
function finding(f: FindingJson, c: Ctx): string {
  const r = renderFinding(f, c.f);
  return `<li><span class="sev sev-${e(f.severity)}">${e(c.s.severity[f.severity] ?? f.severity)}</span> ${e(r.title)}${
    f.at ? ` — ${e(c.time(f.at))}` : ''
  }${r.evidence ? `<br><span class="meta">${e(r.evidence)}</span>` : ''}</li>`;
}

function domainCard(d: DomainJson, c: Ctx): string {
  const { s } = c;
  const findings =
    d.findings.length > 0
      ? `<ul class="findings">${d.findings.map((f) => finding(f, c)).join('')}</ul>`
      : `<p class="meta">${e(s.findingsNone)}</p>`;
  return `<section class="card domain" id="domain-${e(d.id)}">
<h3>${e(s.domain[d.id] ?? d.id)} <span class="badge ${e(d.status)}">${e(s.status[d.status] ?? d.status)}</span></h3>
${d.summary ? `<p>${e(d.summaries?.[c.locale] ?? d.summary)}</p>` : ''}
${d.reason && !d.summaries ? `<p class="meta">${e(d.reason)}</p>` : ''}
${d.packs?.length ? `<p class="meta">${e(s.packs)}: ${e(d.packs.join(', '))}</p>` : ''}
${d.missing?.length ? `<ul class="missing">${d.missing.map((m) => `<li>${e(missingLine(d.id, m, c.f))}</li>`).join('')}</ul>` : ''}
${findings}
</section>`;
}

function chartsSection(charts: HtmlChart[], c: Ctx): string {
  if (charts.length === 0) return '';
  const figs = charts
    .map(
      (ch) =>
        `<figure id="chart-${e(ch.id)}"><img src="data:image/png;base64,${ch.png.toString('base64')}" alt="${e(
          ch.title,
        )}"><figcaption>${e(ch.title)}</figcaption></figure>`,
    )
    .join('\n');
  // A grid: one chart per row on screen, two per row in print (see html-style.ts).
  return `<h2>${e(c.s.charts)}</h2>\n<div class="chart-grid">\n${figs}\n</div>`;
}

/**
 * Renders a report as one self-contained HTML page: inline CSS, charts as data: URIs, no
 * scripts. Every piece of report text is escaped, since run names, series names and
 * LLM-written summaries can all carry markup.
 */
export function renderHtmlReport(report: ReportJson, charts: HtmlChart[], opts: HtmlReportOptions): string {
  const c = makeCtx(opts);
  const theme: HtmlTheme = opts.theme ?? 'auto';
  const warnings = reportWarnings(report, opts.locale);
  const t = report.timingsMs;
  return `<!doctype html>
<html lang="${e(opts.locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="${theme === 'auto' ? 'light dark' : theme}">
<title>${e(c.s.docTitle)}: ${e(report.name)}</title>
<style>${reportCss(theme)}</style>
</head>
<body>
<main>
${header(report, c)}
${stepsTable(report.steps, c)}
${sloTable(report.slo, c)}
<h2>${e(c.s.domains)}</h2>
<div class="domain-grid">
${report.domains.map((d) => domainCard(d, c)).join('\n')}
</div>
${chartsSection(charts, c)}
${
  warnings.length > 0
    ? `<h2>${e(c.s.warnings)}</h2>\n<ul class="warnings">${warnings.map((w) => `<li>${e(w)}</li>`).join('')}</ul>`
    : ''
}
<footer>${e(c.s.timings)} ${e(t?.total === undefined ? '—' : c.f.ms(t.total))} · LoadLens</footer>
</main>
</body>
</html>
`;
}

// Pieces the web view reuses (the interactive report page and the PDF share them with this page).
export type { Ctx as HtmlCtx };
export {
  domainCard as domainCardHtml,
  finding as findingHtml,
  header as reportHeaderHtml,
  makeCtx as makeHtmlCtx,
  sloTable as sloTableHtml,
  stepsTable as stepsTableHtml,
};
