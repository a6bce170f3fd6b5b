import type { Locale, ReportJson, Verdict } from '../analysis/report.types.js';
import { chatText } from '../i18n/chat-text.js';
import type { Msg, MsgBlock, MsgButton } from './chat.types.js';

const VERDICT_ICON: Record<Verdict, string> = { pass: '✅', risk: '⚠️', fail: '❌', insufficient_data: '❔' };
const STATUS_ICON = { ok: '✅', risk: '⚠️', fail: '❌', no_data: '▫️' } as const;

/** Localised verdict word, e.g. FAIL / ПРОВАЛ. */
export function verdictText(ctx: { locale: Locale }, v: Verdict): string {
  return chatText(ctx.locale, `verdict_${v}`);
}

/** `HH:MM` in the chat's zone. */
export function formatTime(ms: number, locale: Locale, tz: string): string {
  return new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', {
    timeZone: tz,
    hour: '2-digit',
    minute: '2-digit',
  }).format(ms);
}

/** `DD.MM HH:MM` (ru) or `DD/MM HH:MM` (en) in the chat's zone. */
export function formatWhen(ms: number, locale: Locale, tz: string): string {
  return new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', {
    timeZone: tz,
    day: '2-digit',
    month: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(ms);
}

const num = (n: number, locale: Locale, digits = 0) =>
  new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-US', { maximumFractionDigits: digits }).format(n);

/** Options of the summary message. */
export interface SummaryOptions {
  locale: Locale;
  tz: string;
  /** Signed link to the web view, when PUBLIC_URL is set. */
  link: string | null;
  /** A header line above the report (alert name, labels). */
  header?: string;
  /** One line comparing with the baseline. */
  baselineLine?: string;
  /** Findings shown at most. */
  maxFindings?: number;
}

/**
 * The summary message of a report: verdict, peak, step table, one line per domain, top
 * findings, link and buttons. Plain text blocks; adapters format and split them.
 */
export function reportSummaryMessage(report: ReportJson, o: SummaryOptions): Msg {
  const t = (k: Parameters<typeof chatText>[1], p?: Record<string, string | number>) =>
    chatText(o.locale, k, p);
  const time = (iso: string) => formatTime(Date.parse(iso), o.locale, o.tz);
  const blocks: MsgBlock[] = [];
  if (o.header) blocks.push({ kind: 'text', text: o.header });
  blocks.push({ kind: 'header', text: `${VERDICT_ICON[report.verdict]} ${report.name}` });
  const peak = report.peak;
  const peakLine = peak
    ? t('peakLine', { rps: num(peak.rps, o.locale, 1), from: time(peak.from), to: time(peak.to) }) +
      (peak.dropAt ? t('peakDrop', { at: time(peak.dropAt) }) : '')
    : t('noPeak');
  blocks.push({
    kind: 'text',
    text: `${t('verdictLine', { verdict: t(`verdict_${report.verdict}`) })}\n${peakLine}`,
  });
  if (o.baselineLine) blocks.push({ kind: 'text', text: o.baselineLine });
  if (report.steps.length > 0) {
    const rows = report.steps.map((s, i) => {
      const p95 = s.p95Ms === null ? '–' : `${num(s.p95Ms, o.locale)}ms`;
      const err = s.errorRate === null ? '–' : `${num(s.errorRate * 100, o.locale, 1)}%`;
      return `${String(i + 1).padEnd(2)} ${time(s.from)}–${time(s.to)} ${num(s.rps, o.locale).padStart(6)} ${p95.padStart(7)} ${err.padStart(7)}`;
    });
    blocks.push({ kind: 'header', text: t('stepsHeader') });
    blocks.push({ kind: 'pre', text: [t('stepsCols'), ...rows].join('\n') });
  }
  if (report.slo.length > 0) {
    const lines = report.slo.map((s) => `${s.passed === null ? '❔' : s.passed ? '✅' : '❌'} ${s.expr}`);
    blocks.push({ kind: 'text', text: `${t('sloHeader')}: ${lines.join('  ')}` });
  }
  blocks.push({ kind: 'header', text: t('domainsHeader') });
  blocks.push({
    kind: 'text',
    text: report.domains
      .map((d) => `${STATUS_ICON[d.status]} ${d.id}: ${firstSentence(d.summary)}`)
      .join('\n'),
  });
  const findings = report.domains
    .flatMap((d) => d.findings.map((f) => ({ ...f, domain: d.id })))
    .sort((a, b) => rank(a.severity) - rank(b.severity))
    .slice(0, o.maxFindings ?? 5);
  if (findings.length > 0) {
    blocks.push({ kind: 'header', text: t('findingsHeader') });
    blocks.push({
      kind: 'text',
      text: findings.map((f) => `• [${f.severity}] ${f.domain}: ${f.title}`).join('\n'),
    });
  }
  const buttons: MsgButton[][] = [
    [
      { kind: 'action', label: t('btnCompare'), action: 'compare_baseline', runId: report.runId },
      { kind: 'action', label: t('btnSetBaseline'), action: 'set_baseline', runId: report.runId },
      { kind: 'action', label: t('btnPdf'), action: 'pdf', runId: report.runId },
    ],
  ];
  if (o.link) {
    blocks.push({ kind: 'link', text: t('fullReport'), url: o.link });
    buttons.push([{ kind: 'url', label: t('btnFull'), url: o.link }]);
  }
  return { blocks, buttons };
}

function rank(s: string): number {
  return ['critical', 'high', 'medium', 'low'].indexOf(s);
}

function firstSentence(text: string): string {
  const i = text.indexOf('; ');
  return i > 0 && i < 160 ? text.slice(0, i) : text.length > 200 ? `${text.slice(0, 197)}…` : text;
}
