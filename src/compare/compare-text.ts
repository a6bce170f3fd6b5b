import type { Locale } from '../analysis/report.types.js';

/**
 * Every user-visible string of the comparison, in en and ru. Russian phrasing avoids
 * gendered verbs ("рост на 35 %" rather than "выросла"), so one template fits every metric.
 */
const EN = {
  'v.regression': 'regression',
  'v.improvement': 'improvement',
  'v.no_change': 'no significant change',
  'v.insufficient_data': 'not enough data to compare',
  'c.up': '{metric}{at} rose {pct} ({a} → {b}, {p})',
  'c.down': '{metric}{at} fell {pct} ({a} → {b}, {p})',
  'c.at_rps': ' at {rps}',
  'c.all_steps': ' across {n} steps',
  'c.p_below': 'p < {p}',
  'c.p_equal': 'p = {p}',
  'c.series': '{metric} ({series})',
  's.line': '{verdict}: {top}',
  's.more': '{line} (+{n} more)',
  's.none': '{verdict} ({n} key metrics compared)',
  's.against': 'vs {name}: {line}',
  's.against_baseline': 'vs baseline {name}: {line}',
  'w.services': 'The runs belong to different services ({a} and {b})',
  'w.offset': 'The runs are not both step tests: they were aligned by time since the load started',
  'w.unmatched': '{n} step(s) of one run had no step at the same load level in the other and were left out',
  'w.short_overlap': 'The runs overlap for only {min} min',
  'w.no_key': 'No key metric (throughput, latency, errors, saturation) has data in both runs',
  'w.too_few': 'The compared windows hold fewer than {n} samples of the key metrics: nothing could be tested',
  'w.different_steps': 'The runs have no load step at a common level: they were aligned by time instead',
  'h.a': 'A',
  'h.b': 'B',
  'h.vs': 'A vs B',
  'h.shifted': 'aligned to A',
  'cli.run': '{side}: {name}  {id}  {from}',
  'cli.aligned_steps': 'Aligned: {n} load step(s) matched by {by}',
  'cli.by_load': 'offered load',
  'cli.by_rps': 'throughput',
  'cli.aligned_offset': 'Aligned: by time since the load started ({min} min in common)',
  'cli.verdict': 'Verdict: {verdict} ({changed} of {tested} key comparisons changed)',
  'cli.top': 'Top changes:',
  'cli.peak': 'Peak: {a} → {b}',
  'cli.warning': 'Warning: {text}',
  'cli.no_baseline':
    'service "{service}" has no baseline (set one with /baseline set), or the run is the baseline',
  'cli.no_service': 'run "{id}" has no service, so it has no baseline',
} as const;

export type CompareTextKey = keyof typeof EN;

const RU: Record<CompareTextKey, string> = {
  'v.regression': 'регрессия',
  'v.improvement': 'улучшение',
  'v.no_change': 'значимых изменений нет',
  'v.insufficient_data': 'данных для сравнения недостаточно',
  'c.up': '{metric}{at}: рост на {pct} ({a} → {b}, {p})',
  'c.down': '{metric}{at}: снижение на {pct} ({a} → {b}, {p})',
  'c.at_rps': ' на {rps}',
  'c.all_steps': ' по {n} ступеням',
  'c.p_below': 'p < {p}',
  'c.p_equal': 'p = {p}',
  'c.series': '{metric} ({series})',
  's.line': '{verdict}: {top}',
  's.more': '{line} (и ещё {n})',
  's.none': '{verdict} (сравнено ключевых метрик: {n})',
  's.against': 'по сравнению с {name}: {line}',
  's.against_baseline': 'по сравнению с базовым прогоном {name}: {line}',
  'w.services': 'Прогоны относятся к разным сервисам ({a} и {b})',
  'w.offset': 'Не оба прогона ступенчатые: они совмещены по времени от начала нагрузки',
  'w.unmatched': 'Ступеней без пары того же уровня нагрузки в другом прогоне: {n}; они не сравнивались',
  'w.short_overlap': 'Прогоны перекрываются всего на {min} мин',
  'w.no_key':
    'Ни одной ключевой метрики (пропускная способность, задержка, ошибки, насыщение) нет в обоих прогонах',
  'w.too_few': 'В сравниваемых окнах меньше {n} точек ключевых метрик: проверить нечего',
  'w.different_steps': 'У прогонов нет ступеней общего уровня нагрузки: они совмещены по времени',
  'h.a': 'A',
  'h.b': 'B',
  'h.vs': 'A и B',
  'h.shifted': 'совмещено с A',
  'cli.run': '{side}: {name}  {id}  {from}',
  'cli.aligned_steps': 'Совмещение: ступеней нагрузки сопоставлено: {n}, по {by}',
  'cli.by_load': 'подаваемой нагрузке',
  'cli.by_rps': 'пропускной способности',
  'cli.aligned_offset': 'Совмещение: по времени от начала нагрузки (общих {min} мин)',
  'cli.verdict': 'Вердикт: {verdict} (изменилось ключевых сравнений: {changed} из {tested})',
  'cli.top': 'Главные изменения:',
  'cli.peak': 'Пик: {a} → {b}',
  'cli.warning': 'Предупреждение: {text}',
  'cli.no_baseline':
    'у сервиса «{service}» нет базового прогона (задайте его командой /baseline set), или этот прогон и есть базовый',
  'cli.no_service': 'прогон «{id}» не привязан к сервису, поэтому базового прогона у него нет',
};

/** The string `key` in `locale` with `{name}` placeholders filled. */
export function compareText(
  locale: Locale,
  key: CompareTextKey,
  params: Record<string, string | number> = {},
): string {
  const template = locale === 'ru' ? RU[key] : EN[key];
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}
