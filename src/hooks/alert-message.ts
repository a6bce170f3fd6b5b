import { createFormatter } from '../analysis/format.js';
import type { Locale, ReportJson } from '../analysis/report.types.js';
import type { Msg, MsgBlock } from '../chat/chat.types.js';
import { formatTime, formatWhen, reportSummaryMessage } from '../chat/report-message.js';
import type { AlertItem, AlertReportJob } from '../pipeline/jobs/payloads.js';

/** Which report of an incident a message is. */
export type AlertReportKind = 'first' | 'update' | 'final';

const TEXT = {
  en: {
    first: '🔥 Alert: {title}',
    update: '🔥 Alert: {title} (updated {at})',
    final: '✅ Resolved: {title}, incident report',
    labels: 'Labels',
    values: 'Values',
    since: 'Since',
    ended: 'Ended',
    firing: 'Firing',
    window: 'Report window',
    more: '…and {n} more',
    dashboard: 'Dashboard',
    panel: 'Panel',
    source: 'Alert rule',
    silence: 'Silence',
  },
  ru: {
    first: '🔥 Алерт: {title}',
    update: '🔥 Алерт: {title} (обновлено {at})',
    final: '✅ Закрыт: {title}, отчёт по инциденту',
    labels: 'Метки',
    values: 'Значения',
    since: 'С',
    ended: 'Закончился',
    firing: 'Срабатывает',
    window: 'Окно отчёта',
    more: '…и ещё {n}',
    dashboard: 'Дашборд',
    panel: 'Панель',
    source: 'Правило',
    silence: 'Заглушить',
  },
} as const satisfies Record<Locale, Record<string, string>>;

type Key = keyof (typeof TEXT)['en'];
const t = (locale: Locale, key: Key, p: Record<string, string | number> = {}) =>
  TEXT[locale][key].replace(/\{(\w+)\}/g, (_, k: string) => String(p[k] ?? `{${k}}`));

const MAX_LINE = 300;
const clip = (s: string) => (s.length > MAX_LINE ? `${s.slice(0, MAX_LINE - 1)}…` : s);

const labelText = (labels: Record<string, string>) =>
  clip(
    Object.entries(labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(', '),
  );

const numberText = (v: number | null, locale: Locale) =>
  v === null
    ? '–'
    : new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-US', { maximumSignificantDigits: 4 }).format(v);

const valuesText = (values: Record<string, number | null>, locale: Locale) =>
  clip(
    Object.entries(values)
      .map(([k, v]) => `${k}=${numberText(v, locale)}`)
      .join(', '),
  );

/** Labels that tell the alerts of a group apart (the common ones are shown once). */
function ownLabels(a: AlertItem, common: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(a.labels).filter(([k, v]) => common[k] !== v));
}

/** Options of the alert header. */
export interface AlertHeaderOptions {
  kind: AlertReportKind;
  locale: Locale;
  tz: string;
  nowMs: number;
  /** The report window. */
  fromMs: number;
  toMs: number;
}

/**
 * The header above an alert-triggered report: the alert's name, labels, values, times and
 * links (Grafana dashboard and panel, the rule), one line per alert when the group has several.
 */
export function alertHeaderBlocks(job: AlertReportJob, o: AlertHeaderOptions): MsgBlock[] {
  const { locale, tz } = o;
  const shown = job.status === 'firing' ? job.alerts.filter((a) => a.status === 'firing') : job.alerts;
  const alerts = shown.length > 0 ? shown : job.alerts;
  const first = alerts[0] as AlertItem;
  const title = t(locale, o.kind, { title: job.title, at: formatTime(o.nowMs, locale, tz) });
  const fields: Array<[string, string]> = [];
  const common = Object.keys(job.commonLabels).length > 0 ? job.commonLabels : first.labels;
  fields.push([t(locale, 'labels'), labelText(common)]);
  if (alerts.length === 1 && Object.keys(first.values).length > 0) {
    fields.push([t(locale, 'values'), valuesText(first.values, locale)]);
  }
  const since = Math.min(...alerts.map((a) => a.startsAtMs));
  fields.push([t(locale, 'since'), formatWhen(since, locale, tz)]);
  if (o.kind === 'final') {
    const ends = alerts.map((a) => a.endsAtMs).filter((x): x is number => x !== null);
    if (ends.length > 0) fields.push([t(locale, 'ended'), formatWhen(Math.max(...ends), locale, tz)]);
  }
  if (alerts.length > 1 || job.truncated > 0)
    fields.push([t(locale, 'firing'), String(alerts.length + job.truncated)]);
  fields.push([t(locale, 'window'), createFormatter(locale, tz).range(o.fromMs, o.toMs)]);

  const blocks: MsgBlock[] = [
    { kind: 'header', text: title },
    { kind: 'fields', items: fields },
  ];
  if (alerts.length > 1) {
    const lines = alerts.slice(0, 10).map((a) => {
      const own = labelText(ownLabels(a, common));
      const vals = Object.keys(a.values).length > 0 ? `: ${valuesText(a.values, locale)}` : '';
      return `• ${own || a.fingerprint}${vals}`;
    });
    const rest = alerts.length - 10 + job.truncated;
    if (rest > 0) lines.push(t(locale, 'more', { n: rest }));
    blocks.push({ kind: 'text', text: lines.join('\n') });
  }
  const summary = first.annotations.summary ?? first.annotations.description;
  if (summary) blocks.push({ kind: 'text', text: clip(summary) });
  const links: Array<[Key, string | undefined]> = [
    ['dashboard', first.links.dashboard],
    ['panel', first.links.panel],
    ['source', first.links.generator],
  ];
  for (const [key, url] of links) {
    if (url && /^https?:\/\//i.test(url)) blocks.push({ kind: 'link', text: t(locale, key), url });
  }
  return blocks;
}

/** The whole message: alert header, then the report summary with its buttons. */
export function alertReportMessage(
  job: AlertReportJob,
  report: ReportJson,
  o: AlertHeaderOptions & { link: string | null },
): Msg {
  const summary = reportSummaryMessage(report, { locale: o.locale, tz: o.tz, link: o.link });
  return { blocks: [...alertHeaderBlocks(job, o), ...summary.blocks], buttons: summary.buttons };
}
