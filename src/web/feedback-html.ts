import { createFormatter } from '../analysis/format.js';
import type { Locale } from '../analysis/report.types.js';
import { escapeHtml as e } from '../render/escape.js';
import type { SummaryVersion, Vote } from '../store/store.js';
import { renderMarkdown } from './markdown.js';
import { webText } from './web-strings.js';

/** Formats instants for the page: locale-aware, in the page's zone. */
export function makeWhen(locale: Locale, tz: string): (d: Date) => string {
  // The shared formatter: ISO-like `2026-12-01 15:20 MSK`, the same on every page.
  const f = createFormatter(locale, tz);
  return (d) => f.dateTime(d.getTime());
}

/** Summary versions as the page's script receives them: rendered HTML next to the source. */
export interface SummaryVersionJson {
  version: number;
  author: string;
  createdAt: string;
  when: string;
  body: string;
  html: string;
}

export function summaryVersionJson(v: SummaryVersion, when: (d: Date) => string): SummaryVersionJson {
  return {
    version: v.version,
    author: v.author,
    createdAt: v.createdAt.toISOString(),
    when: when(v.createdAt),
    body: v.body,
    html: renderMarkdown(v.body),
  };
}

/**
 * A vote mark: ✓/✗ as text (every font has them) beside the 👍/👎 emoji, which a server
 * without an emoji font (the PDF's Chromium) draws as an empty box.
 */
export function voteMark(value: 1 | -1): string {
  return value === 1
    ? '<span class="mark">✓</span> <span class="emoji" aria-hidden="true">👍</span>'
    : '<span class="mark">✗</span> <span class="emoji" aria-hidden="true">👎</span>';
}

/**
 * Agree/disagree widget of one target (`verdict` or a finding id): the tally, each voter's
 * vote and comment, and, with an edit link, the buttons and the comment field.
 */
export function voteWidget(
  target: string,
  votes: readonly Vote[],
  o: { locale: Locale; canEdit: boolean; user: string; question?: string },
): string {
  const t = (k: Parameters<typeof webText>[1]) => e(webText(o.locale, k));
  const mine = votes.find((v) => v.target === target && v.voter === o.user);
  const list = votes.filter((v) => v.target === target);
  const up = list.filter((v) => v.value === 1).length;
  const down = list.length - up;
  const items = list
    .map(
      (v) =>
        `<li><span class="who">${e(v.voter)}</span> <span class="val">${voteMark(v.value === 1 ? 1 : -1)}</span>${
          v.comment ? ` <span class="comment">${e(v.comment)}</span>` : ''
        }</li>`,
    )
    .join('');
  const btn = (value: 1 | -1, label: string) =>
    `<button type="button" class="vote-btn" data-value="${value}" aria-pressed="${mine?.value === value}">${voteMark(value)} ${label}</button>`;
  const form = o.canEdit
    ? `<div class="vote-form">
<input type="text" class="vote-comment" maxlength="1000" placeholder="${t('commentPlaceholder')}" aria-label="${t('commentPlaceholder')}" value="${e(mine?.comment ?? '')}">
${btn(1, t('agree'))}${btn(-1, t('disagree'))}
<span class="status" role="status"></span>
</div>`
    : '';
  return `<div class="votes" data-target="${e(target)}">
${o.question ? `<span class="vote-q">${e(o.question)}</span>` : ''}
<span class="tally"><span class="up" title="${t('agree')}">${voteMark(1)} <b class="n-up">${up}</b></span> <span class="down" title="${t('disagree')}">${voteMark(-1)} <b class="n-down">${down}</b></span></span>
${form}
<ul class="vote-list">${items}</ul>
</div>`;
}

/**
 * The engineer summary: the latest version rendered from Markdown by the sanitiser, the
 * editor (edit links only) and the version history with show and restore.
 */
export function summarySection(
  versions: readonly SummaryVersion[],
  o: { locale: Locale; tz: string; canEdit: boolean },
): string {
  const t = (k: Parameters<typeof webText>[1], p?: Record<string, string | number>) =>
    e(webText(o.locale, k, p));
  const when = makeWhen(o.locale, o.tz);
  const latest = versions.at(-1);
  const current = latest ? renderMarkdown(latest.body) : `<p class="meta empty">${t('summaryNone')}</p>`;
  const meta = latest
    ? webText(o.locale, 'summaryMeta', {
        version: latest.version,
        author: latest.author,
        at: when(latest.createdAt),
      })
    : '';
  const editor = o.canEdit
    ? `<form id="summary-form" class="editor">
<label for="summary-body">${t('summaryLabel')}</label>
<textarea id="summary-body" name="body" rows="8" maxlength="100000">${e(latest?.body ?? '')}</textarea>
<div class="row"><button type="submit" id="summary-save">${t('save')}</button><span class="status" role="status"></span></div>
</form>`
    : `<p class="meta view-only">${t('viewOnly')}</p>`;
  const history = [...versions]
    .reverse()
    .map(
      (v) => `<li data-version="${v.version}"><span class="v">v${v.version}</span> · <span class="author">${e(
        v.author,
      )}</span> · <time datetime="${e(v.createdAt.toISOString())}">${e(when(v.createdAt))}</time>
<button type="button" class="ghost show">${t('show')}</button>${
        o.canEdit ? `<button type="button" class="ghost restore">${t('restore')}</button>` : ''
      }
<div class="md body" hidden>${renderMarkdown(v.body)}</div></li>`,
    )
    .join('\n');
  return `<section id="summary" class="card">
<h2>${t('summary')}</h2>
<div id="summary-current" class="md">${current}</div>
<p id="summary-meta" class="meta">${e(meta)}</p>
${editor}
<details id="summary-history"><summary>${t('history')} (<span class="count">${versions.length}</span>)</summary>
<ol class="history">${history}</ol>
</details>
</section>`;
}
