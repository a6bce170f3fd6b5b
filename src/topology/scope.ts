import type { DomainId } from '../config/file.schema.js';
import { detectPacks, PROM_PACKS } from '../packs/registry.js';
import type { Pack } from '../packs/types.js';
import { eq, hostOf, namesWord, onHosts, promRegexLiteral, sameName } from './hosts.js';
import { viewOf } from './row-index.js';
import { rowOf } from './services.js';
import type { Identity, InventoryRow, ReportScope, ServiceEntry, Topology } from './topology.types.js';

/** A built-in pack with the selector and the view of the rows it was detected on. */
export interface ScopedPack {
  pack: Pack;
  /** Matchers (without braces) every query of the pack gets. */
  selector: string;
  names: Set<string>;
  labelsOf: (metric: string) => ReadonlySet<string> | undefined;
}

/** The packs to run for one service, and the scope the report shows. */
export interface ScopePlan {
  scope: ReportScope;
  packs: ScopedPack[];
}

/** Packs the service's own series feed (HTTP server, runtime, its pool, its process). */
const OWN = (p: Pack) =>
  p.domain === 'http' ||
  p.domain === 'jvm' ||
  p.id === 'hikaricp' ||
  p.id === 'node_pg_pool' ||
  p.id === 'process';

/** Load tool → its pack id. */
const LOAD_PACK: Record<string, string> = { k6: 'k6', locust: 'locust', jmeter: 'jmeter_prometheus' };

/** How an exporter's rows are matched to a service. */
interface Matcher {
  domain: DomainId;
  packIds: string[];
  what: string;
  family: RegExp;
  /** Which summary field of the scope the matched values go to. */
  field: 'hosts' | 'containers' | 'databases' | 'consumerGroups';
  match(
    rows: InventoryRow[],
    svc: ServiceEntry,
  ): { rows: InventoryRow[]; selector: string; reason: string; values: string[] } | undefined;
}

const valuesOf = (svc: ServiceEntry) => [...new Set([svc.name, ...svc.identities.map((i) => i.value)])];

const MATCHERS: Matcher[] = [
  {
    domain: 'infra',
    packIds: ['node_exporter'],
    what: 'host',
    field: 'hosts',
    family: /^node_/,
    match(rows, svc) {
      const hosts = svc.hosts.filter((h) =>
        rows.some((r) => r.labels.instance && hostOf(r.labels.instance) === h),
      );
      if (hosts.length === 0) return undefined;
      const set = new Set(hosts);
      return {
        rows: rows.filter((r) => r.labels.instance && set.has(hostOf(r.labels.instance))),
        selector: onHosts(hosts),
        reason: `host ${hosts.join(', ')}: node-exporter on the host of its instances`,
        values: hosts,
      };
    },
  },
  {
    domain: 'infra',
    packIds: ['cadvisor'],
    what: 'container',
    field: 'containers',
    family: /^container_/,
    match(rows, svc) {
      const names = valuesOf(svc);
      const hit = byLabel(rows, 'container', (c) => names.some((n) => sameName(c, n)));
      if (hit) return { ...hit, reason: `container ${hit.values.join(', ')}` };
      const pods = rows.filter((r) => r.labels.pod && names.some((n) => r.labels.pod!.startsWith(`${n}-`)));
      if (pods.length === 0) return undefined;
      const prefix = names.find((n) => pods.some((r) => r.labels.pod!.startsWith(`${n}-`)))!;
      return {
        rows: pods,
        selector: `pod=~"${promRegexLiteral(prefix)}-.*"`,
        reason: `pods ${prefix}-*`,
        values: [`${prefix}-*`],
      };
    },
  },
  {
    domain: 'database',
    packIds: ['postgres_exporter'],
    what: 'database',
    field: 'databases',
    family: /^pg_(stat|locks)/,
    match(rows, svc) {
      const names = valuesOf(svc);
      const hit = byLabel(rows, 'datname', (d) => names.some((n) => sameName(d, n)));
      return (
        hit && { ...hit, reason: `db ${hit.values.join(', ')}: postgres-exporter series of its database` }
      );
    },
  },
  {
    domain: 'kafka',
    packIds: ['kafka_exporter'],
    what: 'consumer group',
    field: 'consumerGroups',
    family: /^kafka_/,
    match(rows, svc) {
      const names = valuesOf(svc);
      const hit = byLabel(rows, 'consumergroup', (g) => names.some((n) => namesWord(g, n)));
      return hit && { ...hit, reason: `consumer groups ${hit.values.join(', ')}` };
    },
  },
];

/**
 * The rows whose `label` has a value `pick` accepts, and the selector for those values
 * (`label="v"`, or an escaped alternation for several); undefined when none matched.
 */
function byLabel(
  rows: InventoryRow[],
  label: string,
  pick: (value: string) => boolean,
): { rows: InventoryRow[]; selector: string; values: string[] } | undefined {
  const values = [...new Set(rows.map((r) => r.labels[label]).filter((v): v is string => !!v && pick(v)))];
  if (values.length === 0) return undefined;
  return {
    rows: rows.filter((r) => values.includes(r.labels[label] ?? '')),
    selector:
      values.length === 1 ? eq(label, values[0]!) : `${label}=~"${values.map(promRegexLiteral).join('|')}"`,
    values,
  };
}

function join(...parts: string[]): string {
  return parts.filter((p) => p !== '').join(',');
}

/** The service's own packs, each under the identity it was detected with (the naming label first). */
function ownPacks(topo: Topology, svc: ServiceEntry, base: string): ScopedPack[] {
  const hosts = new Set(svc.hosts);
  const ids: Identity[] = [
    ...svc.identities.filter((i) => i.label === svc.label && i.value === svc.name),
    ...svc.identities.filter((i) => !(i.label === svc.label && i.value === svc.name)),
  ];
  const out = new Map<Pack, ScopedPack>();
  for (const id of ids) {
    const rows = topo.rows.filter((r) => rowOf(r, id, hosts));
    const view = viewOf(rows);
    for (const pack of detectPacks(PROM_PACKS.filter(OWN), view.names, view.labelsOf)) {
      if (out.has(pack)) continue;
      const ambiguous = topo.services.some((s) => s !== svc && s.name === svc.name);
      const selector = join(base, `${id.label}="${id.value}"`, ambiguous ? onHosts(svc.hosts) : '');
      out.set(pack, { pack, selector, ...view });
    }
  }
  return [...out.values()];
}

/**
 * Scopes every domain of a report to one service: its HTTP and runtime series by its own
 * label, node-exporter on its hosts, cAdvisor by container or pod, postgres-exporter by
 * database, Kafka by consumer group, and the load test credited to it. When the window
 * holds no other service (`sole`), a domain nothing matched is taken whole, as before
 * scoping; otherwise it is left out and the reason says so. `overrides` (the catalogue's
 * per-domain selectors) have the final word.
 */
export function scopeService(
  topo: Topology,
  svc: ServiceEntry,
  opts: { sole: boolean; base?: string; overrides?: Partial<Record<DomainId, string>> } = { sole: false },
): ScopePlan {
  const base = opts.base ?? '';
  const packs: ScopedPack[] = ownPacks(topo, svc, base);
  const reasons: string[] = [`${svc.name}: ${svc.label}="${svc.name}"`];
  const taken = new Set(packs.map((p) => p.pack));
  const found: Pick<ReportScope, 'hosts' | 'containers' | 'databases' | 'consumerGroups'> = {};
  for (const m of MATCHERS) {
    const family = topo.rows.filter((r) => m.family.test(r.name));
    if (family.length === 0) continue;
    const hit = m.match(family, svc);
    const rows = hit?.rows ?? (opts.sole ? family : []);
    if (!hit) {
      reasons.push(
        opts.sole
          ? `no ${m.what} matched ${svc.name}; all of them taken (the only service with traffic)`
          : `no ${m.what} matched ${svc.name}; ${m.domain} left out`,
      );
    } else {
      reasons.push(hit.reason);
      found[m.field] = hit.values;
    }
    const view = viewOf(rows);
    for (const pack of detectPacks(
      PROM_PACKS.filter((p) => m.packIds.includes(p.id)),
      view.names,
      view.labelsOf,
    )) {
      if (taken.has(pack)) continue;
      taken.add(pack);
      packs.push({ pack, selector: join(base, hit?.selector ?? ''), ...view });
    }
  }
  const loadPacks = PROM_PACKS.filter((p) => p.domain === 'load');
  const link = svc.loadTool;
  if (link) {
    const pack = loadPacks.find((p) => p.id === LOAD_PACK[link.tool]);
    const view = viewOf(topo.rows.filter((r) => r.name.startsWith(`${link.tool}_`)));
    if (pack) packs.push({ pack, selector: join(base, link.selector), ...view });
    const how = {
      test_id: 'test id',
      target: 'target host',
      correlation: `throughput follows it (r=${link.r})`,
      only_one: 'the only load test in the window',
    }[link.how];
    reasons.push(`${link.tool} test ${link.id}: ${how}`);
  } else if (opts.sole && topo.loads.every((l) => l.targets.length === 0)) {
    // A load test whose URLs went to other hosts drives another service, even when this one
    // is the only one with traffic: the load families are taken whole only when none says so.
    const view = viewOf(topo.rows.filter((r) => /^(k6|locust|jmeter)_/.test(r.name)));
    for (const pack of detectPacks(loadPacks, view.names, view.labelsOf))
      packs.push({ pack, selector: base, ...view });
  } else if (topo.loads.length > 0) {
    reasons.push(`no load test in the window drove ${svc.name}`);
  }
  // `matched` lists the packs that run, so those a catalogue selector adds are in it too.
  const planned = applyOverrides(packs, topo, base, opts.overrides);
  const scope = {
    ...scopeOf(svc, planned, reasons, opts.overrides),
    ...found,
    loadTest: link ? { tool: link.tool, id: link.id } : null,
  };
  return { scope, packs: planned };
}

function applyOverrides(
  packs: ScopedPack[],
  topo: Topology,
  base: string,
  overrides: Partial<Record<DomainId, string>> | undefined,
): ScopedPack[] {
  if (!overrides || Object.keys(overrides).length === 0) return packs;
  const out = packs.filter((p) => overrides[p.pack.domain] === undefined);
  const view = viewOf(topo.rows);
  for (const [domain, sel] of Object.entries(overrides)) {
    for (const pack of detectPacks(
      PROM_PACKS.filter((p) => p.domain === domain),
      view.names,
      view.labelsOf,
    )) {
      out.push({ pack, selector: join(base, sel ?? ''), ...view });
    }
  }
  return out;
}

function scopeOf(
  svc: ServiceEntry,
  packs: readonly ScopedPack[],
  reasons: string[],
  overrides: Partial<Record<DomainId, string>> | undefined,
): ReportScope {
  const matched: Partial<Record<DomainId, string[]>> = {};
  for (const p of packs) {
    const d = p.pack.domain;
    const sel = overrides?.[d] ?? p.selector;
    const list = matched[d] ?? [];
    const text = `${p.pack.id}{${sel}}`;
    if (!list.includes(text)) list.push(text);
    matched[d] = list;
  }
  if (overrides) for (const d of Object.keys(overrides)) reasons.push(`${d}: selector from the catalogue`);
  return { service: svc.name, label: svc.label, matched, reasons };
}
