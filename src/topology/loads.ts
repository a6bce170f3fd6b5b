import { meanOf, pearson } from './correlate.js';
import { TARGET_LABEL } from './families.js';
import { eq, namesWord, sameName } from './hosts.js';
import type { LoadLink, LoadSource, ServiceEntry } from './topology.types.js';
import type { TrafficRow } from './traffic-query.js';

/** Minimum correlation for a load test to be credited to a service by its shape alone. */
export const MIN_CORRELATION = 0.7;

/**
 * The load generators in the traffic answer: k6 tests by `testid` (one test when absent),
 * Locust and JMeter exporters by job and instance.
 */
export function buildLoads(traffic: readonly TrafficRow[]): LoadSource[] {
  const byKey = new Map<string, LoadSource>();
  for (const row of traffic) {
    const tool = row.family;
    if (tool !== 'k6' && tool !== 'locust' && tool !== 'jmeter') continue;
    const l = row.labels;
    let id: string;
    let selector: string;
    if (tool === 'k6') {
      id = l.testid ?? 'k6';
      selector = l.testid ? eq('testid', l.testid) : '';
    } else {
      id = l.instance ?? l.job ?? tool;
      selector = [l.job ? eq('job', l.job) : '', l.instance ? eq('instance', l.instance) : '']
        .filter(Boolean)
        .join(',');
    }
    const k = `${tool}:${id}`;
    const src = byKey.get(k) ?? { tool, id, selector, targets: [], rps: 0, profile: [] };
    byKey.set(k, src);
    row.profile.forEach((v, i) => {
      src.profile[i] = (src.profile[i] ?? 0) + v;
    });
    const target = l[TARGET_LABEL];
    if (target && !src.targets.includes(target)) src.targets.push(target);
  }
  const out = [...byKey.values()];
  for (const s of out) s.rps = meanOf(s.profile);
  return out.filter((s) => s.rps > 0);
}

function namedBy(svc: ServiceEntry, text: string): boolean {
  return svc.identities.some((id) => namesWord(text, id.value)) || namesWord(text, svc.name);
}

function targets(svc: ServiceEntry, host: string): boolean {
  return svc.hosts.includes(host) || svc.identities.some((id) => sameName(id.value, host));
}

/**
 * Credits each load generator to at most one service, most certain evidence first: a k6
 * test id naming the service, then the hosts its URLs went to, then, for generators whose
 * names say nothing, the service whose throughput follows it (Pearson r ≥ 0.7 over the
 * window and a mean rate of the same order). A generator named for one service is never
 * credited to another, and an ambiguous shape credits nobody.
 */
export function attributeLoads(
  services: ServiceEntry[],
  loads: readonly LoadSource[],
  warnings: string[],
): void {
  const link = (svc: ServiceEntry, src: LoadSource, how: LoadLink['how'], r?: number) => {
    svc.loadTool = {
      tool: src.tool,
      id: src.id,
      selector: src.selector,
      how,
      ...(r === undefined ? {} : { r }),
    };
  };
  const free = new Set(loads);
  for (const src of loads) {
    if (src.tool !== 'k6' || src.id === 'k6') continue;
    const svc = services.find((s) => !s.loadTool && namedBy(s, src.id));
    if (svc) {
      link(svc, src, 'test_id');
      free.delete(src);
    }
  }
  for (const src of [...free]) {
    const svc = services.find((s) => !s.loadTool && src.targets.some((t) => targets(s, t)));
    if (svc) {
      link(svc, src, 'target');
      free.delete(src);
    }
  }
  for (const src of [...free]) {
    // A generator whose URLs name another host, or a k6 test named for a service not in the
    // window, drives something else: never credit it by shape.
    if (src.targets.length > 0) continue;
    // A k6 test named for a service in the window (that already has its load test) drives
    // that service: never credit it to another by shape.
    if (src.tool === 'k6' && src.id !== 'k6' && services.some((s) => namedBy(s, src.id))) continue;
    const scored = services
      .filter((s) => !s.loadTool)
      .map((s) => ({ s, r: pearson(src.profile, s.profile), ratio: s.rps / Math.max(src.rps, 1e-9) }))
      .filter((x) => x.r >= MIN_CORRELATION && x.ratio > 0.4 && x.ratio < 2.5)
      .sort((a, b) => b.r - a.r);
    const [best, second] = scored;
    if (!best) continue;
    if (second && best.r - second.r < 0.05) {
      warnings.push(
        `load ${src.tool} ${src.id} follows both ${best.s.name} and ${second.s.name}; credited to neither`,
      );
      continue;
    }
    link(best.s, src, 'correlation', Math.round(best.r * 1000) / 1000);
    free.delete(src);
  }
  if (
    services.length === 1 &&
    loads.length === 1 &&
    !services[0]!.loadTool &&
    loads[0]!.targets.length === 0
  ) {
    link(services[0]!, loads[0]!, 'only_one');
  }
}
