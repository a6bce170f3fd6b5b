import type { DomainId, DomainStatus, Locale, Severity, Verdict } from '../analysis/report.types.js';

/**
 * The one ru/en glossary: every surface (chat, web, PDF, CLI, charts) takes its domain,
 * verdict, severity, status, run/baseline words and unit names from here, so one concept
 * has one word per language. Choices for Russian: a run is «прогон», the reference run is
 * «базовый прогон» (never «эталон»), a failed verdict is «ПРОВАЛ», throughput is «зап/с».
 */
export interface Glossary {
  verdict: Record<Verdict, string>;
  status: Record<DomainStatus, string>;
  severity: Record<Severity, string>;
  /** Display names of the domains (never the raw ids). */
  domain: Record<DomainId, string>;
  run: string;
  runs: string;
  baseline: string;
  step: string;
  peak: string;
  window: string;
  zone: string;
  units: {
    rps: string;
    users: string;
    ms: string;
    s: string;
    min: string;
    h: string;
    bytes: readonly [string, string, string, string, string];
    perMin: string;
    messages: string;
  };
}

const EN: Glossary = {
  verdict: { pass: 'PASS', risk: 'RISK', fail: 'FAIL', insufficient_data: 'INSUFFICIENT DATA' },
  status: { ok: 'ok', risk: 'risk', fail: 'fail', partial: 'partial', no_data: 'no data' },
  severity: { critical: 'critical', high: 'high', medium: 'medium', low: 'low' },
  domain: {
    load: 'Load tool',
    http: 'HTTP',
    jvm: 'JVM',
    database: 'Database',
    kafka: 'Kafka',
    infra: 'Infrastructure',
  },
  run: 'run',
  runs: 'Runs',
  baseline: 'baseline',
  step: 'step',
  peak: 'Peak',
  window: 'Window',
  zone: 'Time zone',
  units: {
    rps: 'rps',
    users: 'VU',
    ms: 'ms',
    s: 's',
    min: 'min',
    h: 'h',
    bytes: ['B', 'KiB', 'MiB', 'GiB', 'TiB'],
    perMin: 'per minute',
    messages: 'messages',
  },
};

const RU: Glossary = {
  verdict: { pass: 'УСПЕХ', risk: 'РИСК', fail: 'ПРОВАЛ', insufficient_data: 'НЕДОСТАТОЧНО ДАННЫХ' },
  status: { ok: 'норма', risk: 'риск', fail: 'провал', partial: 'неполные данные', no_data: 'нет данных' },
  severity: { critical: 'критично', high: 'высокая', medium: 'средняя', low: 'низкая' },
  domain: {
    load: 'Нагрузка',
    http: 'HTTP',
    jvm: 'JVM',
    database: 'База данных',
    kafka: 'Kafka',
    infra: 'Инфраструктура',
  },
  run: 'прогон',
  runs: 'Прогоны',
  baseline: 'базовый прогон',
  step: 'ступень',
  peak: 'Пик',
  window: 'Интервал',
  zone: 'Часовой пояс',
  units: {
    rps: 'зап/с',
    users: 'польз.',
    ms: 'мс',
    s: 'с',
    min: 'мин',
    h: 'ч',
    bytes: ['Б', 'КиБ', 'МиБ', 'ГиБ', 'ТиБ'],
    perMin: 'в минуту',
    messages: 'сообщений',
  },
};

const TABLE: Record<Locale, Glossary> = { en: EN, ru: RU };

/** The glossary of `locale`. */
export function glossary(locale: Locale): Glossary {
  return TABLE[locale];
}
