import { sloFigure, stepFigure } from '../analysis/figure.js';
import { renderFinding } from '../analysis/finding-text.js';
import { createFormatter, type Formatter } from '../analysis/format.js';
import { missingLine } from '../analysis/missing-panels.js';
import type { DomainJson, Locale, ReportJson, Verdict } from '../analysis/report.types.js';
import { renderVerdictReason } from '../analysis/verdict-reason.js';
import { chatText } from '../i18n/chat-text.js';
import { glossary } from '../i18n/glossary.js';
import { scopeLine } from '../topology/services-text.js';
import type { Msg, MsgBlock, MsgButton } from './chat.types.js';

const VERDICT_ICON: Record<Verdict, string> = { pass: '✅', risk: '⚠️', fail: '❌', insufficient_data: '❔' };
const STATUS_ICON = { ok: '✅', risk: '⚠️', fail: '❌', partial: '◐', no_data: '▫️' } as const;
/** Missing-panel lines a chat summary shows; the rest are counted. */
const MAX_MISSING_LINES = 5;

/** Localised verdict word from the glossary, e.g. FAIL / ПРОВАЛ. */
export function verdictText(ctx: { locale: Locale }, v: Verdict): string {
  return glossary(ctx.locale).verdict[v];
}

/** `HH:MM` in the chat's zone. */
export function formatTime(ms: number, locale: Locale, tz: string): string {
  return createFormatter(locale, tz).time(ms);
}

/** `2026-12-01 15:20 MSK`: ISO-like date and time with the zone, in the chat's zone. */
export function formatWhen(ms: number, locale: Locale, tz: string): string {
  return createFormatter(locale, tz).dateTime(ms);
}

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

/** The step table as monospace text: every cell is the shared formatter's figure. */
export function stepsTableText(report: ReportJson, f: Formatter): string {
  const g = glossary(f.locale);
  const cell = (x: ReturnType<typeof stepFigure>) => (x ? f.figure(x) : '–');
  const rows = report.steps.map((s, i) => [
    String(i + 1),
    `${f.time(Date.parse(s.from))}–${f.time(Date.parse(s.to))}`,
    cell(stepFigure(s, 'rps')),
    cell(stepFigure(s, 'p95Ms')),
    cell(stepFigure(s, 'errorRate')),
  ]);
  const head = ['#', chatText(f.locale, 'colTime'), g.units.rps, 'p95', chatText(f.locale, 'colErrors')];
  const all = [head, ...rows];
  const width = head.map((_, c) => Math.max(...all.map((r) => r[c]!.length)));
  return all
    .map((r) => r.map((x, c) => (c < 2 ? x.padEnd(width[c]!) : x.padStart(width[c]!))).join('  '))
    .join('\n');
}

/** A domain's summary in `locale` when the report carries it, else the stored one. */
export function domainSummary(d: DomainJson, locale: Locale): string {
  return d.summaries?.[locale] ?? d.summary;
}

/**
 * The summary message of a report: verdict, window, peak, step table, one line per domain,
 * top findings, link and buttons. Figures come from the shared formatter, words from the
 * glossary, and findings are rendered in the chat's language from their typed parameters.
 */
export function reportSummaryMessage(report: ReportJson, o: SummaryOptions): Msg {
  const t = (k: Parameters<typeof chatText>[1], p?: Record<string, string | number>) =>
    chatText(o.locale, k, p);
  const f = createFormatter(o.locale, o.tz);
  const g = glossary(o.locale);
  const time = (iso: string) => f.time(Date.parse(iso));
  const blocks: MsgBlock[] = [];
  if (o.header) blocks.push({ kind: 'text', text: o.header });
  blocks.push({ kind: 'header', text: `${VERDICT_ICON[report.verdict]} ${report.name}` });
  const peak = report.peak;
  const peakLine = peak
    ? t('peakLine', { rps: f.rps(peak.rps), from: time(peak.from), to: time(peak.to) }) +
      (peak.dropAt ? t('peakDrop', { at: time(peak.dropAt) }) : '')
    : t('noPeak');
  const window = t('windowLine', {
    window: f.range(Date.parse(report.window.from), Date.parse(report.window.to)),
  });
  blocks.push({
    kind: 'text',
    text: `${t('verdictLine', { verdict: g.verdict[report.verdict] })}${report.verdictReason ? `\n${renderVerdictReason(report.verdict, report.verdictReason, f)}` : ''}\n${window}\n${peakLine}`,
  });
  if (report.scope) blocks.push({ kind: 'text', text: scopeLine(report.scope, o.locale) });
  if (o.baselineLine) blocks.push({ kind: 'text', text: o.baselineLine });
  if (report.steps.length > 0) {
    blocks.push({ kind: 'header', text: t('stepsHeader') });
    blocks.push({ kind: 'pre', text: stepsTableText(report, f) });
  }
  if (report.slo.length > 0) {
    const lines = report.slo.map((s) => {
      const v = sloFigure(s);
      return `${s.passed === null ? '❔' : s.passed ? '✅' : '❌'} ${s.expr}${v ? ` (${f.figure(v)})` : ''}`;
    });
    blocks.push({ kind: 'text', text: `${t('sloHeader')}: ${lines.join('  ')}` });
  }
  blocks.push({ kind: 'header', text: t('domainsHeader') });
  blocks.push({
    kind: 'text',
    text: [
      ...report.domains.map(
        (d) => `${STATUS_ICON[d.status]} ${g.domain[d.id]}: ${firstSentence(domainSummary(d, o.locale))}`,
      ),
      ...missingLines(report, f),
    ].join('\n'),
  });
  const findings = report.domains
    .flatMap((d) => d.findings.map((x) => ({ ...x, domain: d.id })))
    .sort(
      (a, b) =>
        Number(b.role === 'bottleneck') - Number(a.role === 'bottleneck') ||
        rank(a.severity) - rank(b.severity),
    )
    .slice(0, o.maxFindings ?? 5);
  if (findings.length > 0) {
    blocks.push({ kind: 'header', text: t('findingsHeader') });
    blocks.push({
      kind: 'text',
      text: findings
        .map((x) => {
          const r = renderFinding(x, f);
          return `• [${g.severity[x.severity]}] ${g.domain[x.domain]}: ${r.title}${r.evidence ? ` — ${r.evidence}` : ''}`;
        })
        .join('\n'),
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

/** Panels the source gave up on, one line each ("HTTP latency p95 missing: …"), at most MAX_MISSING_LINES. */
function missingLines(report: ReportJson, f: Formatter): string[] {
  const all = report.domains.flatMap((d) => (d.missing ?? []).map((m) => `⛔ ${missingLine(d.id, m, f)}`));
  if (all.length <= MAX_MISSING_LINES) return all;
  return [...all.slice(0, MAX_MISSING_LINES - 1), `⛔ … (+${all.length - MAX_MISSING_LINES + 1})`];
}

function rank(s: string): number {
  return ['critical', 'high', 'medium', 'low'].indexOf(s);
}

function firstSentence(text: string): string {
  const i = text.indexOf('; ');
  return i > 0 && i < 160 ? text.slice(0, i) : text.length > 200 ? `${text.slice(0, 197)}…` : text;
}
