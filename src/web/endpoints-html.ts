import { type EndpointDelta, type EndpointsJson, endpointDeltas } from '../analysis/endpoints.js';
import { fig } from '../analysis/figure.js';
import { createFormatter, type Formatter } from '../analysis/format.js';
import type { Locale } from '../analysis/report.types.js';
import { escapeHtml as e } from '../render/escape.js';
import { htmlStrings } from '../render/html-strings.js';
import { webText } from './web-strings.js';

/** A change printed under a value: `+12.0%`, classed by whether it is good news. */
function deltaHtml(text: string, value: number | null, higherIsWorse: boolean): string {
  if (value === null) return '';
  const dir = value > 0 ? 'up' : value < 0 ? 'down' : 'flat';
  const judged = value === 0 ? '' : value > 0 === higherIsWorse ? ' worse' : ' better';
  return `<br><small class="delta ${dir}${judged}">${e(text)}</small>`;
}

function pctDelta(f: Formatter, pct: number | null): string {
  return pct === null ? '' : f.signed(fig(pct / 100, 'ratio'));
}

function ppDelta(f: Formatter, pp: number | null, locale: Locale): string {
  if (pp === null) return '';
  const n = new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-US', {
    maximumFractionDigits: 2,
    signDisplay: 'exceptZero',
  }).format(pp);
  return `${n}\u00a0${webText(f.locale, 'pp')}`;
}

/**
 * The per-endpoint table of a report (`report.endpoints`, computed once by the analysis):
 * route, rps, p95 and error rate over the table's span, sorted by load, each with its
 * change against the baseline's table when there is one. Empty without a table.
 */
export function endpointsSectionHtml(
  table: EndpointsJson | null | undefined,
  baseline: EndpointsJson | null | undefined,
  opts: { locale: Locale; tz: string; baselineName?: string },
): string {
  if (!table || table.rows.length === 0) return '';
  const { locale } = opts;
  const f = createFormatter(locale, opts.tz);
  const s = htmlStrings(locale);
  const t = (k: Parameters<typeof webText>[1], p?: Record<string, string | number>) =>
    e(webText(locale, k, p));
  const deltas = new Map<string, EndpointDelta>(
    baseline ? endpointDeltas(table, baseline).map((d) => [d.route, d]) : [],
  );
  const range = f.range(Date.parse(table.span.from), Date.parse(table.span.to));
  const rows = table.rows
    .map((r) => {
      const d = deltas.get(r.route);
      const fresh =
        baseline && d && !d.inBaseline ? ` <span class="badge new">${t('notInBaseline')}</span>` : '';
      const rps = r.rps === null ? '—' : f.rps(r.rps);
      const p95 = r.p95Ms === null ? '—' : f.ms(r.p95Ms);
      const err = r.errorRate === null ? '—' : f.pct(r.errorRate);
      return `<tr class="endpoint" data-route="${e(r.route)}"><td class="text route"><code>${e(r.route)}</code>${fresh}</td>
<td>${e(rps)}${deltaHtml(pctDelta(f, d?.rpsPct ?? null), d?.rpsPct ?? null, false)}</td>
<td>${e(p95)}${deltaHtml(pctDelta(f, d?.p95Pct ?? null), d?.p95Pct ?? null, true)}</td>
<td>${e(err)}${deltaHtml(ppDelta(f, d?.errorRatePp ?? null, locale), d?.errorRatePp ?? null, true)}</td></tr>`;
    })
    .join('\n');
  const notes = [
    table.hasErrors ? '' : `<p class="meta">${t('endpointsNoErrors')}</p>`,
    table.omitted > 0 ? `<p class="meta">${t('endpointsOmitted', { n: table.omitted })}</p>` : '',
  ].join('');
  return `<section id="endpoints" class="card endpoints">
<h2>${t('endpoints')}</h2>
<p class="meta">${t(table.span.kind === 'peak' ? 'endpointsPeak' : 'endpointsWindow', { range })}${
    baseline && opts.baselineName ? ` ${t('endpointsVsBaseline', { name: opts.baselineName })}` : ''
  }</p>
<div class="table-wrap"><table class="endpoints"><thead><tr><th>${t('colRoute')}</th><th>${e(
    s.stepCols.rps,
  )}</th><th>p95</th><th>${e(s.stepCols.errors)}</th></tr></thead><tbody>
${rows}
</tbody></table></div>
${notes}
</section>`;
}
