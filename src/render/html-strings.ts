import type { DomainId, DomainStatus, Locale, Severity, Verdict } from '../analysis/report.types.js';
import { glossary } from '../i18n/glossary.js';

/** Every label of the HTML report, in both languages. */
export interface HtmlStrings {
  docTitle: string;
  verdict: Record<Verdict, string>;
  status: Record<DomainStatus, string>;
  severity: Record<Severity, string>;
  domain: Record<DomainId, string>;
  service: string;
  window: string;
  runId: string;
  timeZone: string;
  peak: string;
  peakNone: string;
  dropAt: string;
  steps: string;
  stepsNone: string;
  stepCols: {
    n: string;
    interval: string;
    rps: string;
    p95: string;
    p99: string;
    errors: string;
    stable: string;
  };
  yes: string;
  no: string;
  slo: string;
  sloNone: string;
  sloCols: { expr: string; actual: string; result: string };
  sloPassed: string;
  sloFailed: string;
  sloUnknown: string;
  domains: string;
  findings: string;
  findingsNone: string;
  packs: string;
  charts: string;
  warnings: string;
  timings: string;
}

const EN: HtmlStrings = {
  docTitle: 'Load test report',
  verdict: glossary('en').verdict,
  status: glossary('en').status,
  severity: glossary('en').severity,
  domain: glossary('en').domain,
  service: 'Service',
  window: 'Window',
  runId: 'Run',
  timeZone: 'Time zone',
  peak: 'Peak sustainable throughput',
  peakNone: 'no sustainable peak found',
  dropAt: 'degradation at',
  steps: 'Load steps',
  stepsNone: 'No load steps found.',
  stepCols: {
    n: '#',
    interval: 'Interval',
    rps: glossary('en').units.rps,
    p95: 'p95',
    p99: 'p99',
    errors: 'Errors',
    stable: 'Stable',
  },
  yes: 'yes',
  no: 'no',
  slo: 'SLO',
  sloNone: 'No SLOs configured.',
  sloCols: { expr: 'Objective', actual: 'Actual', result: 'Result' },
  sloPassed: 'met',
  sloFailed: 'violated',
  sloUnknown: 'no data',
  domains: 'Domains',
  findings: 'Findings',
  findingsNone: 'No findings.',
  packs: 'Metric packs',
  charts: 'Charts',
  warnings: 'Warnings',
  timings: 'Built in',
};

const RU: HtmlStrings = {
  docTitle: 'Отчёт о нагрузочном тесте',
  verdict: glossary('ru').verdict,
  status: glossary('ru').status,
  severity: glossary('ru').severity,
  domain: glossary('ru').domain,
  service: 'Сервис',
  window: 'Интервал',
  runId: 'Прогон',
  timeZone: 'Часовой пояс',
  peak: 'Пиковая устойчивая производительность',
  peakNone: 'устойчивый пик не найден',
  dropAt: 'деградация в',
  steps: 'Ступени нагрузки',
  stepsNone: 'Ступени нагрузки не найдены.',
  stepCols: {
    n: '№',
    interval: 'Интервал',
    rps: glossary('ru').units.rps,
    p95: 'p95',
    p99: 'p99',
    errors: 'Ошибки',
    stable: 'Устойчиво',
  },
  yes: 'да',
  no: 'нет',
  slo: 'SLO',
  sloNone: 'SLO не заданы.',
  sloCols: { expr: 'Цель', actual: 'Факт', result: 'Итог' },
  sloPassed: 'выполнено',
  sloFailed: 'нарушено',
  sloUnknown: 'нет данных',
  domains: 'Домены',
  findings: 'Находки',
  findingsNone: 'Находок нет.',
  packs: 'Наборы метрик',
  charts: 'Графики',
  warnings: 'Предупреждения',
  timings: 'Собран за',
};

/** HTML report strings for a locale. */
export function htmlStrings(locale: Locale): HtmlStrings {
  return locale === 'ru' ? RU : EN;
}
