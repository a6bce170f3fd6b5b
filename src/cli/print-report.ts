import type { ReportJson } from '../analysis/report.types.js';
import { chatText } from '../i18n/chat-text.js';

const TEXT = {
  en: {
    verdict: 'Verdict',
    peak: 'Peak',
    none: 'none',
    dropAt: 'throughput dropped at',
    steps: 'Steps',
    slo: 'SLOs',
    domains: 'Domains',
    out: 'Charts and HTML',
    warnings: 'Notes',
    errors: 'errors',
  },
  ru: {
    verdict: 'Вердикт',
    peak: 'Пик',
    none: 'нет',
    dropAt: 'пропускная способность упала в',
    steps: 'Ступени',
    slo: 'SLO',
    domains: 'Домены',
    out: 'Графики и HTML',
    warnings: 'Замечания',
    errors: 'ошибки',
  },
} as const;

/** Plain-text rendering of a report for the terminal. */
export function printReport(report: ReportJson, opts: { tz: string; outDir?: string }): string {
  const locale = report.locale ?? 'en';
  const t = TEXT[locale];
  const time = (iso: string) =>
    new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', {
      timeZone: opts.tz,
      hour: '2-digit',
      minute: '2-digit',
    }).format(new Date(iso));
  const num = (n: number, digits = 0) =>
    new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-US', { maximumFractionDigits: digits }).format(n);
  const sloValue = (v: number, unit: string | undefined) => {
    if (unit === 'ratio') return `${num(v * 100, 2)}%`;
    if (unit === 'bytes') return `${num(v / 2 ** 20, 1)} MiB`;
    if (unit === 'ms') return `${num(v)} ms`;
    return unit ? `${num(v, 2)} ${unit}` : num(v, 3);
  };
  const lines: string[] = [];
  lines.push(`${report.name}  (${report.window.from} – ${report.window.to})`);
  lines.push(`${t.verdict}: ${chatText(locale, `verdict_${report.verdict}`)}`);
  const pk = report.peak;
  lines.push(
    `${t.peak}: ${pk ? `${num(pk.rps, 1)} rps (${time(pk.from)}–${time(pk.to)})${pk.dropAt ? `, ${t.dropAt} ${time(pk.dropAt)}` : ''}` : t.none}`,
  );
  if (report.baseline) lines.push(report.baseline.summary);
  if (report.steps.length > 0) {
    lines.push('', `${t.steps}:`);
    report.steps.forEach((s, i) => {
      const p95 = s.p95Ms === null ? '–' : `${num(s.p95Ms)} ms`;
      const err = s.errorRate === null ? '–' : `${num(s.errorRate * 100, 2)}%`;
      lines.push(
        `  ${i + 1}. ${time(s.from)}–${time(s.to)}  ${num(s.rps, 1)} rps  p95 ${p95}  ${t.errors} ${err}${s.stable ? '' : '  ~'}`,
      );
    });
  }
  if (report.slo.length > 0) {
    lines.push('', `${t.slo}:`);
    for (const s of report.slo) {
      const mark = s.passed === null ? '?' : s.passed ? '✓' : '✗';
      lines.push(`  ${mark} ${s.expr}  ${s.actual === null ? '–' : sloValue(s.actual, s.unit)}`);
    }
  }
  lines.push('', `${t.domains}:`);
  for (const d of report.domains) {
    lines.push(`  ${d.id.padEnd(9)} ${d.status.padEnd(8)} ${d.summary}`);
    for (const f of d.findings.slice(0, 3)) lines.push(`      [${f.severity}] ${f.title}`);
  }
  if (report.warnings && report.warnings.length > 0) {
    lines.push('', `${t.warnings}:`);
    for (const w of report.warnings) lines.push(`  - ${w}`);
  }
  if (opts.outDir) lines.push('', `${t.out}: ${opts.outDir}`);
  return lines.join('\n') + '\n';
}
