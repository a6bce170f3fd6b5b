import { meanOf, pearson } from './correlate.js';
import { NOT_A_SERVICE, SERVICE_LABELS } from './families.js';
import { hostOf } from './hosts.js';
import { stacksOf } from './stacks.js';
import type { Identity, InventoryRow, ServiceEntry } from './topology.types.js';
import { requestCounters, type TrafficRow } from './traffic-query.js';

/** Below this mean rate a service counts as idle (a scrape or a health check is not traffic). */
export const MIN_TRAFFIC_RPS = 0.05;

/** The label that names a row's service, skipping exporters' and load tools' jobs. */
export function primaryIdentity(labels: Record<string, string>): Identity | undefined {
  for (const label of SERVICE_LABELS) {
    const value = labels[label];
    if (!value) continue;
    if ((label === 'job' || label === 'container') && NOT_A_SERVICE.test(value)) continue;
    return { label, value };
  }
  return undefined;
}

/** Whether a row carries `identity` (and, when hosts are given, runs on one of them). */
export function rowOf(
  row: { labels: Record<string, string> },
  id: Identity,
  hosts?: ReadonlySet<string>,
): boolean {
  if (row.labels[id.label] !== id.value) return false;
  const inst = row.labels.instance;
  return !hosts || hosts.size === 0 || !inst || hosts.has(hostOf(inst));
}

interface Group {
  ids: Map<string, Identity>;
  hosts: Set<string>;
  instances: Set<string>;
}

function key(id: Identity): string {
  return `${id.label}=${id.value}`;
}

/**
 * Groups the rows of request-counter families into services. Rows named by the same value
 * under different labels (`application="orders"`, `job="orders"`) are one service when
 * they share a host; on disjoint hosts they stay two entries with the same name, and the
 * resolver picks the one with traffic.
 */
function groupServices(rows: readonly InventoryRow[], counters: ReadonlySet<string>): Group[] {
  const byValue = new Map<string, Map<string, Group>>();
  for (const r of rows) {
    if (!counters.has(r.name)) continue;
    const id = primaryIdentity(r.labels);
    if (!id) continue;
    const groups = byValue.get(id.value) ?? new Map<string, Group>();
    byValue.set(id.value, groups);
    const g = groups.get(id.label) ?? { ids: new Map(), hosts: new Set(), instances: new Set() };
    groups.set(id.label, g);
    g.ids.set(key(id), id);
    if (r.labels.instance) {
      g.instances.add(r.labels.instance);
      g.hosts.add(hostOf(r.labels.instance));
    }
  }
  const out: Group[] = [];
  for (const groups of byValue.values()) {
    const merged: Group[] = [];
    for (const g of groups.values()) {
      const into = merged.find(
        (m) => m.hosts.size === 0 || g.hosts.size === 0 || [...g.hosts].some((h) => m.hosts.has(h)),
      );
      if (!into) {
        merged.push(g);
        continue;
      }
      for (const [k, v] of g.ids) into.ids.set(k, v);
      for (const h of g.hosts) into.hosts.add(h);
      for (const i of g.instances) into.instances.add(i);
    }
    out.push(...merged);
  }
  return out;
}

/** Every identity on the group's rows: its own plus the other service labels they carry (aliases). */
function identitiesOf(g: Group, rows: readonly InventoryRow[]): Identity[] {
  const ids = new Map(g.ids);
  for (const r of rows) {
    if (![...g.ids.values()].some((id) => rowOf(r, id, g.hosts))) continue;
    for (const label of SERVICE_LABELS) {
      const value = r.labels[label];
      if (!value || ((label === 'job' || label === 'container') && NOT_A_SERVICE.test(value))) continue;
      const id = { label, value };
      if (!ids.has(key(id))) ids.set(key(id), id);
    }
  }
  return [...ids.values()];
}

/** The traffic profile of a group: per counter family, summed over its rows; the busiest family wins. */
function profileOf(g: Group, traffic: readonly TrafficRow[], gridLength: number): number[] {
  const byFamily = new Map<string, number[]>();
  for (const row of traffic) {
    if (row.family === 'k6' || row.family === 'locust' || row.family === 'jmeter') continue;
    const id = primaryIdentity(row.labels);
    if (!id || !g.ids.has(key(id))) continue;
    const inst = row.labels.instance;
    if (inst && g.hosts.size > 0 && !g.hosts.has(hostOf(inst))) continue;
    const acc = byFamily.get(row.family) ?? new Array<number>(gridLength).fill(0);
    row.profile.forEach((v, i) => {
      acc[i] = (acc[i] ?? 0) + v;
    });
    byFamily.set(row.family, acc);
  }
  let best: number[] = new Array<number>(gridLength).fill(0);
  for (const p of byFamily.values()) if (meanOf(p) > meanOf(best)) best = p;
  return best;
}

/** Two groups are one service seen by two instrumentations when they carry the same traffic. */
function sameTraffic(a: readonly number[], b: readonly number[]): boolean {
  const ma = meanOf(a);
  const mb = meanOf(b);
  if (ma < MIN_TRAFFIC_RPS || mb < MIN_TRAFFIC_RPS) return false;
  return Math.abs(ma - mb) / Math.max(ma, mb) <= 0.1 && pearson(a, b) >= 0.95;
}

/**
 * Services with traffic in the window, busiest first: name, naming label, identities,
 * request rate, stacks, instances and hosts. Groups named alike on disjoint hosts merge
 * when their traffic is the same requests (one service, several instrumentations); else
 * they stay apart and the resolver takes the busier. Load tools are attributed later.
 */
export function buildServices(
  rows: readonly InventoryRow[],
  traffic: readonly TrafficRow[],
  gridLength: number,
): ServiceEntry[] {
  const counters = new Set(requestCounters(new Set(rows.map((r) => r.name))));
  const groups = groupServices(rows, counters).map((g) => ({
    g,
    profile: profileOf(g, traffic, gridLength),
  }));
  const merged: typeof groups = [];
  for (const x of groups) {
    const value = [...x.g.ids.values()][0]!.value;
    const into = merged.find(
      (m) => [...m.g.ids.values()][0]!.value === value && sameTraffic(m.profile, x.profile),
    );
    if (!into) {
      merged.push(x);
      continue;
    }
    for (const [k, v] of x.g.ids) into.g.ids.set(k, v);
    for (const h of x.g.hosts) into.g.hosts.add(h);
    for (const i of x.g.instances) into.g.instances.add(i);
  }
  const out: ServiceEntry[] = [];
  for (const { g, profile } of merged) {
    const ids = [...g.ids.values()];
    const rank = (id: Identity) => SERVICE_LABELS.indexOf(id.label as (typeof SERVICE_LABELS)[number]);
    const main = [...ids].sort((a, b) => rank(a) - rank(b))[0]!;
    const identities = identitiesOf(g, rows);
    const own = rows.filter((r) => ids.some((id) => rowOf(r, id, g.hosts)));
    const rps = meanOf(profile);
    if (rps < MIN_TRAFFIC_RPS) continue;
    out.push({
      name: main.value,
      label: main.label,
      identities,
      rps,
      stacks: stacksOf(own),
      instances: [...g.instances].sort(),
      hosts: [...g.hosts].sort(),
      loadTool: null,
      profile,
    });
  }
  return out.sort((a, b) => b.rps - a.rps || a.name.localeCompare(b.name));
}
