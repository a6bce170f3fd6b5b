import type { ReportScope, ServiceEntry, Topology } from './topology.types.js';

/** The inventory as JSON (the `services --json` contract): no internal profiles. */
export function servicesJson(topo: Topology) {
  return {
    window: { from: new Date(topo.fromMs).toISOString(), to: new Date(topo.toMs).toISOString() },
    services: topo.services.map((s) => ({
      name: s.name,
      label: s.label,
      identities: s.identities,
      rps: Math.round(s.rps * 10) / 10,
      stacks: s.stacks,
      instances: s.instances,
      hosts: s.hosts,
      loadTool: s.loadTool,
    })),
    loadTools: topo.loads.map((l) => ({
      tool: l.tool,
      id: l.id,
      rps: Math.round(l.rps * 10) / 10,
      targets: l.targets,
      drives: topo.services.find((s) => s.loadTool?.id === l.id && s.loadTool.tool === l.tool)?.name ?? null,
    })),
    warnings: topo.warnings,
  };
}

const HEAD = {
  en: ['service', 'label', 'rps', 'stacks', 'hosts', 'load test'],
  ru: ['сервис', 'метка', 'зап/с', 'стек', 'хосты', 'нагрузочный тест'],
} as const;

/** `orders  application  120.4  micrometer,jvm  10.0.1.11  k6 orders-step (test id)`. */
export function loadText(s: ServiceEntry, locale: 'ru' | 'en'): string {
  const l = s.loadTool;
  if (!l) return '—';
  const how = {
    en: { test_id: 'test id', target: 'target', correlation: `r=${l.r}`, only_one: 'only one' },
    ru: { test_id: 'по id теста', target: 'по адресу', correlation: `r=${l.r}`, only_one: 'единственный' },
  }[locale][l.how];
  return `${l.tool} ${l.id} (${how})`;
}

/** A plain-text table of the services with traffic, one line each, busiest first. */
export function servicesTable(services: readonly ServiceEntry[], locale: 'ru' | 'en' = 'en'): string {
  const rows = services.map((s) => [
    s.name,
    s.label,
    s.rps.toFixed(1),
    s.stacks.join(',') || '—',
    s.hosts.join(',') || '—',
    loadText(s, locale),
  ]);
  const all = [[...HEAD[locale]], ...rows];
  const widths = all[0]!.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  return all
    .map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  '))
    .join('\n');
}

const SCOPE_WORDS = {
  en: { app: 'app', host: 'host', db: 'db', container: 'container', group: 'consumer group', test: 'test' },
  ru: {
    app: 'приложение',
    host: 'хост',
    db: 'БД',
    container: 'контейнер',
    group: 'группа потребителей',
    test: 'тест',
  },
} as const;

/**
 * The scope of a report in one line, the same on every surface:
 * `orders: app application="orders", host 10.0.1.11, db orders, k6 test orders-step`.
 */
export function scopeLine(scope: ReportScope, locale: 'ru' | 'en'): string {
  const w = SCOPE_WORDS[locale];
  const parts = [`${w.app} ${scope.label}="${scope.service}"`];
  if (scope.hosts?.length) parts.push(`${w.host} ${scope.hosts.join(', ')}`);
  if (scope.containers?.length) parts.push(`${w.container} ${scope.containers.join(', ')}`);
  if (scope.databases?.length) parts.push(`${w.db} ${scope.databases.join(', ')}`);
  if (scope.consumerGroups?.length) parts.push(`${w.group} ${scope.consumerGroups.join(', ')}`);
  // k6 without a test id is known only as "k6": no need to say it twice.
  if (scope.loadTest) {
    const { tool, id } = scope.loadTest;
    parts.push(id === tool ? `${tool} ${w.test}` : `${tool} ${w.test} ${id}`);
  }
  return `${scope.service}: ${parts.join(', ')}`;
}
