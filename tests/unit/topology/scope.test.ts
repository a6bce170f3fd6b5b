import { describe, expect, it } from 'vitest';
import { scopeService } from '../../../src/topology/scope.js';
import type { Topology } from '../../../src/topology/topology.types.js';
import { APP_ROWS, appTraffic, EXPORTER_ROWS, flat, ORDERS, row, topologyOf } from './world.js';

const svc = (topo: Topology, name: string) => topo.services.find((x) => x.name === name)!;
/** `pack id → selector` of a plan's packs in one domain. */
const inDomain = (plan: ReturnType<typeof scopeService>, domain: string) =>
  Object.fromEntries(plan.packs.filter((p) => p.pack.domain === domain).map((p) => [p.pack.id, p.selector]));

describe('per-domain scope of one service', () => {
  it('orders: own label, node-exporter on its host, cAdvisor by container, its database and consumer group', async () => {
    const topo = await topologyOf([...APP_ROWS, ...EXPORTER_ROWS], appTraffic());
    const plan = scopeService(topo, svc(topo, 'orders'), { sole: false });
    expect(inDomain(plan, 'http')).toEqual({ micrometer: 'application="orders"' });
    expect(inDomain(plan, 'jvm')).toEqual({ micrometer: 'application="orders"' });
    expect(inDomain(plan, 'infra')).toEqual({
      process: 'application="orders"',
      node_exporter: 'instance=~"(10\\\\.0\\\\.1\\\\.11)(:[0-9]+)?"',
      cadvisor: 'container="orders"',
    });
    expect(inDomain(plan, 'database')).toEqual({
      hikaricp: 'application="orders"',
      postgres_exporter: 'datname="orders"',
    });
    expect(inDomain(plan, 'kafka')).toEqual({ kafka_exporter: 'consumergroup="orders-consumer"' });
    // The node-exporter pack sees only its host's rows, so no other host leaks into it.
    const node = plan.packs.find((p) => p.pack.id === 'node_exporter')!;
    expect(node.names).toEqual(new Set(['node_cpu_seconds_total']));
    expect(plan.scope.service).toBe('orders');
    expect(plan.scope.label).toBe('application');
    expect(plan.scope.matched.database).toEqual([
      'hikaricp{application="orders"}',
      'postgres_exporter{datname="orders"}',
    ]);
    expect(plan.scope.hosts).toEqual(['10.0.1.11']);
    expect(plan.scope.containers).toEqual(['orders']);
    expect(plan.scope.databases).toEqual(['orders']);
    expect(plan.scope.consumerGroups).toEqual(['orders-consumer']);
    expect(plan.scope.reasons).toEqual([
      'orders: application="orders"',
      'host 10.0.1.11: node-exporter on the host of its instances',
      'container orders',
      'db orders: postgres-exporter series of its database',
      'consumer groups orders-consumer',
    ]);
    // No load series in the window: no load pack, and no reason to say none drove it.
    expect(inDomain(plan, 'load')).toEqual({});
    expect(plan.scope.loadTest).toBeNull();
  });

  it('payments: cAdvisor by pod name when no container carries its name', async () => {
    const topo = await topologyOf([...APP_ROWS, ...EXPORTER_ROWS], appTraffic());
    const plan = scopeService(topo, svc(topo, 'payments'), { sole: false });
    expect(inDomain(plan, 'infra')).toEqual({
      node_exporter: 'instance=~"(10\\\\.0\\\\.1\\\\.12)(:[0-9]+)?"',
      cadvisor: 'pod=~"payments-.*"',
    });
    expect(inDomain(plan, 'database')).toEqual({ postgres_exporter: 'datname="payments"' });
    expect(inDomain(plan, 'kafka')).toEqual({ kafka_exporter: 'consumergroup="payments-consumer"' });
    expect(plan.scope.containers).toEqual(['payments-*']);
  });

  it('leaves out a domain nothing matched when other services share the window, and says so', async () => {
    const topo = await topologyOf([...APP_ROWS, ...EXPORTER_ROWS], appTraffic());
    // catalog has no container, pod or consumer group of its own.
    const plan = scopeService(topo, svc(topo, 'catalog'), { sole: false });
    expect(inDomain(plan, 'infra')).toEqual({
      node_exporter: 'instance=~"(10\\\\.0\\\\.1\\\\.13)(:[0-9]+)?"',
    });
    expect(inDomain(plan, 'kafka')).toEqual({});
    expect(plan.scope.matched.kafka).toBeUndefined();
    expect(plan.scope.reasons).toContain('no container matched catalog; infra left out');
    expect(plan.scope.reasons).toContain('no consumer group matched catalog; kafka left out');
  });

  it('takes an unmatched domain whole when the service is the only one with traffic (`sole`)', async () => {
    const rows = [
      ...APP_ROWS.filter((r) => r.labels.application === 'orders'),
      row('node_cpu_seconds_total', { job: 'node', instance: '10.0.7.7:9100' }),
      row('pg_stat_activity_count', { job: 'postgres', instance: '10.0.2.40:9187', datname: 'shop' }),
      row('kafka_consumergroup_lag', { job: 'kafka-exporter', consumergroup: 'projector' }),
    ];
    const topo = await topologyOf(rows, appTraffic().slice(0, 1));
    expect(topo.services.map((s) => s.name)).toEqual(['orders']);
    const sole = scopeService(topo, svc(topo, 'orders'), { sole: true });
    expect(inDomain(sole, 'infra').node_exporter).toBe('');
    expect(inDomain(sole, 'database').postgres_exporter).toBe('');
    expect(inDomain(sole, 'kafka')).toEqual({ kafka_exporter: '' });
    expect(sole.scope.reasons).toContain(
      'no host matched orders; all of them taken (the only service with traffic)',
    );
    const shared = scopeService(topo, svc(topo, 'orders'), { sole: false });
    expect(inDomain(shared, 'infra').node_exporter).toBeUndefined();
    expect(inDomain(shared, 'database')).toEqual({ hikaricp: 'application="orders"' });
    expect(inDomain(shared, 'kafka')).toEqual({});
    expect(shared.scope.reasons).toContain('no host matched orders; infra left out');
  });

  it('gives the catalogue’s per-domain selectors the final word', async () => {
    const topo = await topologyOf([...APP_ROWS, ...EXPORTER_ROWS], appTraffic());
    const plan = scopeService(topo, svc(topo, 'orders'), {
      sole: false,
      overrides: { database: 'datname="orders_legacy"', infra: 'instance="db-vm:9100"' },
    });
    for (const p of plan.packs.filter((x) => x.pack.domain === 'database'))
      expect(p.selector, p.pack.id).toBe('datname="orders_legacy"');
    expect(inDomain(plan, 'database').postgres_exporter).toBe('datname="orders_legacy"');
    expect(inDomain(plan, 'infra').node_exporter).toBe('instance="db-vm:9100"');
    expect(inDomain(plan, 'infra').cadvisor).toBe('instance="db-vm:9100"');
    // Domains without an override keep what topology inferred.
    expect(inDomain(plan, 'http')).toEqual({ micrometer: 'application="orders"' });
    expect(inDomain(plan, 'kafka')).toEqual({ kafka_exporter: 'consumergroup="orders-consumer"' });
    expect(plan.scope.matched.database).toEqual([
      'hikaricp{datname="orders_legacy"}',
      'postgres_exporter{datname="orders_legacy"}',
    ]);
    expect(plan.scope.reasons).toEqual(
      expect.arrayContaining(['database: selector from the catalogue', 'infra: selector from the catalogue']),
    );
  });

  it('lists in `matched` every pack a catalogue selector adds, even in a domain topology left out', async () => {
    const topo = await topologyOf([...APP_ROWS, ...EXPORTER_ROWS], appTraffic());
    const plan = scopeService(topo, svc(topo, 'catalog'), {
      sole: false,
      overrides: { kafka: 'consumergroup="catalog-projector"', infra: 'instance=~"10.0.1.13:.*|node-3"' },
    });
    expect(inDomain(plan, 'kafka')).toEqual({ kafka_exporter: 'consumergroup="catalog-projector"' });
    expect(plan.scope.matched.kafka).toEqual(['kafka_exporter{consumergroup="catalog-projector"}']);
    // The catalogue's selector has the whole domain: every infra family of the window is
    // detected under it (orders' process metrics included), not only what topology matched.
    expect(Object.keys(inDomain(plan, 'infra')).sort()).toEqual(['cadvisor', 'node_exporter', 'process']);
    expect([...(plan.scope.matched.infra ?? [])].sort()).toEqual([
      'cadvisor{instance=~"10.0.1.13:.*|node-3"}',
      'node_exporter{instance=~"10.0.1.13:.*|node-3"}',
      'process{instance=~"10.0.1.13:.*|node-3"}',
    ]);
  });

  it('keeps a tenant selector (`base`) in front of every pack’s own matchers', async () => {
    const topo = await topologyOf([...APP_ROWS, ...EXPORTER_ROWS], appTraffic());
    const plan = scopeService(topo, svc(topo, 'orders'), { sole: false, base: 'scenario="shop"' });
    expect(plan.packs.length).toBeGreaterThan(5);
    for (const p of plan.packs) expect(p.selector.startsWith('scenario="shop"'), p.pack.id).toBe(true);
    expect(inDomain(plan, 'database').postgres_exporter).toBe('scenario="shop",datname="orders"');
  });

  it('matches a consumer group by a whole word of the service name, not a prefix of another word', async () => {
    const rows = [
      ...APP_ROWS,
      row('kafka_consumergroup_lag', { job: 'kafka-exporter', consumergroup: 'ordersarchive' }),
      row('kafka_consumergroup_lag', { job: 'kafka-exporter', consumergroup: 'billing.orders.projector' }),
    ];
    const topo = await topologyOf(rows, appTraffic());
    const plan = scopeService(topo, svc(topo, 'orders'), { sole: false });
    expect(plan.scope.consumerGroups).toEqual(['billing.orders.projector']);
  });

  it('scopes the FastAPI service’s own packs by the label that named it, never by another service’s', async () => {
    const topo = await topologyOf([...APP_ROWS, ...EXPORTER_ROWS], appTraffic(flat(1), flat(40)));
    const plan = scopeService(topo, svc(topo, 'payments'), { sole: false });
    for (const p of plan.packs.filter((x) => ['http', 'jvm'].includes(x.pack.domain)))
      expect(p.selector).toBe('job="payments"');
    expect(plan.packs.some((p) => p.selector.includes(ORDERS.application))).toBe(false);
  });
});
