import { reportWarnings } from '../analysis/finding-text.js';
import type { DomainJson, Locale, ReportJson } from '../analysis/report.types.js';
import type { Narrative } from '../llm/narrative.types.js';
import { escapeHtml as e } from '../render/escape.js';
import {
  domainCardHtml,
  findingHtml,
  type HtmlCtx,
  makeHtmlCtx,
  reportHeaderHtml,
  sloTableHtml,
  stepsTableHtml,
} from '../render/render-html.js';
import type { RunRecord, SummaryVersion, Vote } from '../store/store.js';
import { endpointsSectionHtml } from './endpoints-html.js';
import { summarySection, voteWidget } from './feedback-html.js';
import { renderLayout } from './layout.js';
import { baselineSectionHtml, type ReportNav, reportNavHtml, sourcesSectionHtml } from './report-nav.js';
import { scriptStrings, type WebTextKey, webText } from './web-strings.js';

/** Everything the report page shows. */
export interface ReportPageInput {
  run: RunRecord;
  versions: SummaryVersion[];
  votes: Vote[];
  narrative: Narrative | null;
  locale: Locale;
  tz: string;
  /** The link's user (author of edits, owner of votes). */
  user: string;
  canEdit: boolean;
  csrf: string;
  url: URL;
  runsLink: boolean;
  /** Links to the runs list, the baseline and the metrics UIs, and the baseline's verdict line. */
  nav?: ReportNav;
  /** The baseline run's endpoint table, for the per-route changes. */
  baselineEndpoints?: ReportJson['endpoints'];
}

/** Strings `report.js` shows (status lines, buttons it creates). */
const SCRIPT_KEYS: readonly WebTextKey[] = [
  'resetZoom',
  'chartsLoading',
  'chartsFailed',
  'chartsNone',
  'saving',
  'saved',
  'failed',
  'restored',
  'show',
  'hide',
  'restore',
  'voteSaved',
  'summaryNone',
  'summaryMeta',
];

/** A domain card (shared with the static report) with a vote widget under every finding. */
function domainWithVotes(d: DomainJson, c: HtmlCtx, input: ReportPageInput): string {
  let card = domainCardHtml(d, c);
  for (const f of d.findings) {
    if (!f.id) continue;
    const li = findingHtml(f, c);
    const widget = voteWidget(f.id, input.votes, input);
    // Identical findings render identically: each replace hits the next untouched one.
    card = card.replace(li, () => `${li.slice(0, -'</li>'.length)}${widget}</li>`);
  }
  return card;
}

function narrativeSection(n: Narrative | null, c: HtmlCtx, locale: Locale): string {
  if (!n || (n.status === 'failed' && !n.final)) return '';
  const t = (k: WebTextKey) => e(webText(locale, k));
  const sections: string[] = [];
  if (n.final) {
    sections.push(`<p>${e(n.final.summary)}</p>`);
    if (n.final.recommendations.length > 0) {
      sections.push(
        `<h3>${t('recommendations')}</h3><ul>${n.final.recommendations.map((r) => `<li>${e(r)}</li>`).join('')}</ul>`,
      );
    }
  }
  for (const [id, s] of Object.entries(n.domains)) {
    if (!s) continue;
    const name = c.s.domain[id as keyof typeof c.s.domain] ?? id;
    sections.push(`<h3>${e(name)}</h3><p>${e(s.summary)}</p>`);
  }
  if (sections.length === 0) return '';
  return `<section id="narrative" class="card narrative">
<h2>${t('narrative')}</h2>
<p class="meta">${t('narrativeNote')}</p>
${sections.join('\n')}
</section>`;
}

/**
 * The report page of one run: the static report's header, SLO and step tables and domain
 * cards (shared code with the HTML/PDF report), votes on the verdict and every finding,
 * the LLM narrative when there is one, interactive charts drawn by `report.js` from
 * `/api/runs/:id/series`, and the engineer summary with its history.
 */
export function renderReportPage(input: ReportPageInput): string {
  const report: ReportJson = { ...input.run.report, name: input.run.name, runId: input.run.id };
  const c = makeHtmlCtx({ locale: input.locale, tz: input.tz });
  const t = (k: WebTextKey) => e(webText(input.locale, k));
  const id = encodeURIComponent(input.run.id);
  const warnings = reportWarnings(report, input.locale);
  const body = `<div class="report" id="report">
<div class="actions"><a class="button" id="pdf-link" href="/r/${e(id)}/pdf" download>${t('downloadPdf')}</a></div>
${reportHeaderHtml(report, c)}
${input.nav ? reportNavHtml(input.nav, input.locale) : ''}
${voteWidget('verdict', input.votes, { ...input, question: webText(input.locale, 'verdictVote') })}
${baselineSectionHtml(input.nav?.baseline ?? null, input.locale)}
${sloTableHtml(report.slo, c)}
${stepsTableHtml(report.steps, c)}
${endpointsSectionHtml(report.endpoints, input.baselineEndpoints, {
  locale: input.locale,
  tz: input.tz,
  baselineName: input.nav?.baseline?.kind === 'other' ? input.nav.baseline.name : undefined,
})}
${narrativeSection(input.narrative, c, input.locale)}
<section id="charts">
<h2>${t('charts')}</h2>
<p class="meta hint">${t('chartsHint')}</p>
<div id="chart-list" class="charts" aria-live="polite"><p class="meta loading">${t('chartsLoading')}</p></div>
</section>
<h2>${e(c.s.domains)}</h2>
${report.domains.map((d) => domainWithVotes(d, c, input)).join('\n')}
${summarySection(input.versions, input)}
${sourcesSectionHtml(input.nav?.external ?? [], input.locale)}
${
  warnings.length > 0
    ? `<h2>${e(c.s.warnings)}</h2>\n<ul class="warnings">${warnings.map((w) => `<li>${e(w)}</li>`).join('')}</ul>`
    : ''
}
</div>`;
  return renderLayout({
    locale: input.locale,
    url: input.url,
    title: report.name,
    body,
    csrf: input.csrf,
    scripts: ['/static/chart.umd.js', '/static/chart-kit.js', '/static/charts.js', '/static/report.js'],
    runsLink: input.runsLink,
    data: {
      'run-id': input.run.id,
      'can-edit': String(input.canEdit),
      user: input.user,
      tz: input.tz,
      locale: input.locale,
      i18n: JSON.stringify(scriptStrings(input.locale, SCRIPT_KEYS)),
    },
  });
}
