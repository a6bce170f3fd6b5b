import type { DomainId } from '../config/file.schema.js';
import { glossary } from '../i18n/glossary.js';
import type { PanelData, PanelFailure } from '../sources/series.js';
import { createFormatter, type Formatter } from './format.js';
import { panelSpec } from './panels.js';
import type { DomainJson, Locale, Verdict } from './report.types.js';

/** A panel the source could not deliver, as the report JSON names it on its domain. */
export interface MissingPanelJson {
  /** Panel id within the domain (`p95`, `rps`, a user query's id). */
  panel: string;
  /** The panel's title as the pack wrote it (English); surfaces use the catalogue's ru/en title when there is one. */
  title: string;
  reason: PanelFailure['kind'];
  /** Who gave up: `Prometheus`, `Grafana`, `InfluxDB`. */
  source: string;
  /** Requests sent for the panel, shards and retries included. */
  tries: number;
  /** When the source gave up (ISO 8601). */
  at: string;
  /** A key panel: without it the report cannot pass (see `isKeyPanel`). */
  key: boolean;
  /** The source's own message. */
  detail: string;
}

/**
 * Key panels: the offered load, throughput, error rate and p95 latency — of the load tool
 * and of the service. The verdict is judged on them, so a report missing one cannot pass.
 * A histogram fetched once for all its quantiles counts as latency.
 */
export function isKeyPanel(domain: DomainId, panel: string, role: string): boolean {
  if (domain !== 'http' && domain !== 'load') return false;
  return (
    ['load', 'throughput', 'error_rate', 'latency_p95'].includes(role) ||
    ['users', 'rps', 'error_rate', 'p95'].includes(panel) ||
    /bucket|histogram/.test(panel)
  );
}

/** The panels of `domain` whose query was sent and given up on, in panel order. */
export function missingPanels(panels: readonly PanelData[], domain: DomainId): MissingPanelJson[] {
  return panels
    .filter((p) => p.domain === domain && p.error !== undefined && p.failure !== undefined)
    .map((p) => ({
      panel: p.panel,
      title: p.title,
      reason: p.failure!.kind,
      source: p.failure!.source,
      tries: p.failure!.tries,
      at: p.failure!.at,
      key: isKeyPanel(p.domain, p.panel, p.role),
      detail: p.error!,
    }));
}

/**
 * The verdict once missing panels are known: a report missing a key panel cannot pass nor
 * be called a mere risk — it is `insufficient_data` (a `--fail-on` gate exits 2). A `fail`
 * stands: it was measured on the panels that did arrive.
 */
export function verdictWithMissing(verdict: Verdict, missing: readonly MissingPanelJson[]): Verdict {
  if (verdict === 'fail' || !missing.some((m) => m.key)) return verdict;
  return 'insufficient_data';
}

const WHY: Record<Locale, Record<PanelFailure['kind'], string>> = {
  en: {
    timeout: '{source} timed out',
    overloaded: '{source} was overloaded',
    unreachable: '{source} was unreachable',
    rejected: '{source} rejected the query',
    error: '{source} failed',
  },
  ru: {
    timeout: '{source} не ответил вовремя',
    overloaded: '{source} перегружен',
    unreachable: '{source} недоступен',
    rejected: '{source} отклонил запрос',
    error: 'ошибка {source}',
  },
};

const LINE: Record<Locale, string> = {
  en: '{domain} {title} missing: {why} after {tries} at {time}',
  ru: '{domain}: нет данных «{title}» — {why} {tries}, в {time}',
};

function triesText(n: number, locale: Locale): string {
  if (locale === 'en') return `${n} ${n === 1 ? 'try' : 'tries'}`;
  // «после N попыток»: genitive — singular after 1 (21, 31…), plural otherwise.
  return `после ${n} ${n % 10 === 1 && n % 100 !== 11 ? 'попытки' : 'попыток'}`;
}

const fill = (tpl: string, p: Record<string, string>) =>
  tpl.replace(/\{(\w+)\}/g, (m, k: string) => p[k] ?? m);

/**
 * One line naming a missing panel in `f`'s language and zone, e.g. "HTTP latency p95
 * missing: Prometheus timed out after 3 tries at 02:14" / "HTTP: нет данных «Задержка
 * p95» — Prometheus не ответил вовремя после 3 попыток, в 02:14".
 */
export function missingLine(domain: DomainId, m: MissingPanelJson, f: Formatter): string {
  const locale = f.locale;
  const spec = panelSpec(domain, m.panel);
  const title = spec ? spec.title[locale] : m.title;
  const source = locale === 'ru' && m.source === 'the source' ? 'источник' : m.source;
  const at = Date.parse(m.at);
  return fill(LINE[locale], {
    domain: glossary(locale).domain[domain],
    title: locale === 'en' ? title.charAt(0).toLowerCase() + title.slice(1) : title,
    why: fill(WHY[locale][m.reason], { source }),
    tries: triesText(m.tries, locale),
    time: Number.isFinite(at) ? f.time(at) : '—',
  });
}

/** The report notes naming every missing panel, in both languages (times in `tz`). */
export function missingPanelNotes(domains: readonly DomainJson[], tz: string): Record<Locale, string[]> {
  const out: Record<Locale, string[]> = { en: [], ru: [] };
  for (const locale of ['en', 'ru'] as const) {
    const f = createFormatter(locale, tz);
    for (const d of domains) for (const m of d.missing ?? []) out[locale].push(missingLine(d.id, m, f));
  }
  return out;
}
