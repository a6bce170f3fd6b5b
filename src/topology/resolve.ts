import { LoadLensError } from '../core/errors.js';
import { hostOf } from './hosts.js';
import { servicesTable } from './services-text.js';
import type { ServiceEntry, Topology } from './topology.types.js';

/** The service a report is about, and why it was chosen. */
export interface Choice {
  service: ServiceEntry;
  reasons: string[];
  /** True when no other service had traffic: unmatched domains may be taken whole. */
  sole: boolean;
}

function minute(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `orders (120 rps), payments (80 rps)`: the services with traffic, for messages. */
export function listServices(topo: Topology): string {
  return topo.services.length === 0
    ? '—'
    : topo.services.map((s) => `${s.name} (${s.rps.toFixed(s.rps < 10 ? 1 : 0)} rps)`).join(', ');
}

function details(
  topo: Topology,
  extra: Record<string, string | number> = {},
): Record<string, string | number> {
  return {
    ...extra,
    from: topo.fromMs,
    to: topo.toMs,
    known: topo.services.map((s) => s.name).join(', ') || '—',
    services: listServices(topo),
    table: servicesTable(topo.services),
  };
}

/**
 * Finds NAME among the services with traffic, by the label that names them or any other
 * service label on their series (`application`, `job`, `service_name`, …). When NAME names
 * two different label sets (on different hosts), the busier one is taken and the reasons
 * say so. A name found nowhere is an error listing the services that had traffic.
 */
export function resolveByName(topo: Topology, name: string): Choice {
  const exact = topo.services.filter((s) => s.name === name);
  const alias = topo.services.filter((s) => s.name !== name && s.identities.some((i) => i.value === name));
  const found = exact.length > 0 ? exact : alias;
  if (found.length === 0) {
    throw new LoadLensError(
      'UNKNOWN_SERVICE',
      `no service named ${name} had traffic between ${minute(topo.fromMs)} and ${minute(topo.toMs)}; services with traffic: ${topo.services.map((s) => s.name).join(', ') || 'none'}`,
      { details: details(topo, { service: name }) },
    );
  }
  const [svc, ...others] = found; // busiest first: `services` is sorted by rate
  const reasons: string[] = [];
  if (exact.length === 0) reasons.push(`${name} is ${svc!.label}="${svc!.name}"'s ${aliasLabel(svc!, name)}`);
  for (const o of others) {
    reasons.push(
      `${name} also names ${o.label}="${o.name}" on ${o.hosts.join(', ') || 'other hosts'} (${o.rps.toFixed(1)} rps); took the one with more traffic`,
    );
  }
  return { service: svc!, reasons, sole: topo.services.length === 1 };
}

function aliasLabel(svc: ServiceEntry, name: string): string {
  return svc.identities.find((i) => i.value === name)?.label ?? 'alias';
}

/**
 * Picks the service of an unscoped report: the only service with traffic, else the only
 * one driven by a load test, else one carrying at least 90 % of all traffic. Several
 * services under load are never mixed: the error lists them (the CLI prints it and exits
 * 1; chat offers one button per service).
 */
export function chooseUnscoped(topo: Topology): Choice | undefined {
  const all = topo.services;
  if (all.length === 0) return undefined;
  if (all.length === 1) return { service: all[0]!, reasons: ['the only service with traffic'], sole: true };
  const loaded = all.filter((s) => s.loadTool);
  if (loaded.length === 1) {
    return {
      service: loaded[0]!,
      reasons: [
        `the only service driven by a load test (${loaded[0]!.loadTool!.tool} ${loaded[0]!.loadTool!.id})`,
      ],
      sole: false,
    };
  }
  const total = all.reduce((s, x) => s + x.rps, 0);
  if (loaded.length === 0 && all[0]!.rps >= 0.9 * total) {
    return { service: all[0]!, reasons: ['carries over 90 % of the traffic in the window'], sole: false };
  }
  // No load tool to tell: a window is chosen around one test, so the service busy through
  // most of it is the one under test; another's traffic that only spills over an edge is not.
  const through = loaded.length === 0 ? all.filter((s) => activeShare(s.profile) >= 0.5) : [];
  if (through.length === 1) {
    return {
      service: through[0]!,
      reasons: ['the only service with traffic through most of the window (no load-tool metrics)'],
      sole: false,
    };
  }
  throw new LoadLensError(
    'SERVICE_AMBIGUOUS',
    `${loaded.length > 1 ? loaded.length : all.length} services were under load between ${minute(topo.fromMs)} and ${minute(topo.toMs)}; name one: ${listServices(topo)}`,
    { details: details(topo) },
  );
}

/**
 * The service an alert is about when its labels name none: the one whose series carry the
 * alert's `job`, `instance` (host), `namespace`/`pod` or `container`.
 */
export function resolveByAlertLabels(topo: Topology, labels: Record<string, string>): Choice | undefined {
  const score = (s: ServiceEntry) => {
    let n = 0;
    if (labels.job && s.identities.some((i) => i.value === labels.job)) n += 2;
    if (labels.instance && s.hosts.includes(hostOf(labels.instance))) n += 2;
    if (labels.container && s.identities.some((i) => i.value === labels.container)) n += 2;
    if (labels.pod && s.identities.some((i) => labels.pod!.startsWith(`${i.value}-`))) n += 1;
    return n;
  };
  const ranked = topo.services.map((s) => ({ s, n: score(s) })).filter((x) => x.n > 0);
  ranked.sort((a, b) => b.n - a.n || b.s.rps - a.s.rps);
  const best = ranked[0];
  if (!best) return undefined;
  return { service: best.s, reasons: ["matched the alert's labels"], sole: topo.services.length === 1 };
}

/** Share of a profile's points carrying at least a tenth of its highest rate. */
export function activeShare(profile: readonly number[]): number {
  const max = Math.max(0, ...profile);
  if (profile.length === 0 || max <= 0) return 0;
  return profile.filter((v) => v >= 0.1 * max).length / profile.length;
}
