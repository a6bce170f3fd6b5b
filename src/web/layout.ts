import type { Locale } from '../analysis/report.types.js';
import { escapeHtml as e } from '../render/escape.js';
import { webText } from './web-strings.js';

/** What a page puts into the shared frame. */
export interface LayoutOptions {
  locale: Locale;
  title: string;
  /** The page's HTML (already escaped where it holds user text). */
  body: string;
  /** The URL the page was opened with; the language switch keeps its other parameters. */
  url: URL;
  /** CSRF token for the page's scripts (pages that write). */
  csrf?: string;
  /** Extra scripts, loaded deferred after `common.js`. */
  scripts?: string[];
  /** `data-*` attributes of `<body>` (values are escaped here). */
  data?: Record<string, string>;
  /** Show the link to the runs list (the visitor's link opens it). */
  runsLink?: boolean;
}

/** The same URL in the other language (relative, so it stays on this host). */
function otherLangHref(url: URL, other: Locale): string {
  const q = new URLSearchParams(url.search);
  q.set('lang', other);
  return `${url.pathname}?${q.toString()}`;
}

/**
 * The frame of every page: strict-CSP-friendly head (only same-origin stylesheet and
 * scripts, nothing inline), a top bar with the runs link, language switch and theme
 * toggle. `common.js` loads synchronously in the head so the saved theme applies before
 * the first paint.
 */
export function renderLayout(o: LayoutOptions): string {
  const other: Locale = o.locale === 'ru' ? 'en' : 'ru';
  const data = Object.entries(o.data ?? {})
    .map(([k, v]) => ` data-${e(k)}="${e(v)}"`)
    .join('');
  const scripts = (o.scripts ?? []).map((s) => `<script src="${e(s)}" defer></script>`).join('\n');
  return `<!doctype html>
<html lang="${e(o.locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
${o.csrf ? `<meta name="csrf-token" content="${e(o.csrf)}">` : ''}
<title>${e(o.title)} · LoadLens</title>
<link rel="stylesheet" href="/static/app.css">
<script src="/static/common.js"></script>
${scripts}
</head>
<body${data}>
<nav class="topbar">
<span class="brand">LoadLens</span>
<span class="spacer"></span>
${o.runsLink ? `<a href="/runs">${e(webText(o.locale, 'runs'))}</a>` : ''}
<a href="${e(otherLangHref(o.url, other))}" hreflang="${other}" lang="${other}">${e(webText(o.locale, 'otherLang'))}</a>
<button type="button" class="ghost" id="theme-toggle" title="${e(webText(o.locale, 'theme'))}">◐ <span class="label">${e(webText(o.locale, 'theme'))}</span></button>
</nav>
<main>
${o.body}
</main>
</body>
</html>
`;
}

/** Title and text keys of an error page by HTTP status. */
const ERRORS = {
  400: ['errBadRequest', 'errBadRequestText'],
  401: ['errUnauthorized', 'errUnauthorizedText'],
  403: ['errForbidden', 'errForbiddenText'],
  404: ['errNotFound', 'errNotFoundText'],
  500: ['errInternal', 'errInternalText'],
} as const;

/** A readable error page in the visitor's language; `detail` is the coded error message. */
export function renderErrorPage(
  locale: Locale,
  status: 400 | 401 | 403 | 404 | 500,
  url: URL,
  detail?: string,
): string {
  const [title, text] = ERRORS[status];
  return renderLayout({
    locale,
    url,
    title: webText(locale, title),
    body: `<section class="error-page" data-status="${status}">
<h1>${status} · ${e(webText(locale, title))}</h1>
<p>${e(webText(locale, text))}</p>
${detail ? `<p class="meta">${e(detail)}</p>` : ''}
</section>`,
  });
}
