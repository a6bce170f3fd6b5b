import type { Locale } from './report.types.js';

/**
 * Every user-visible string of the analysis, in en and ru. Templates use `{name}`
 * placeholders filled with already formatted values (see `format.ts`). Keeping both
 * languages in one table makes a missing translation a type error.
 */
const EN = {
  // SLO grammar
  'slo.help':
    'SLO format: <indicator><op><number><unit>, e.g. p95<500ms, p99<=1s, error_rate<1%, rps>=200, cpu<80%, memory<2GiB. ' +
    'Indicators: p50, p90, p95, p99, avg, error_rate, rps, cpu, memory; operators: <, <=, >, >=; ' +
    'units: ms or s (latency), % or a fraction (error_rate, cpu), rps (rps), B, KiB, MiB, GiB, KB, MB, GB (memory).',
  'slo.error': 'Cannot parse SLO "{expr}": {reason}. {help}',
  'slo.r.syntax': 'expected <indicator><op><number><unit>',
  'slo.r.indicator': 'unknown indicator "{indicator}"',
  'slo.r.unit': 'unit "{unit}" does not fit {indicator}',
  'slo.r.fraction': 'a value without % must be a fraction between 0 and 1',
  // warnings
  'w.slo_invalid': 'SLO "{expr}" ignored: {reason}',
  'w.slo_no_data': 'SLO "{expr}" not evaluated: no {what} series',
  'w.bad_tz': 'Unknown time zone "{tz}": times are shown in UTC',
  'w.no_offered_load':
    "No offered-load series (load.users): steps and the peak were derived without offered load, from the levels of the service's throughput and latency",
  'w.no_offered_load_gauge':
    "No offered-load series (load.users): steps and the peak were derived without offered load, from the server's in-flight requests or connections ({panel})",
  'w.no_offered_load_little':
    "No offered-load series (load.users): steps and the peak were derived without offered load, from the requests in flight estimated as throughput × mean latency (Little's law)",
  'w.no_steps': 'No load steps found: SLOs were checked over the whole window',
  'w.artefacts': '{n} invalid values (negative or infinite) in {panel} were ignored',
  'w.unevaluated': 'the SLO could not be evaluated',
  'w.inf_quantile':
    '{panel} was above the largest histogram bucket (+Inf) at {n} points; they were left out, so its levels there are underestimated',
  'w.inf_only':
    "{panel} had observations only in the +Inf histogram bucket ({n} points): the buckets end below the service's latency, so no quantile could be computed",
  'w.nan_quantile':
    '{panel} had no requests to measure at {n} points inside load steps (NaN from an empty histogram window); the step levels use the other points',
  'w.series_appeared':
    '{n} series of {panel} appeared midway (new pods or instances, from {time}); they count from then on',
  'w.unaligned':
    "The series of {panel} were scraped on different grids; the total carries each one's last sample",
  'w.mixed_interval':
    '{panel} is sampled only every {every} (the report reads every {step}); its levels change in stairs',
  'reason.no_metrics': 'no metrics found',
  // findings: titles and evidence
  'f.db_pool_saturated': 'Database connection pool saturated',
  'f.db_pool_saturated.ev':
    'All {max} connections were in use with up to {pending} threads waiting for {dur} from {time}',
  'f.db_pool_waiting': 'Threads waiting for database connections',
  'f.db_pool_waiting.ev': 'Up to {pending} threads waited for a connection for {dur} from {time}',
  'f.cpu_saturation': 'CPU saturated',
  'f.cpu_saturation.ev': 'CPU stayed above {threshold} for {dur} from {time}, up to {value}',
  'f.single_core_bound': 'Process pinned at one CPU core',
  'f.single_core_bound.ev':
    'The process used up to {value} cores for {dur} from {time} while the host had CPU to spare: one core (GIL, event loop) capped it',
  'f.cpu_throttling': 'Container CPU throttled',
  'f.cpu_throttling.ev':
    'Up to {value} of CPU periods were throttled (over {threshold}) for {dur} from {time}',
  'f.gc_pause_share': 'High share of time in GC pauses',
  'f.gc_pause_share.ev': 'GC pauses took up to {value} of the time (over {threshold}) for {dur} from {time}',
  'f.heap_leak': 'Heap after GC keeps growing (possible leak)',
  'f.heap_leak.ev': 'The heap floor grew from {from} to {to} ({change}) over {dur}, {rate} per minute',
  'f.memory_leak': 'Process memory keeps growing (possible leak)',
  'f.memory_leak.ev': 'Memory grew from {from} to {to} ({change}) over {dur}, {rate} per minute',
  'f.consumer_lag_growing': 'Kafka consumer lag keeps growing',
  'f.consumer_lag_growing.ev': 'Lag on {topic} grew from {from} to {to} messages over {dur} from {time}',
  'f.error_burst': 'Error burst',
  'f.error_burst.ev': 'Errors reached {value} for {dur} at {time}, against {base} the rest of the time',
  'f.plateau_errors': 'High error rate under load',
  'f.plateau_errors.ev': 'The error rate was {value} (over {threshold}) on step {step} at {rps}',
  'f.latency_knee': 'Latency knee',
  'f.latency_knee.ev':
    'p95 jumped from {from} to {to} ({factor}) between steps {a} and {b} while throughput only went from {rpsA} to {rpsB}',
  'f.db_scaling': 'The database stopped scaling with its connections',
  'f.db_scaling.ev':
    'Connections rose by {loadInc} into step {b} ({connA} → {connB}) but transactions only by {thrInc} ({rpsA} → {rpsB}): further clients wait inside the database',
  'f.throughput_plateau': 'Throughput stopped following the load',
  'f.throughput_plateau.ev':
    'The offered load rose by {loadInc} into step {b} but throughput changed by {thrInc} ({rpsA} → {rpsB})',
  // summary fragments
  's.no_data': 'No data: {reason}',
  's.steps': 'the offered load rose in {n} steps from {from} to {to} VU',
  's.soak': 'a steady load of {level} VU for {dur}',
  's.load_max': 'the offered load reached {max} VU',
  's.tool_seen': 'the tool saw up to {v}',
  's.p95_max': 'p95 up to {v}',
  's.errors_max': 'errors up to {v}',
  's.peak': 'throughput followed the load up to {rps} (step {n}, {from}–{to})',
  's.drop_thr': 'from {time} it stopped following',
  's.drop_lag': 'from {time} the Kafka consumer fell behind',
  's.drop_err': 'from {time} errors grew',
  's.drop_fell': 'from {time} throughput dropped',
  's.drop_lat': 'from {time} latency degraded while throughput stayed flat',
  's.thr_avg': 'throughput averaged {mean}, up to {max}',
  's.p95_grew': 'p95 grew from {from} to {to} at {rps}',
  's.p95_range': 'p95 stayed between {from} and {to}',
  's.p95_avg': 'p95 averaged {mean}, up to {max}',
  's.err_reached': '5xx reached {v}',
  's.err_none': 'no notable 5xx errors',
  's.heap': 'heap used up to {v}',
  's.heap_of': 'heap used up to {v} of {max}',
  's.gc': 'GC pauses took up to {v} of the time',
  's.gc_max': 'the longest GC pause was {v}',
  's.threads': 'up to {v} live threads',
  's.proc_cpu': 'process CPU up to {v}',
  's.pool': 'up to {active} of {max} pool connections in use',
  's.pool_active': 'up to {active} pool connections in use',
  's.pool_pending': 'up to {v} threads waiting for a connection',
  's.pool_none_waiting': 'no threads waited for a connection',
  's.pool_acquire': 'connection acquire time up to {v}',
  's.pg_tps': 'PostgreSQL up to {v} transactions/s',
  's.pg_conns': 'up to {v} PostgreSQL connections',
  's.lag': 'consumer lag up to {v} messages ({topic})',
  's.lag_growing': 'the lag keeps growing',
  's.lag_stable': 'the lag does not grow',
  's.consumed': 'consumed up to {v} msg/s',
  's.produced': 'produced up to {v} msg/s',
  's.host_cpu': 'host CPU up to {v}',
  's.host_mem': 'host memory up to {v}',
  's.disk': 'disk busy up to {v}',
  's.container_cpu': 'container CPU up to {v} of quota',
  's.throttled': 'throttled up to {v} of CPU periods',
  's.container_mem': 'container working set up to {v}',
  's.rss': 'process RSS up to {v}',
  's.fds': 'up to {v} open file descriptors',
  's.main_finding': 'main finding: {title}',
  's.findings_none': 'no findings',
  's.slo_failed': 'SLO {expr} failed ({actual})',
  's.soak_level': 'a steady {rps} for {dur}',
  's.other_panels': 'no key panels, {n} other series',
} as const;

export type TextKey = keyof typeof EN;

const RU: Record<TextKey, string> = {
  'slo.help':
    'Формат SLO: <показатель><оператор><число><единица>, например p95<500ms, p99<=1s, error_rate<1%, rps>=200, cpu<80%, memory<2GiB. ' +
    'Показатели: p50, p90, p95, p99, avg, error_rate, rps, cpu, memory; операторы: <, <=, >, >=; ' +
    'единицы: ms или s (задержка), % или доля (error_rate, cpu), rps (rps), B, KiB, MiB, GiB, KB, MB, GB (memory).',
  'slo.error': 'Не удалось разобрать SLO «{expr}»: {reason}. {help}',
  'slo.r.syntax': 'ожидается <показатель><оператор><число><единица>',
  'slo.r.indicator': 'неизвестный показатель «{indicator}»',
  'slo.r.unit': 'единица «{unit}» не подходит для {indicator}',
  'slo.r.fraction': 'значение без % должно быть долей от 0 до 1',
  'w.slo_invalid': 'SLO «{expr}» пропущен: {reason}',
  'w.slo_no_data': 'SLO «{expr}» не проверен: нет ряда {what}',
  'w.bad_tz': 'Неизвестный часовой пояс «{tz}»: время показано в UTC',
  'w.no_offered_load':
    'Нет ряда поданной нагрузки (load.users): ступени и пик определены без поданной нагрузки, по уровням пропускной способности и задержки сервиса',
  'w.no_offered_load_gauge':
    'Нет ряда поданной нагрузки (load.users): ступени и пик определены без поданной нагрузки, по числу запросов в обработке или соединений сервера ({panel})',
  'w.no_offered_load_little':
    'Нет ряда поданной нагрузки (load.users): ступени и пик определены без поданной нагрузки, по числу запросов в обработке, оценённому как пропускная способность × средняя задержка (закон Литтла)',
  'w.no_steps': 'Ступени нагрузки не найдены: SLO проверены по всему окну',
  'w.artefacts': 'Пропущено некорректных значений (отрицательных или бесконечных) в {panel}: {n}',
  'w.unevaluated': 'SLO не удалось проверить',
  'w.inf_quantile':
    '{panel} выше последней границы гистограммы (+Inf) в точках: {n}; они пропущены, поэтому уровни там занижены',
  'w.inf_only':
    'В {panel} наблюдения попали только в корзину +Inf (точек: {n}): границы гистограммы ниже задержки сервиса, квантиль не вычислить',
  'w.nan_quantile':
    'В {panel} не было запросов для измерения в точках внутри ступеней: {n} (NaN из пустого окна гистограммы); уровни ступеней взяты по остальным точкам',
  'w.series_appeared':
    'Рядов {panel}, появившихся посреди окна (новые поды или экземпляры, с {time}): {n}; они учтены с момента появления',
  'w.unaligned':
    'Ряды {panel} собирались с разной сеткой времени; в сумме для каждого взято последнее значение',
  'w.mixed_interval':
    '{panel} собирается только раз в {every} (отчёт читает раз в {step}); его уровни меняются ступеньками',
  'reason.no_metrics': 'метрики не найдены',
  'f.db_pool_saturated': 'Пул соединений к БД исчерпан',
  'f.db_pool_saturated.ev':
    'Все {max} соединений были заняты, соединения ждали до {pending} потоков — {dur} начиная с {time}',
  'f.db_pool_waiting': 'Потоки ждут соединений с БД',
  'f.db_pool_waiting.ev': 'Соединения ждали до {pending} потоков — {dur} начиная с {time}',
  'f.cpu_saturation': 'CPU загружен до предела',
  'f.cpu_saturation.ev': 'CPU держался выше {threshold} — {dur} начиная с {time}, максимум {value}',
  'f.single_core_bound': 'Процесс упёрся в одно ядро CPU',
  'f.single_core_bound.ev':
    'Процесс занимал до {value} ядра — {dur} начиная с {time}, хотя у хоста CPU оставался: его ограничило одно ядро (GIL, цикл событий)',
  'f.cpu_throttling': 'Троттлинг CPU контейнера',
  'f.cpu_throttling.ev': 'Троттлинг до {value} периодов CPU (больше {threshold}) — {dur} начиная с {time}',
  'f.gc_pause_share': 'Большая доля времени в паузах GC',
  'f.gc_pause_share.ev': 'Паузы GC занимали до {value} времени (больше {threshold}) — {dur} начиная с {time}',
  'f.heap_leak': 'Куча JVM после GC растёт (возможна утечка)',
  'f.heap_leak.ev': 'Нижняя граница кучи выросла с {from} до {to} ({change}) за {dur}, {rate} в минуту',
  'f.memory_leak': 'Память процесса растёт (возможна утечка)',
  'f.memory_leak.ev': 'Память выросла с {from} до {to} ({change}) за {dur}, {rate} в минуту',
  'f.consumer_lag_growing': 'Отставание консьюмера Kafka растёт',
  'f.consumer_lag_growing.ev':
    'Отставание по {topic} выросло с {from} до {to} сообщений за {dur} начиная с {time}',
  'f.error_burst': 'Всплеск ошибок',
  'f.error_burst.ev': 'Доля ошибок достигла {value} на {dur} в {time}, в остальное время {base}',
  'f.plateau_errors': 'Высокая доля ошибок под нагрузкой',
  'f.plateau_errors.ev': 'Доля ошибок {value} (больше {threshold}) на ступени {step} при {rps}',
  'f.latency_knee': 'Резкий рост задержки',
  'f.latency_knee.ev':
    'p95 вырос с {from} до {to} ({factor}) между ступенями {a} и {b}, а пропускная способность — лишь с {rpsA} до {rpsB}',
  'f.db_scaling': 'База данных перестала масштабироваться с ростом соединений',
  'f.db_scaling.ev':
    'Соединения выросли на {loadInc} на ступени {b} ({connA} → {connB}), а транзакции — лишь на {thrInc} ({rpsA} → {rpsB}): новые клиенты ждут внутри базы данных',
  'f.throughput_plateau': 'Пропускная способность перестала расти за нагрузкой',
  'f.throughput_plateau.ev':
    'Нагрузка выросла на {loadInc} на ступени {b}, а пропускная способность изменилась на {thrInc} ({rpsA} → {rpsB})',
  's.no_data': 'Нет данных: {reason}',
  's.steps': 'нагрузка подавалась ступенями ({n}) от {from} до {to} польз.',
  's.soak': 'постоянная нагрузка {level} польз. в течение {dur}',
  's.load_max': 'нагрузка достигала {max} польз.',
  's.tool_seen': 'инструмент видел до {v}',
  's.p95_max': 'p95 до {v}',
  's.errors_max': 'ошибок до {v}',
  's.peak': 'пропускная способность росла за нагрузкой до {rps} (ступень {n}, {from}–{to})',
  's.drop_thr': 'с {time} рост прекратился',
  's.drop_lag': 'с {time} консьюмер Kafka отставал',
  's.drop_err': 'с {time} выросли ошибки',
  's.drop_fell': 'с {time} пропускная способность упала',
  's.drop_lat': 'с {time} задержка росла при неизменной пропускной способности',
  's.thr_avg': 'пропускная способность в среднем {mean}, до {max}',
  's.p95_grew': 'p95 вырос с {from} до {to} при {rps}',
  's.p95_range': 'p95 держался в пределах {from}–{to}',
  's.p95_avg': 'p95 в среднем {mean}, до {max}',
  's.err_reached': 'доля 5xx достигала {v}',
  's.err_none': 'заметных ошибок 5xx нет',
  's.heap': 'куча JVM занята до {v}',
  's.heap_of': 'куча JVM занята до {v} из {max}',
  's.gc': 'паузы GC занимали до {v} времени',
  's.gc_max': 'самая долгая пауза GC {v}',
  's.threads': 'живых потоков до {v}',
  's.proc_cpu': 'CPU процесса до {v}',
  's.pool': 'занято до {active} из {max} соединений пула',
  's.pool_active': 'занято до {active} соединений пула',
  's.pool_pending': 'соединения ждали до {v} потоков',
  's.pool_none_waiting': 'ожидающих соединения потоков не было',
  's.pool_acquire': 'время получения соединения до {v}',
  's.pg_tps': 'PostgreSQL до {v} транзакций/с',
  's.pg_conns': 'соединений PostgreSQL до {v}',
  's.lag': 'отставание консьюмера до {v} сообщений ({topic})',
  's.lag_growing': 'отставание растёт',
  's.lag_stable': 'отставание не растёт',
  's.consumed': 'чтение до {v} сообщ./с',
  's.produced': 'запись до {v} сообщ./с',
  's.host_cpu': 'CPU хоста до {v}',
  's.host_mem': 'память хоста до {v}',
  's.disk': 'диск занят до {v}',
  's.container_cpu': 'CPU контейнера до {v} квоты',
  's.throttled': 'троттлинг до {v} периодов CPU',
  's.container_mem': 'рабочий набор контейнера до {v}',
  's.rss': 'RSS процесса до {v}',
  's.fds': 'открытых дескрипторов до {v}',
  's.main_finding': 'главное: {title}',
  's.findings_none': 'замечаний нет',
  's.slo_failed': 'SLO {expr} не выполнен ({actual})',
  's.soak_level': 'постоянные {rps} в течение {dur}',
  's.other_panels': 'ключевых панелей нет, других рядов: {n}',
};

const TABLES: Record<Locale, Record<TextKey, string>> = { en: EN, ru: RU };

/** The template `key` in `locale` with `{name}` placeholders filled from `params`. */
export function text(locale: Locale, key: TextKey, params: Record<string, string | number> = {}): string {
  return TABLES[locale][key].replace(/\{(\w+)\}/g, (m, name: string) =>
    name in params ? String(params[name]) : m,
  );
}

/** True when `key` names a template (stored reports may carry ids this version lacks). */
export function hasTextKey(key: string): key is TextKey {
  return key in EN;
}

/** A `text` bound to one locale. */
export type Texts = (key: TextKey, params?: Record<string, string | number>) => string;

/** Binds `text` to `locale`. */
export function textsFor(locale: Locale): Texts {
  return (key, params) => text(locale, key, params);
}

/** The SLO grammar, for error messages and help commands. */
export function sloGrammarHelp(locale: Locale): string {
  return text(locale, 'slo.help');
}
