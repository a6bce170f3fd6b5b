import { describe, expect, it } from 'vitest';
import { discoverTopology } from '../../../src/topology/discover-topology.js';
import { resolveByName } from '../../../src/topology/resolve.js';
import { scopeService } from '../../../src/topology/scope.js';
import { stacksOf } from '../../../src/topology/stacks.js';
import type { Topology } from '../../../src/topology/topology.types.js';
import {
  APP_ROWS,
  appTraffic,
  CATALOG,
  EXPORTER_ROWS,
  fakeTopologySource,
  flat,
  ORDERS,
  PAYMENTS,
  row,
  steps,
  topologyOf,
  W,
} from './world.js';

const svc = (topo: Topology, name: string) => {
  const s = topo.services.find((x) => x.name === name);
  if (!s) throw new Error(`${name} not in ${topo.services.map((x) => x.name).join(', ')}`);
  return s;
};
const httpPacks = (topo: Topology, name: string) =>
  scopeService(topo, svc(topo, name), { sole: false })
    .packs.filter((p) => p.pack.domain === 'http')
    .map((p) => ({ id: p.pack.id, selector: p.selector }));

describe('services of a shared Prometheus', () => {
  it('lists each service busiest first, with its naming label, rate, instances and hosts', async () => {
    const topo = await topologyOf([...APP_ROWS, ...EXPORTER_ROWS], appTraffic());
    expect(topo.queries).toBe(2);
    expect(topo.services.map((s) => [s.name, s.label])).toEqual([
      ['orders', 'application'],
      ['payments', 'job'],
      ['catalog', 'job'],
    ]);
    const orders = svc(topo, 'orders');
    // steps([50,100,150,200]) over the grid: four idle points, then the levels.
    expect(orders.rps).toBeCloseTo(orders.profile.reduce((a, b) => a + b, 0) / orders.profile.length, 9);
    expect(orders.rps).toBeGreaterThan(100);
    expect(orders.rps).toBeLessThan(130);
    expect(svc(topo, 'payments').rps).toBeCloseTo(20, 9);
    expect(svc(topo, 'catalog').rps).toBeCloseTo(8, 9);
    expect(orders.instances).toEqual(['10.0.1.11:8080']);
    expect(orders.hosts).toEqual(['10.0.1.11']);
    expect(orders.identities).toEqual(
      expect.arrayContaining([
        { label: 'application', value: 'orders' },
        { label: 'job', value: 'orders' },
      ]),
    );
  });

  it('recognises each stack from the service’s own rows: express and FastAPI share a metric name', async () => {
    const topo = await topologyOf([...APP_ROWS, ...EXPORTER_ROWS], appTraffic());
    expect(svc(topo, 'orders').stacks).toEqual(['micrometer', 'jvm', 'hikaricp']);
    expect(svc(topo, 'payments').stacks).toEqual(['fastapi']);
    expect(svc(topo, 'catalog').stacks).toEqual(['express', 'prom-client']);
  });

  it('gives each of the two `http_request_duration_seconds` dialects its own pack', async () => {
    const topo = await topologyOf([...APP_ROWS, ...EXPORTER_ROWS], appTraffic());
    const catalog = httpPacks(topo, 'catalog');
    expect(catalog[0]).toEqual({ id: 'express', selector: 'job="catalog"' });
    expect(catalog.map((p) => p.id)).not.toContain('fastapi');
    const payments = httpPacks(topo, 'payments');
    expect(payments[0]).toEqual({ id: 'fastapi', selector: 'job="payments"' });
    expect(payments.map((p) => p.id)).not.toContain('express');
    // The express pack reads the route label of catalog's rows, not payments' `handler`.
    const plan = scopeService(topo, svc(topo, 'catalog'), { sole: false });
    const express = plan.packs.find((p) => p.pack.id === 'express')!;
    expect(express.labelsOf('http_request_duration_seconds_count')).toEqual(
      new Set(['method', 'path', 'status_code']),
    );
    const queries = express.pack.queries({
      selector: express.selector,
      rateWindow: '1m',
      names: express.names,
      labelsOf: express.labelsOf,
    });
    expect(queries.length).toBeGreaterThan(0);
    for (const q of queries) {
      expect(q.promql).toContain('job="catalog"');
      expect(q.promql).not.toContain('handler');
    }
    expect(queries.some((q) => q.promql?.includes('status_code=~"5.."'))).toBe(true);
  });

  it('names a stack only from families present: a FastAPI count without `handler` is not FastAPI', () => {
    expect(stacksOf([row('http_request_duration_seconds_count', CATALOG, ['status_code', 'path'])])).toEqual([
      'express',
    ]);
    expect(stacksOf([row('http_requests_total', PAYMENTS, ['handler', 'status'])])).toEqual(['fastapi']);
    expect(stacksOf([row('http_server_request_duration_seconds_count', { job: 'x' })])).toEqual(['otel']);
    expect(stacksOf([row('flask_http_request_total', { job: 'x' })])).toEqual(['flask']);
    expect(stacksOf([row('myapp_http_requests_total', { job: 'x' }, ['code'])])).toEqual(['generic']);
  });

  it('never lists exporters, the monitoring stack or load tools as services, busy or not', async () => {
    const monitoring = [
      row('prometheus_http_requests_total', { job: 'prometheus', instance: 'localhost:9090' }, [
        'code',
        'handler',
      ]),
      row('http_requests_total', { job: 'node-exporter', instance: '10.0.1.11:9100' }, ['code']),
      row('http_requests_total', { job: 'alertmanager', instance: 'am:9093' }, ['code', 'handler']),
      row('http_requests_total', { container: 'cadvisor', instance: 'node-1' }, ['code']),
    ];
    const traffic = [
      ...appTraffic(),
      { family: 'prometheus_http_requests_total', labels: monitoring[0]!.labels, profile: flat(50) },
      { family: 'http_requests_total', labels: monitoring[1]!.labels, profile: flat(30) },
      { family: 'http_requests_total', labels: monitoring[2]!.labels, profile: flat(30) },
      { family: 'http_requests_total', labels: monitoring[3]!.labels, profile: flat(30) },
    ];
    const topo = await topologyOf([...APP_ROWS, ...EXPORTER_ROWS, ...monitoring], traffic);
    expect(topo.services.map((s) => s.name)).toEqual(['orders', 'payments', 'catalog']);
  });

  it('leaves out a service with no traffic in the window (idle or scraped only)', async () => {
    const idle = [
      row('http_server_requests_seconds_count', { application: 'billing', instance: '10.0.1.16:8080' }),
    ];
    const traffic = [
      ...appTraffic(),
      { family: 'http_server_requests_seconds_count', labels: idle[0]!.labels, profile: flat(0.01) },
    ];
    const topo = await topologyOf([...APP_ROWS, ...idle], traffic);
    expect(topo.services.map((s) => s.name)).not.toContain('billing');
  });
});

describe('grouping of identities', () => {
  it('one service when `application` and `job` name it on the same host (two instrumentations)', async () => {
    const otel = { job: 'orders', instance: '10.0.1.11:9464' };
    const rows = [
      row('http_server_requests_seconds_count', { application: 'orders', instance: '10.0.1.11:8080' }, [
        'uri',
      ]),
      row('http_server_request_duration_seconds_count', otel, ['http_route']),
    ];
    const traffic = [
      {
        family: 'http_server_requests_seconds_count',
        labels: { application: 'orders', instance: '10.0.1.11:8080' },
        profile: steps([40, 80]),
      },
      { family: 'http_server_request_duration_seconds_count', labels: otel, profile: steps([40, 80]) },
    ];
    const topo = await topologyOf(rows, traffic);
    expect(topo.services).toHaveLength(1);
    const orders = topo.services[0]!;
    expect([orders.name, orders.label]).toEqual(['orders', 'application']);
    expect(orders.identities).toEqual(
      expect.arrayContaining([
        { label: 'application', value: 'orders' },
        { label: 'job', value: 'orders' },
      ]),
    );
    expect(orders.instances).toEqual(['10.0.1.11:8080', '10.0.1.11:9464']);
    expect(orders.stacks).toEqual(['micrometer', 'otel']);
    // The same requests seen twice are not twice the traffic: the busiest family counts.
    expect(orders.rps).toBeCloseTo(orders.profile.reduce((a, b) => a + b, 0) / orders.profile.length, 9);
    expect(orders.rps).toBeLessThan(80);
  });

  it('two entries when one name is on disjoint hosts with different traffic; the busier is taken, and said', async () => {
    const main = { application: 'orders', instance: '10.0.1.11:8080' };
    const stray = { job: 'orders', instance: '10.0.5.5:8000' };
    const rows = [
      row('http_server_requests_seconds_count', main, ['uri', 'status']),
      row('http_requests_total', stray, ['handler', 'status']),
      row('http_request_duration_seconds_count', stray, ['handler']),
    ];
    const traffic = [
      { family: 'http_server_requests_seconds_count', labels: main, profile: steps([50, 100, 150]) },
      { family: 'http_requests_total', labels: stray, profile: flat(3) },
    ];
    const topo = await topologyOf(rows, traffic);
    expect(topo.services.map((s) => [s.name, s.label, s.hosts])).toEqual([
      ['orders', 'application', ['10.0.1.11']],
      ['orders', 'job', ['10.0.5.5']],
    ]);
    const choice = resolveByName(topo, 'orders');
    expect(choice.service.label).toBe('application');
    expect(choice.service.hosts).toEqual(['10.0.1.11']);
    expect(choice.reasons).toEqual([
      'orders also names job="orders" on 10.0.5.5 (3.0 rps); took the one with more traffic',
    ]);
    // Both carry the name, so the chosen one's own series are pinned to its hosts too.
    const plan = scopeService(topo, choice.service, { sole: choice.sole });
    const http = plan.packs.filter((p) => p.pack.domain === 'http');
    expect(http.map((p) => [p.pack.id, p.selector])).toEqual([
      ['micrometer', 'application="orders",instance=~"(10\\\\.0\\\\.1\\\\.11)(:[0-9]+)?"'],
    ]);
  });

  it('one entry when one name on disjoint hosts carries the same requests (two scrapes of one service)', async () => {
    const a = { application: 'orders', instance: '10.0.1.11:8080' };
    const b = { job: 'orders', instance: 'orders.internal:9464' };
    const rows = [
      row('http_server_requests_seconds_count', a, ['uri']),
      row('http_server_request_duration_seconds_count', b, ['http_route']),
    ];
    const shape = steps([30, 60, 90]);
    const traffic = [
      { family: 'http_server_requests_seconds_count', labels: a, profile: shape },
      {
        family: 'http_server_request_duration_seconds_count',
        labels: b,
        profile: shape.map((x) => x * 1.02),
      },
    ];
    const topo = await topologyOf(rows, traffic);
    expect(topo.services).toHaveLength(1);
    expect(topo.services[0]!.hosts).toEqual(['10.0.1.11', 'orders.internal']);
  });

  it('reads the inventory at the window’s end over the whole window, then traffic on a coarse grid', async () => {
    const src = fakeTopologySource([...APP_ROWS, ...EXPORTER_ROWS], appTraffic());
    await discoverTopology(src, W);
    expect(src.calls.other).toEqual([]);
    expect(src.calls.ranges.map((q) => [q.id, q.fromMs, q.toMs])).toEqual([
      ['topology.inventory', W.toMs, W.toMs],
      ['topology.traffic', W.fromMs, W.toMs],
    ]);
    expect(src.calls.ranges[1]!.stepSec).toBe(60);
    // The traffic query asks only for the counters present, and the k6 test.
    const q = src.calls.ranges[1]!.query;
    expect(q).toContain('rate(http_server_requests_seconds_count{uri!~"/actuator.*"}[4m])');
    expect(q).toContain('rate(http_requests_total[4m])');
    expect(q).toContain('rate(http_request_duration_seconds_count[4m])');
    expect(q).toContain('rate(k6_http_reqs_total[4m])');
    expect(q).not.toContain('locust');
    expect(q).not.toContain('otel');
  });

  it('asks one query when no family counts requests, and fails when the inventory fails', async () => {
    const src = fakeTopologySource(EXPORTER_ROWS.slice(0, 4), []);
    const topo = await discoverTopology(src, W);
    expect(src.calls.ranges.map((q) => q.id)).toEqual(['topology.inventory']);
    expect(topo.queries).toBe(1);
    expect(topo.services).toEqual([]);
    const broken = fakeTopologySource(APP_ROWS, [], { inventoryError: new Error('bad_data: parse error') });
    await expect(discoverTopology(broken, W)).rejects.toThrow('parse error');
  });

  it('keeps ORDERS/PAYMENTS/CATALOG apart from each other’s identities', async () => {
    const topo = await topologyOf(APP_ROWS, appTraffic());
    expect(svc(topo, 'payments').identities).toEqual([{ label: 'job', value: PAYMENTS.job }]);
    expect(svc(topo, 'catalog').identities).toEqual([{ label: 'job', value: CATALOG.job }]);
    expect(svc(topo, 'orders').identities.map((i) => i.value)).toEqual([ORDERS.application, ORDERS.job]);
  });
});
