import { panelSpec } from '../analysis/panels.js';
import type { Locale } from '../analysis/report.types.js';
import type { CompareVerdict } from '../compare/compare.types.js';
import { verdictText } from '../compare/explain.js';
import { escapeHtml as e } from '../render/escape.js';
import type { ExternalLink } from './external-links.js';
import { type WebTextKey, webText } from './web-strings.js';

/** The baseline of a report's service as the page shows it. */
export type BaselineView =
  | { kind: 'none'; service: string }
  | { kind: 'self'; service: string }
  | {
      kind: 'other';
      service: string;
      name: string;
      /** Signed link to the baseline's page. */
      href: string;
      /** Signed link to the comparison baseline ↔ this run. */
      compareHref: string;
      /** The "vs baseline" line (the chat's) in the page's language; null when it failed. */
      summary: string | null;
      verdict: CompareVerdict | null;
    };

/** Where the report page links to: the runs list, the baseline and the metrics UIs. */
export interface ReportNav {
  /** Signed link to the runs list, or null when the visitor may not open it. */
  runsHref: string | null;
  /** Null when the run has no service (no baseline can exist). */
  baseline: BaselineView | null;
  external: ExternalLink[];
}

/** Badge colour of a comparison verdict (the report's badge classes). */
const BADGE: Record<CompareVerdict, string> = {
  regression: 'fail',
  improvement: 'pass',
  no_change: 'ok',
  insufficient_data: 'insufficient_data',
};

/** The navigation row under the header: all runs, the baseline run, compare with it. */
export function reportNavHtml(nav: ReportNav, locale: Locale): string {
  const t = (k: WebTextKey) => e(webText(locale, k));
  const links: string[] = [];
  if (nav.runsHref)
    links.push(`<a class="button ghost" id="nav-runs" href="${e(nav.runsHref)}">${t('navRuns')}</a>`);
  const b = nav.baseline;
  if (b?.kind === 'other') {
    links.push(`<a class="button ghost" id="nav-baseline" href="${e(b.href)}">${t('navBaseline')}</a>`);
    links.push(
      `<a class="button ghost" id="nav-compare" href="${e(b.compareHref)}">${t('navCompareBaseline')}</a>`,
    );
  }
  if (links.length === 0) return '';
  return `<nav class="report-nav row" aria-label="${t('navRuns')}">${links.join(' ')}</nav>`;
}

/** The baseline card: the chat's "vs baseline" line with its verdict, or why there is none. */
export function baselineSectionHtml(b: BaselineView | null, locale: Locale): string {
  if (!b) return '';
  const t = (k: WebTextKey, p?: Record<string, string | number>) => e(webText(locale, k, p));
  let body: string;
  if (b.kind === 'none') body = `<p class="meta">${t('baselineNone', { service: b.service })}</p>`;
  else if (b.kind === 'self') body = `<p>${t('baselineIsThis', { service: b.service })}</p>`;
  else {
    const of = `<p class="meta">${t('baselineOf', { service: b.service, name: b.name })}</p>`;
    body =
      b.summary === null || b.verdict === null
        ? `${of}<p class="meta">${t('baselineFailed')}</p>`
        : `${of}<p class="baseline-line"><span class="badge ${BADGE[b.verdict]}">${e(verdictText(locale, b.verdict))}</span> ${e(b.summary)}</p>`;
  }
  return `<section id="baseline" class="card baseline">
<h2>${t('baselineHeader')}</h2>
${body}
</section>`;
}

/** "Open in Grafana / Prometheus" for the window; empty when no metrics UI is configured. */
export function sourcesSectionHtml(links: readonly ExternalLink[], locale: Locale): string {
  if (links.length === 0) return '';
  const t = (k: WebTextKey) => e(webText(locale, k));
  const attrs = 'target="_blank" rel="noopener noreferrer"';
  const main = links
    .filter((l) => l.target === 'all')
    .map(
      (l) =>
        `<a class="button ghost external ${e(l.kind)}" ${attrs} href="${e(l.href)}">${t(
          l.kind === 'grafana' ? 'openGrafana' : 'openPrometheus',
        )}</a>`,
    )
    .join(' ');
  const perPanel = links
    .filter((l) => l.target !== 'all')
    .map((l) => {
      const [domain, panel] = l.target.split('.') as [Parameters<typeof panelSpec>[0], string];
      const title = panelSpec(domain, panel)?.title[locale] ?? l.title;
      return `<li><a class="external ${e(l.kind)}" data-panel="${e(l.target)}" ${attrs} href="${e(l.href)}">${e(title)}</a></li>`;
    })
    .join('');
  return `<section id="sources" class="card sources">
<h2>${t('sources')}</h2>
<p class="meta">${t('sourcesHint')}</p>
<div class="row">${main}</div>
${perPanel ? `<ul class="source-links">${perPanel}</ul>` : ''}
</section>`;
}
