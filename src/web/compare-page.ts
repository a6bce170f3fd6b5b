import { createFormatter } from '../analysis/format.js';
import type { Locale } from '../analysis/report.types.js';
import type { CompareResult, CompareRunInfo, CompareVerdict } from '../compare/compare.types.js';
import { planCompareCharts } from '../compare/compare-charts.js';
import { formatP, metricTitle, verdictLine, verdictText } from '../compare/explain.js';
import type { StoredComparison } from '../compare/load-and-compare.js';
import { escapeHtml as e } from '../render/escape.js';
import { htmlStrings } from '../render/html-strings.js';
import { type ChartData, toWebCharts } from './chart-data.js';
import { makeWhen } from './feedback-html.js';
import { renderLayout } from './layout.js';
import { scriptStrings, type WebTextKey, webText } from './web-strings.js';

/** Badge colour of a comparison verdict (the report's badge classes). */
const BADGE: Record<CompareVerdict, string> = {
  regression: 'fail',
  improvement: 'pass',
  no_change: 'ok',
  insufficient_data: 'insufficient_data',
};

const SCRIPT_KEYS: readonly WebTextKey[] = ['resetZoom', 'chartsLoading', 'chartsFailed', 'chartsNone'];

/** The series URL of a comparison (below the page's path, so the page's session cookie reaches it). */
export function compareSeriesPath(a: string, b: string): string {
  return `/compare/${encodeURIComponent(a)}/${encodeURIComponent(b)}/series`;
}

/**
 * The overlay charts of a comparison for the browser: the same overlays as the chat's
 * comparison album (A solid, B dashed on A's time axis), compared windows as step bands.
 */
export function compareChartData(pair: StoredComparison, opts: { locale: Locale; tz: string }): ChartData {
  const { result } = pair;
  const specs = planCompareCharts(pair.a, pair.b, result, opts.locale);
  const steps =
    result.alignment.mode === 'steps'
      ? result.alignment.segments
          .filter((s) => s.kind !== 'all')
          .flatMap((s) => s.windows.map((w) => [w.a.fromMs, w.a.toMs] as [number, number]))
      : [];
  return {
    locale: opts.locale,
    tz: opts.tz,
    window: { from: Date.parse(result.runs.a.from), to: Date.parse(result.runs.a.to) },
    markers: { steps, peak: null, drop: null },
    charts: toWebCharts(specs, opts.locale),
  };
}

function pct(locale: Locale, v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '—';
  const n = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(v);
  return `${n}%`;
}

/** The comparison page: verdict, both runs, peak change, top changes, overlays, every row, warnings. */
export function renderComparePage(input: {
  result: CompareResult;
  locale: Locale;
  tz: string;
  url: URL;
  runsLink: boolean;
}): string {
  const { result: r, locale } = input;
  const t = (k: WebTextKey, p?: Record<string, string | number>) => e(webText(locale, k, p));
  const s = htmlStrings(locale);
  const when = makeWhen(locale, input.tz);
  const f = createFormatter(locale, input.tz);
  const rps = (v: number | null) => (v === null ? '—' : f.rps(v));
  const runRow = (label: string, info: CompareRunInfo) =>
    `<tr><td>${e(label)}</td><td class="text"><a href="/r/${e(encodeURIComponent(info.id))}">${e(info.name)}</a></td><td>${e(
      info.service ?? '—',
    )}</td><td>${e(when(new Date(info.from)))} – ${e(when(new Date(info.to)))}</td><td>${e(rps(info.peakRps))}</td></tr>`;
  const top =
    r.top.length > 0
      ? `<ul class="changes">${r.top.map((c) => `<li class="${e(c.direction)}">${e(c.text[locale])}</li>`).join('')}</ul>`
      : `<p class="meta">${t('noChanges')}</p>`;
  const rows = r.changes
    .map(
      (c) =>
        `<tr class="${c.significant ? 'significant' : ''}"><td class="text">${e(metricTitle(locale, c))}</td><td>${e(
          c.segment,
        )}</td><td>${e(pct(locale, c.deltaPct))}</td><td>${e(formatP(locale, c.pValue))}</td><td class="${
          c.significant ? 'no' : ''
        }">${e(c.significant ? s.yes : s.no)}</td></tr>`,
    )
    .join('\n');
  const body = `<h1>${e(r.runs.a.name)} ↔ ${e(r.runs.b.name)}</h1>
<p><span class="badge big ${BADGE[r.verdict]}">${e(verdictText(locale, r.verdict))}</span></p>
<p class="peak">${e(verdictLine(r, locale))}</p>
<div class="table-wrap"><table class="compare-runs"><thead><tr><th></th><th>${t('colName')}</th><th>${t('service')}</th><th>${t(
    'colWindow',
  )}</th><th>${t('colPeak')}</th></tr></thead><tbody>
${runRow(webText(locale, 'reference'), r.runs.a)}
${runRow(webText(locale, 'candidate'), r.runs.b)}
</tbody></table></div>
<p class="meta">${t('peakChange', { a: rps(r.peak.a), b: rps(r.peak.b), delta: pct(locale, r.peak.deltaPct) })}</p>
<h2>${t('topChanges')}</h2>
${top}
<section id="charts">
<h2>${t('charts')}</h2>
<p class="meta hint">${t('chartsHint')}</p>
<div id="chart-list" class="charts" aria-live="polite"><p class="meta loading">${t('chartsLoading')}</p></div>
</section>
<details class="all-changes"><summary>${t('allChanges')} (${r.changes.length})</summary>
<div class="table-wrap"><table><thead><tr><th>${t('colMetric')}</th><th>${t('colSegment')}</th><th>${t(
    'colChange',
  )}</th><th>p</th><th>${t('colSignificant')}</th></tr></thead><tbody>
${rows}
</tbody></table></div>
</details>
${
  r.warnings.length > 0
    ? `<h2>${e(s.warnings)}</h2>\n<ul class="warnings">${r.warnings.map((w) => `<li>${e(w)}</li>`).join('')}</ul>`
    : ''
}`;
  return renderLayout({
    locale,
    url: input.url,
    title: `${webText(locale, 'compare')}: ${r.runs.a.name} ↔ ${r.runs.b.name}`,
    body,
    scripts: ['/static/chart.umd.js', '/static/chart-kit.js', '/static/charts.js'],
    runsLink: input.runsLink,
    data: {
      'series-url': compareSeriesPath(r.a, r.b),
      tz: input.tz,
      locale,
      i18n: JSON.stringify(scriptStrings(locale, SCRIPT_KEYS)),
    },
  });
}
