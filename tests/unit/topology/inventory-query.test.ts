import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/logger.js';
import { planScope, serviceOfSelector } from '../../../src/pipeline/plan-scope.js';
import { DIALECT_LABELS, FAMILY_REGEX, flagLabel } from '../../../src/topology/families.js';
import {
  inventoryQuery,
  NAME_LABEL,
  parseInventory,
  windowRange,
} from '../../../src/topology/inventory-query.js';
import { APP_ROWS, appTraffic, EXPORTER_ROWS, fakeTopologySource, W } from './world.js';

/** Prometheus anchors `=~` regexes at both ends. */
const family = new RegExp(`^(?:${FAMILY_REGEX})$`);

describe('the inventory query', () => {
  it('reads the families the packs use, and no unbounded set of names', () => {
    for (const name of [
      'http_server_requests_seconds_count',
      'http_request_duration_seconds_bucket',
      'k6_http_reqs_total',
      'locust_requests_current_rps',
      'hikaricp_connections_active',
      'jvm_memory_used_bytes',
      'nodejs_eventloop_lag_seconds',
      'pg_stat_activity_count',
      'kafka_consumergroup_lag',
      'node_cpu_seconds_total',
      'container_cpu_usage_seconds_total',
      'myapp_request_latency_seconds_bucket',
      'shop_http_requests_total',
    ])
      expect(family.test(name), name).toBe(true);
    for (const name of [
      'up',
      'go_goroutines',
      'node_filesystem_avail_bytes',
      'node_network_receive_packets_total',
      'kube_pod_info',
      'apiserver_storage_objects',
      'container_fs_usage_bytes',
      'jvm_classes_loaded',
      'pg_settings_max_connections',
      'myapp_cache_hits_total',
    ])
      expect(family.test(name), name).toBe(false);
  });

  it('counts histograms by their +Inf bucket, over the whole window, under the selector', () => {
    const q = inventoryQuery(W.fromMs, W.toMs, '{scenario="shop"}');
    expect(q).toContain(
      `last_over_time({__name__=~"${FAMILY_REGEX}",le=~"|\\\\+Inf",scenario="shop"}[2400s])`,
    );
    expect(q.startsWith(`count by (${NAME_LABEL}, application, service, service_name,`)).toBe(true);
    expect(q).toContain(`label_replace(`);
    expect(q).toContain(`"${flagLabel('status_code')}", "1", "status_code", ".+")`);
    expect(q).toContain(`"ll_target", "$1", "name", "https?://([^/:]+).*")`);
    // Values of dialect labels never multiply the answer: only their flags are kept.
    const by = /^count by \(([^)]*)\)/.exec(q)![1]!.split(', ');
    for (const l of DIALECT_LABELS) {
      expect(by).toContain(flagLabel(l));
      expect(by).not.toContain(l);
    }
    expect(by).not.toContain('le');
    expect(by).not.toContain('name');
    expect(inventoryQuery(W.fromMs, W.toMs)).toContain(`le=~"|\\\\+Inf"}[2400s])`);
  });

  it('covers the window in whole seconds, never less than one', () => {
    expect(windowRange(0, 1500)).toBe('2s');
    expect(windowRange(0, 10)).toBe('1s');
    expect(windowRange(W.fromMs, W.toMs)).toBe('2400s');
  });

  it('parses rows: name, service and placement labels, dialect flags, series count', () => {
    const rows = parseInventory([
      {
        id: 'a',
        name: 'x',
        labels: {
          [NAME_LABEL]: 'http_request_duration_seconds_count',
          job: 'catalog',
          instance: '10.0.1.13:3000',
          application: '',
          ll_target: 'catalog',
          ll_has_status_code: '1',
          ll_has_path: '1',
          ll_has_handler: '0',
          scenario: 'shop',
        },
        t: [W.toMs],
        v: [7],
      },
      { id: 'b', name: 'y', labels: { __name__: 'node_cpu_seconds_total' }, t: [W.toMs], v: [Number.NaN] },
      { id: 'c', name: 'z', labels: { job: 'nameless' }, t: [W.toMs], v: [1] },
    ]);
    expect(rows).toEqual([
      {
        name: 'http_request_duration_seconds_count',
        labels: { job: 'catalog', instance: '10.0.1.13:3000', target: 'catalog' },
        flags: new Set(['status_code', 'path']),
        series: 7,
      },
      { name: 'node_cpu_seconds_total', labels: {}, flags: new Set(), series: 1 },
    ]);
  });
});

describe('serviceOfSelector', () => {
  it('names a service only when the selector is exactly one equality on a service label', () => {
    expect(serviceOfSelector('application="orders"')).toEqual({ label: 'application', value: 'orders' });
    expect(serviceOfSelector('{job="payments"}')).toEqual({ label: 'job', value: 'payments' });
    expect(serviceOfSelector(' service_name = "search" ,')).toEqual({
      label: 'service_name',
      value: 'search',
    });
    expect(serviceOfSelector('scenario="shop"')).toBeUndefined();
    expect(serviceOfSelector('job="orders",instance="10.0.1.11:8080"')).toBeUndefined();
    expect(serviceOfSelector('job=~"orders"')).toBeUndefined();
    expect(serviceOfSelector('job!="orders"')).toBeUndefined();
    expect(serviceOfSelector('')).toBeUndefined();
  });
});

describe('planScope', () => {
  const base = { fromMs: W.fromMs, toMs: W.toMs, logger: silentLogger };

  it('a selector naming a service scopes every domain to it, with no selector left on the queries', async () => {
    const prom = fakeTopologySource([...APP_ROWS, ...EXPORTER_ROWS], appTraffic());
    const d = await planScope({ ...base, prom, service: null, selector: 'job="payments"' });
    expect(d.service).toBe('payments');
    expect(d.selector).toBe('');
    expect(d.scope?.service).toBe('payments');
    expect(d.plan?.find((p) => p.pack.domain === 'http')?.pack.id).toBe('fastapi');
    expect(d.plan?.find((p) => p.pack.id === 'postgres_exporter')?.selector).toBe('datname="payments"');
    expect(prom.calls.ranges.map((q) => q.id)).toEqual(['topology.inventory', 'topology.traffic']);
  });

  it('a plain selector and no service keeps the old behaviour without asking anything', async () => {
    const prom = fakeTopologySource(APP_ROWS, appTraffic());
    const d = await planScope({ ...base, prom, service: null, selector: 'scenario="shop"' });
    expect(d).toEqual({ service: null, selector: 'scenario="shop"', scope: null, warnings: [] });
    expect(prom.calls.ranges).toEqual([]);
  });

  it('a source that fails the inventory keeps the old behaviour, with a warning', async () => {
    const prom = fakeTopologySource(APP_ROWS, [], { inventoryError: new Error('bad_data: parse error') });
    const d = await planScope({ ...base, prom, service: 'orders', selector: '' });
    expect(d.scope).toBeNull();
    expect(d.plan).toBeUndefined();
    expect(d.warnings).toEqual(['could not read the services in the window: bad_data: parse error']);
  });
});
