/** User-visible chart text in both languages. */
export interface ChartStrings {
  titles: Record<string, string>;
  /** Short series labels by `domain.panel`. */
  series: Record<string, string>;
  other: string;
  peak: string;
  drop: string;
  users: string;
  /** Left-axis titles of count charts (pool, lag). */
  connections: string;
  messages: string;
  /** Step band label, e.g. `step 3`. */
  step: string;
}

const EN: ChartStrings = {
  titles: {
    load_throughput: 'Throughput vs load',
    latency: 'Response time percentiles',
    errors: 'Error rate',
    jvm_heap: 'JVM heap',
    jvm_gc: 'Time in GC pauses',
    db_pool: 'Database connection pool',
    kafka_lag: 'Kafka consumer lag',
    infra_cpu: 'CPU',
    infra_memory: 'Memory',
  },
  series: {
    'load.rps': 'load tool rps',
    'http.rps': 'service rps',
    'load.users': 'virtual users',
    'http.p50': 'p50',
    'http.p95': 'p95',
    'http.p99': 'p99',
    'load.p95': 'p95 (load tool)',
    'load.p99': 'p99 (load tool)',
    'http.error_rate': 'service 5xx',
    'load.error_rate': 'load tool errors',
    'jvm.heap_used': 'used',
    'jvm.heap_max': 'max',
    'jvm.gc_pause_share': 'GC pauses',
    'database.pool_active': 'in use',
    'database.pool_max': 'max',
    'database.pool_pending': 'waiting',
    'kafka.lag': 'lag',
    'infra.cpu': 'host',
    'infra.container_cpu': 'container',
    'infra.container_throttled': 'throttled',
    'infra.container_memory': 'container',
    'infra.process_rss': 'process RSS',
    'infra.memory_used': 'host',
  },
  other: 'other',
  peak: 'peak',
  drop: 'drop',
  users: 'users',
  connections: 'connections',
  messages: 'messages',
  step: 'step',
};

const RU: ChartStrings = {
  titles: {
    load_throughput: 'Пропускная способность и нагрузка',
    latency: 'Перцентили времени ответа',
    errors: 'Доля ошибок',
    jvm_heap: 'Куча JVM',
    jvm_gc: 'Доля времени в паузах GC',
    db_pool: 'Пул соединений с БД',
    kafka_lag: 'Отставание консьюмеров Kafka',
    infra_cpu: 'CPU',
    infra_memory: 'Память',
  },
  series: {
    'load.rps': 'rps нагрузки',
    'http.rps': 'rps сервиса',
    'load.users': 'виртуальные пользователи',
    'http.p50': 'p50',
    'http.p95': 'p95',
    'http.p99': 'p99',
    'load.p95': 'p95 (нагрузка)',
    'load.p99': 'p99 (нагрузка)',
    'http.error_rate': '5xx сервиса',
    'load.error_rate': 'ошибки нагрузки',
    'jvm.heap_used': 'занято',
    'jvm.heap_max': 'максимум',
    'jvm.gc_pause_share': 'паузы GC',
    'database.pool_active': 'заняты',
    'database.pool_max': 'максимум',
    'database.pool_pending': 'ожидают',
    'kafka.lag': 'отставание',
    'infra.cpu': 'хост',
    'infra.container_cpu': 'контейнер',
    'infra.container_throttled': 'троттлинг',
    'infra.container_memory': 'контейнер',
    'infra.process_rss': 'RSS процесса',
    'infra.memory_used': 'хост',
  },
  other: 'прочие',
  peak: 'пик',
  drop: 'срыв',
  users: 'пользователи',
  connections: 'соединения',
  messages: 'сообщения',
  step: 'ступень',
};

/** Chart strings for a locale. */
export function chartStrings(locale: 'ru' | 'en'): ChartStrings {
  return locale === 'ru' ? RU : EN;
}
