import { sloFigure, stepFigure } from '../analysis/figure.js';
import { renderFinding, reportWarnings } from '../analysis/finding-text.js';
import { createFormatter } from '../analysis/format.js';
import type { ReportJson } from '../analysis/report.types.js';
import { renderVerdictReason } from '../analysis/verdict-reason.js';
import { domainSummary } from '../chat/report-message.js';
import { glossary } from '../i18n/glossary.js';
import { scopeLine } from '../topology/services-text.js';

const TEXT = {
  en: {
    verdict: 'Verdict',
    none: 'none',
    dropAt: 'throughput dropped at',
    steps: 'Steps',
    slo: 'SLOs',
    domains: 'Domains',
    out: 'Charts and HTML',
    warnings: 'Notes',
    errors: 'errors',
    unstable: 'unstable',
  },
  ru: {
    verdict: 'Вердикт',
    none: 'нет',
    dropAt: 'пропускная способность упала в',
    steps: 'Ступени',
    slo: 'SLO',
    domains: 'Домены',
    out: 'Графики и HTML',
    warnings: 'Замечания',
    errors: 'ошибки',
    unstable: 'неустойчиво',
  },
} as const;

/**
 * Plain-text rendering of a report for the terminal, in the report's language (or
 * `locale`): figures from the shared formatter, words from the glossary, findings rendered
 * from their typed parameters.
 */
export function printReport(
  report: ReportJson,
  opts: { tz: string; outDir?: string; locale?: 'ru' | 'en' },
): string {
  const locale = opts.locale ?? report.locale ?? 'en';
  const t = TEXT[locale];
  const g = glossary(locale);
  const f = createFormatter(locale, opts.tz);
  const time = (iso: string) => f.time(Date.parse(iso));
  const cell = (x: ReturnType<typeof stepFigure>) => (x ? f.figure(x) : '–');
  const lines: string[] = [];
  lines.push(`${report.name}  (${f.range(Date.parse(report.window.from), Date.parse(report.window.to))})`);
  lines.push(`${t.verdict}: ${g.verdict[report.verdict]}`);
  if (report.verdictReason) lines.push(renderVerdictReason(report.verdict, report.verdictReason, f));
  if (report.scope) lines.push(scopeLine(report.scope, locale));
  const pk = report.peak;
  lines.push(
    `${g.peak}: ${pk ? `${f.rps(pk.rps)} (${time(pk.from)}–${time(pk.to)})${pk.dropAt ? `, ${t.dropAt} ${time(pk.dropAt)}` : ''}` : t.none}`,
  );
  if (report.baseline) lines.push(report.baseline.summary);
  if (report.steps.length > 0) {
    lines.push('', `${t.steps}:`);
    report.steps.forEach((s, i) => {
      lines.push(
        `  ${i + 1}. ${time(s.from)}–${time(s.to)}  ${cell(stepFigure(s, 'rps'))}  p95 ${cell(stepFigure(s, 'p95Ms'))}  ${t.errors} ${cell(stepFigure(s, 'errorRate'))}${s.stable ? '' : `  (${t.unstable})`}`,
      );
    });
  }
  if (report.slo.length > 0) {
    lines.push('', `${t.slo}:`);
    for (const s of report.slo) {
      const mark = s.passed === null ? '?' : s.passed ? '✓' : '✗';
      const v = sloFigure(s);
      lines.push(`  ${mark} ${s.expr}  ${v ? f.figure(v) : '–'}`);
    }
  }
  lines.push('', `${t.domains}:`);
  const width = Math.max(...report.domains.map((d) => g.domain[d.id].length));
  const statusWidth = Math.max(...Object.values(g.status).map((x) => x.length));
  for (const d of report.domains) {
    lines.push(
      `  ${g.domain[d.id].padEnd(width)}  ${g.status[d.status].padEnd(statusWidth)}  ${domainSummary(d, locale)}`,
    );
    for (const x of d.findings.slice(0, 3)) {
      const r = renderFinding(x, f);
      lines.push(`      [${g.severity[x.severity]}] ${r.title}${r.evidence ? ` — ${r.evidence}` : ''}`);
    }
  }
  const warnings = reportWarnings(report, locale);
  if (warnings.length > 0) {
    lines.push('', `${t.warnings}:`);
    for (const w of warnings) lines.push(`  - ${w}`);
  }
  if (opts.outDir) lines.push('', `${t.out}: ${opts.outDir}`);
  return lines.join('\n') + '\n';
}
