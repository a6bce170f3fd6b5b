import type { DomainId } from '../config/file.schema.js';
import type { SeriesRole, SeriesUnit } from '../sources/series.js';

/** Meaning of one well-known panel; packs produce these ids, analysis and charts read them. */
export interface PanelSpec {
  domain: DomainId;
  panel: string;
  role: SeriesRole;
  unit: SeriesUnit;
  title: { en: string; ru: string };
}

const p = (
  domain: DomainId,
  panel: string,
  role: SeriesRole,
  unit: SeriesUnit,
  en: string,
  ru: string,
): PanelSpec => ({ domain, panel, role, unit, title: { en, ru } });

/**
 * The panel catalogue: the contract between metric packs (which write queries producing
 * these panels, in these units) and the analysis and charts (which read them by id).
 * Latencies are in seconds, rates in per-second, ratios in 0..1, memory in bytes.
 * A pack may emit several series per panel (e.g. per instance or per URI).
 */
export const PANELS = [
  // load tool: what was offered and what the tool saw
  p('load', 'users', 'load', 'count', 'Virtual users', 'Виртуальные пользователи'),
  p('load', 'rps', 'throughput', 'rps', 'Requests per second (load tool)', 'Запросов в секунду (нагрузка)'),
  p('load', 'p95', 'latency_p95', 's', 'Response time p95 (load tool)', 'Время ответа p95 (нагрузка)'),
  p('load', 'p99', 'latency_p99', 's', 'Response time p99 (load tool)', 'Время ответа p99 (нагрузка)'),
  p('load', 'avg', 'latency_avg', 's', 'Mean response time (load tool)', 'Среднее время ответа (нагрузка)'),
  p('load', 'error_rate', 'error_rate', 'ratio', 'Error rate (load tool)', 'Доля ошибок (нагрузка)'),
  // http: the service's own view
  p('http', 'rps', 'throughput', 'rps', 'Service throughput', 'Пропускная способность сервиса'),
  p('http', 'p50', 'latency_p50', 's', 'Latency p50', 'Задержка p50'),
  p('http', 'p95', 'latency_p95', 's', 'Latency p95', 'Задержка p95'),
  p('http', 'p99', 'latency_p99', 's', 'Latency p99', 'Задержка p99'),
  p('http', 'avg', 'latency_avg', 's', 'Mean latency', 'Средняя задержка'),
  p('http', 'error_rate', 'error_rate', 'ratio', '5xx error rate', 'Доля ошибок 5xx'),
  p('http', 'errors', 'errors', 'rps', '5xx errors per second', 'Ошибок 5xx в секунду'),
  p('http', 'in_flight', 'gauge', 'count', 'Requests in flight', 'Запросов в обработке'),
  // jvm
  p('jvm', 'heap_used', 'gauge', 'bytes', 'Heap used', 'Занято heap'),
  p('jvm', 'heap_max', 'gauge', 'bytes', 'Heap max', 'Максимум heap'),
  p('jvm', 'gc_pause_share', 'gauge', 'ratio', 'Time in GC pauses', 'Доля времени в паузах GC'),
  p('jvm', 'gc_pause_max', 'gauge', 's', 'Longest GC pause', 'Самая долгая пауза GC'),
  p('jvm', 'threads', 'gauge', 'count', 'Live threads', 'Живые потоки'),
  p('jvm', 'process_cpu', 'gauge', 'ratio', 'Process CPU', 'CPU процесса'),
  // database
  p('database', 'pool_active', 'gauge', 'count', 'Pool connections in use', 'Занятые соединения пула'),
  p('database', 'pool_max', 'gauge', 'count', 'Pool size (max)', 'Размер пула (max)'),
  p('database', 'pool_pending', 'gauge', 'count', 'Threads waiting for a connection', 'Ожидают соединения'),
  p('database', 'pool_acquire', 'gauge', 's', 'Connection acquire time', 'Время получения соединения'),
  p('database', 'pg_connections', 'gauge', 'count', 'PostgreSQL connections', 'Соединения PostgreSQL'),
  p('database', 'pg_tps', 'gauge', 'rps', 'PostgreSQL transactions/s', 'Транзакций PostgreSQL в секунду'),
  p('database', 'pg_locks', 'gauge', 'count', 'PostgreSQL locks', 'Блокировки PostgreSQL'),
  // Rolled-back share of transactions: the error rate of a database driven directly (pgbench).
  p(
    'database',
    'pg_rollback_ratio',
    'error_rate',
    'ratio',
    'PostgreSQL rolled-back transactions',
    'Доля откатов транзакций PostgreSQL',
  ),
  // kafka
  p('kafka', 'lag', 'gauge', 'count', 'Consumer lag', 'Отставание консьюмера'),
  p('kafka', 'consume_rate', 'gauge', 'rps', 'Consumed messages/s', 'Прочитано сообщений в секунду'),
  p('kafka', 'produce_rate', 'gauge', 'rps', 'Produced messages/s', 'Записано сообщений в секунду'),
  // infra
  p('infra', 'cpu', 'gauge', 'ratio', 'Host CPU busy', 'Загрузка CPU хоста'),
  p('infra', 'memory_used', 'gauge', 'bytes', 'Host memory used', 'Занятая память хоста'),
  p('infra', 'disk_io', 'gauge', 'ratio', 'Disk busy', 'Загрузка диска'),
  p('infra', 'net_rx', 'gauge', 'bytes', 'Network received/s', 'Принято по сети в секунду'),
  p('infra', 'net_tx', 'gauge', 'bytes', 'Network sent/s', 'Отправлено по сети в секунду'),
  p('infra', 'container_cpu', 'gauge', 'ratio', 'Container CPU of quota', 'CPU контейнера от квоты'),
  p('infra', 'container_throttled', 'gauge', 'ratio', 'CPU throttled periods', 'Доля троттлинга CPU'),
  p('infra', 'container_memory', 'gauge', 'bytes', 'Container working set', 'Рабочий набор контейнера'),
  p('infra', 'process_cpu', 'gauge', 'cores', 'Process CPU', 'CPU процесса'),
  p('infra', 'process_rss', 'gauge', 'bytes', 'Process resident memory', 'Резидентная память процесса'),
  p('infra', 'process_fds', 'gauge', 'count', 'Open file descriptors', 'Открытые дескрипторы'),
] as const satisfies readonly PanelSpec[];

/** Looks up a panel's spec by domain and id. */
export function panelSpec(domain: DomainId, panel: string): PanelSpec | undefined {
  return PANELS.find((s) => s.domain === domain && s.panel === panel);
}
