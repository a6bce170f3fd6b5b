import { createFormatter, type Formatter } from '../analysis/format.js';
import { panelSpec } from '../analysis/panels.js';
import type { Locale } from '../analysis/report.types.js';
import type { Change, CompareResult, CompareVerdict } from './compare.types.js';
import { compareText } from './compare-text.js';

interface LocaleFormats {
  f: Formatter;
  p: Intl.NumberFormat;
  pct: [Intl.NumberFormat, Intl.NumberFormat];
}

// Intl objects are immutable and costly to build (hundreds of rows are explained per
// comparison), so each locale's set is built once.
const FORMATS = new Map<string, LocaleFormats>();

function formats(locale: Locale, tz = 'UTC'): LocaleFormats {
  const id = `${locale}|${tz}`;
  let x = FORMATS.get(id);
  if (!x) {
    const tag = locale === 'ru' ? 'ru-RU' : 'en-US';
    x = {
      f: createFormatter(locale, tz),
      p: new Intl.NumberFormat(tag, { maximumSignificantDigits: 2 }),
      pct: [
        new Intl.NumberFormat(tag, { maximumFractionDigits: 0 }),
        new Intl.NumberFormat(tag, { maximumFractionDigits: 1 }),
      ],
    };
    FORMATS.set(id, x);
  }
  return x;
}

/** A value in its normalised unit (seconds, ratio, rps, bytes…) as a reader wants it. */
export function formatValue(f: Formatter, unit: string, x: number): string {
  if (!Number.isFinite(x)) return '–';
  switch (unit) {
    case 's':
      return f.ms(x * 1000);
    case 'ms':
      return f.ms(x);
    case 'ratio':
      return f.pct(x);
    case 'percent':
      return f.pct(x / 100);
    case 'rps':
      return f.rps(x);
    case 'bytes':
      return f.bytes(x);
    default:
      return f.num(x);
  }
}

/** `p < 0.001` or `p = 0.012`, with the locale's decimal separator. */
export function formatP(locale: Locale, p: number | null): string {
  if (p === null) return 'p = –';
  const nf = formats(locale).p;
  return p < 0.001
    ? compareText(locale, 'c.p_below', { p: nf.format(0.001) })
    : compareText(locale, 'c.p_equal', { p: nf.format(p) });
}

/** The metric's catalogue title in `locale` (e.g. `Latency p95`), or `domain.panel`. */
export function metricTitle(
  locale: Locale,
  c: Pick<Change, 'domain' | 'metric' | 'series' | 'panelLevel'>,
): string {
  const title = panelSpec(c.domain, c.metric)?.title[locale] ?? `${c.domain}.${c.metric}`;
  return c.panelLevel || c.series === ''
    ? title
    : compareText(locale, 'c.series', { metric: title, series: c.series });
}

function percent(locale: Locale, deltaPct: number): string {
  const abs = Math.abs(deltaPct);
  const nf = formats(locale).pct[abs >= 10 ? 0 : 1];
  return `${nf.format(abs)}${locale === 'ru' ? '\u00a0%' : '%'}`;
}

/**
 * One line per change, e.g. `Latency p95 at 200 rps rose 35% (78 ms → 105 ms, p < 0.001)` /
 * `Задержка p95 на 200 зап/с: рост на 35 % (78 мс → 105 мс, p < 0,001)`.
 */
export function explainChange(
  c: Omit<Change, 'text'>,
  locale: Locale,
  ctx: { steps?: number; tz?: string } = {},
): string {
  const { f } = formats(locale, ctx.tz);
  const at =
    c.atRps !== null
      ? compareText(locale, 'c.at_rps', { rps: f.rps(c.atRps) })
      : c.segment === 'all' && ctx.steps
        ? compareText(locale, 'c.all_steps', { n: ctx.steps })
        : '';
  const up = c.moved === 'up' || (c.moved === 'none' && c.b >= c.a);
  return compareText(locale, up ? 'c.up' : 'c.down', {
    metric: metricTitle(locale, c),
    at,
    pct: percent(locale, c.deltaPct),
    a: formatValue(f, c.unit, c.a),
    b: formatValue(f, c.unit, c.b),
    p: formatP(locale, c.pValue),
  });
}

/** The verdict in words. */
export function verdictText(locale: Locale, v: CompareVerdict): string {
  return compareText(locale, `v.${v}`);
}

/**
 * The verdict and the top change in one line, e.g. `regression: Latency p95 at 200 rps rose
 * 35% (…) (+2 more)`; without a change, how many key metrics were compared.
 */
export function verdictLine(r: Pick<CompareResult, 'verdict' | 'top' | 'keyTested'>, locale: Locale): string {
  const verdict = verdictText(locale, r.verdict);
  const first = r.top[0];
  if (!first || r.verdict === 'no_change' || r.verdict === 'insufficient_data') {
    return r.verdict === 'insufficient_data'
      ? verdict
      : compareText(locale, 's.none', { verdict, n: r.keyTested });
  }
  const line = compareText(locale, 's.line', { verdict, top: first.text[locale] });
  return r.top.length > 1 ? compareText(locale, 's.more', { line, n: r.top.length - 1 }) : line;
}

/**
 * The line a report summary gets after comparing with the baseline (or any reference run):
 * `vs baseline orders 2026-01-15 10:00: regression: …`.
 */
export function summaryLine(
  r: Pick<CompareResult, 'verdict' | 'top' | 'keyTested' | 'runs'>,
  locale: Locale,
  opts: { baseline?: boolean } = {},
): string {
  return compareText(locale, opts.baseline ? 's.against_baseline' : 's.against', {
    name: r.runs.a.name,
    line: verdictLine(r, locale),
  });
}
