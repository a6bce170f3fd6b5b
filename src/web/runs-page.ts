import { createFormatter } from '../analysis/format.js';
import type { Locale, Verdict } from '../analysis/report.types.js';
import { escapeHtml as e } from '../render/escape.js';
import { htmlStrings } from '../render/html-strings.js';
import type { RunRecord } from '../store/store.js';
import { renderLayout } from './layout.js';
import { scriptStrings, type WebTextKey, webText } from './web-strings.js';

export const VERDICTS: readonly Verdict[] = ['pass', 'risk', 'fail', 'insufficient_data'];

/** The runs list's filters as given in the query string (dates as `YYYY-MM-DD` in the page's zone). */
export interface RunsQuery {
  service?: string;
  verdict?: Verdict;
  q?: string;
  since?: string;
  until?: string;
  page: number;
}

export interface RunsPageInput {
  runs: RunRecord[];
  /** Services offered in the filter. */
  services: string[];
  query: RunsQuery;
  hasMore: boolean;
  locale: Locale;
  tz: string;
  canEdit: boolean;
  csrf: string;
  url: URL;
  /** Ids of the runs that are their service's baseline (marked in the list). */
  baselines?: ReadonlySet<string>;
  /** Set when a compare request did not pick exactly two runs. */
  notice?: 'pickTwo';
}

const SCRIPT_KEYS: readonly WebTextKey[] = ['renamed', 'deleted', 'failed', 'saving', 'confirmDelete'];

function pageHref(query: RunsQuery, page: number): string {
  const q = new URLSearchParams();
  for (const k of ['service', 'verdict', 'q', 'since', 'until'] as const) {
    const v = query[k];
    if (v) q.set(k, v);
  }
  if (page > 0) q.set('page', String(page));
  const s = q.toString();
  return s ? `/runs?${s}` : '/runs';
}

function filters(i: RunsPageInput): string {
  const t = (k: WebTextKey) => e(webText(i.locale, k));
  const s = htmlStrings(i.locale);
  const opt = (value: string, label: string, selected: boolean) =>
    `<option value="${e(value)}"${selected ? ' selected' : ''}>${e(label)}</option>`;
  const services = [opt('', webText(i.locale, 'all'), !i.query.service)]
    .concat(i.services.map((x) => opt(x, x, x === i.query.service)))
    .join('');
  const verdicts = [opt('', webText(i.locale, 'all'), !i.query.verdict)]
    .concat(VERDICTS.map((v) => opt(v, s.verdict[v], v === i.query.verdict)))
    .join('');
  return `<form class="filters card" method="get" action="/runs" aria-label="${t('filters')}">
<label>${t('service')} <select name="service">${services}</select></label>
<label>${t('verdict')} <select name="verdict">${verdicts}</select></label>
<label>${t('since')} <input type="text" name="since" inputmode="numeric" pattern="\\d{4}-\\d{2}-\\d{2}" placeholder="${t('datePlaceholder')}" value="${e(i.query.since ?? '')}"></label>
<label>${t('until')} <input type="text" name="until" inputmode="numeric" pattern="\\d{4}-\\d{2}-\\d{2}" placeholder="${t('datePlaceholder')}" value="${e(i.query.until ?? '')}"></label>
<label class="grow">${t('search')} <input type="search" name="q" maxlength="200" placeholder="${t('searchPlaceholder')}" value="${e(i.query.q ?? '')}"></label>
<div class="row"><button type="submit">${t('apply')}</button> <a class="button ghost" href="/runs">${t('reset')}</a></div>
</form>`;
}

function row(r: RunRecord, i: RunsPageInput): string {
  const t = (k: WebTextKey, p?: Record<string, string | number>) => e(webText(i.locale, k, p));
  const s = htmlStrings(i.locale);
  const href = `/r/${encodeURIComponent(r.id)}`;
  const actions = i.canEdit
    ? `<button type="button" class="ghost rename">${t('rename')}</button>
<button type="button" class="danger delete">${t('delete')}</button>
<div class="confirm" hidden><span class="confirm-text">${t('confirmDelete', { name: r.name })}</span>
<button type="button" class="danger confirm-delete">${t('confirm')}</button>
<button type="button" class="ghost cancel">${t('cancel')}</button></div>`
    : '';
  const base = i.baselines?.has(r.id)
    ? ` <span class="badge baseline" title="${t('baselineBadge')}">★ ${t('baselineBadge')}</span>`
    : '';
  return `<tr class="run${base ? ' is-baseline' : ''}" data-run-id="${e(r.id)}">
<td class="pick"><input type="checkbox" form="compare-form" name="run" value="${e(r.id)}" aria-label="${t('pickRun', { name: r.name })}"></td>
<td class="text name"><a class="run-link" href="${e(href)}">${e(r.name)}</a>${base}
<form class="rename-form" hidden><input type="text" name="name" maxlength="200" required value="${e(r.name)}" aria-label="${t('colName')}"><button type="submit">${t('save')}</button><button type="button" class="ghost cancel">${t('cancel')}</button></form></td>
<td>${e(r.service ?? '—')}</td>
<td>${e(createFormatter(i.locale, i.tz).range(r.from.getTime(), r.to.getTime()))}</td>
<td><span class="badge ${e(r.verdict)}">${e(s.verdict[r.verdict] ?? r.verdict)}</span></td>
<td>${r.peak ? e(createFormatter(i.locale, i.tz).rps(r.peak.rps)) : '—'}</td>
<td class="actions">${actions}<span class="status" role="status"></span></td>
</tr>`;
}

/**
 * The compare picker: a GET form (no script needed) whose checkboxes sit in the table rows
 * (`form="compare-form"`); `/runs/compare` checks that two were picked and opens them.
 */
function compareBar(i: RunsPageInput): string {
  const t = (k: WebTextKey) => e(webText(i.locale, k));
  const notice = i.notice ? `<p class="notice" role="alert">${t(i.notice)}</p>` : '';
  return `<form id="compare-form" class="compare-bar row" method="get" action="/runs/compare">
<button type="submit">${t('compareSelected')}</button> <span class="meta">${t('compareHint')}</span>
</form>
${notice}`;
}

/**
 * The runs list: filters (service, verdict, window start dates, search) as a plain GET
 * form, newest first, paged; rename and delete (after an in-page confirmation) for edit
 * links, driven by `runs.js`.
 */
export function renderRunsPage(i: RunsPageInput): string {
  const t = (k: WebTextKey) => e(webText(i.locale, k));
  const s = htmlStrings(i.locale);
  const table =
    i.runs.length === 0
      ? `<p class="meta empty">${t('noRunsMatch')}</p>`
      : `${compareBar(i)}
<div class="table-wrap"><table class="runs"><thead><tr><th>${t('colPick')}</th><th>${t('colName')}</th><th>${t('service')}</th><th>${t(
          'colWindow',
        )}</th><th>${t('verdict')}</th><th>${t('colPeak')}</th><th>${t('colActions')}</th></tr></thead><tbody>
${i.runs.map((r) => row(r, i)).join('\n')}
</tbody></table></div>`;
  const pager = [
    i.query.page > 0
      ? `<a class="button ghost" href="${e(pageHref(i.query, i.query.page - 1))}">${t('newer')}</a>`
      : '',
    i.hasMore
      ? `<a class="button ghost" href="${e(pageHref(i.query, i.query.page + 1))}">${t('older')}</a>`
      : '',
  ].join(' ');
  return renderLayout({
    locale: i.locale,
    url: i.url,
    title: webText(i.locale, 'runs'),
    body: `<h1>${t('runs')}</h1>
<p class="meta">${e(s.timeZone)}: ${e(i.tz)}</p>
${filters(i)}
${table}
<nav class="pager">${pager}</nav>`,
    csrf: i.csrf,
    scripts: ['/static/runs.js'],
    runsLink: false,
    data: {
      'can-edit': String(i.canEdit),
      locale: i.locale,
      i18n: JSON.stringify(scriptStrings(i.locale, SCRIPT_KEYS)),
    },
  });
}
