import { describe, expect, it } from 'vitest';
import { simulateShared } from '../../../src/sim/shared.js';
import { SHARED_TENANT, sharedWindowPreset } from '../../../src/sim/shared-presets.js';
import { BASE_MS } from './helpers.js';
import { byName, type Family, parseOpenMetrics, seriesOf } from './openmetrics-parse.js';

/** The shared window simulated once for every test of this file. */
const preset = sharedWindowPreset(BASE_MS);
const out = simulateShared(preset.spec);
const families = parseOpenMetrics(out.openMetrics);
const fams = byName(families);
const fam = (name: string): Family => {
  const f = fams.get(name);
  if (!f) throw new Error(`missing family ${name}`);
  return f;
};
/** Distinct label sets of a family's samples (one per series, `le` dropped). */
const labelSets = (name: string, sample?: string) =>
  seriesOf(fam(name), sample).map((s) => {
    const { le: _le, ...rest } = s.labels;
    return rest;
  });
const hostOf = (app: string) => out.truths[app]!.hostIp;

describe('simulateShared: the shared window', () => {
  it('simulates every service of the spec and labels everything with the tenant', () => {
    expect(Object.keys(out.truths).sort()).toEqual(
      ['billing', 'catalog', 'inventory', 'orders', 'payments', 'search'].sort(),
    );
    const tenants = new Set(families.flatMap((f) => f.samples.map((s) => s.labels.scenario)));
    expect(tenants).toEqual(new Set([SHARED_TENANT]));
  });

  it('names Micrometer series by application, job and the host of the app', () => {
    const http = labelSets('http_server_requests_seconds', 'http_server_requests_seconds_count');
    const apps = new Set(http.map((l) => l.application));
    expect(apps).toEqual(new Set(['orders', 'inventory']));
    for (const l of http) {
      expect(l.job).toBe(l.application);
      expect(l.instance).toBe(`${hostOf(l.application!)}:8080`);
    }
    for (const l of labelSets('hikaricp_connections_active')) {
      expect(l.pool).toBe('HikariPool-1');
      expect(l.instance).toBe(`${hostOf(l.application!)}:8080`);
    }
  });

  it('gives FastAPI and express the same histogram name with their own labels', () => {
    const hist = labelSets('http_request_duration_seconds', 'http_request_duration_seconds_count');
    const fastapi = hist.filter((l) => l.job === 'payments');
    const express = hist.filter((l) => l.job === 'catalog');
    expect(fastapi.length + express.length).toBe(hist.length);
    expect(fastapi.length).toBeGreaterThan(0);
    for (const l of fastapi) {
      expect(Object.keys(l).sort()).toEqual(['handler', 'instance', 'job', 'method', 'scenario']);
      expect(l.instance).toBe(`${hostOf('payments')}:8000`);
    }
    expect(express.length).toBeGreaterThan(0);
    for (const l of express) {
      expect(Object.keys(l).sort()).toEqual(['instance', 'job', 'method', 'path', 'scenario', 'status_code']);
      expect(l.instance).toBe(`${hostOf('catalog')}:3000`);
    }
    expect(new Set(express.map((l) => l.path))).toEqual(new Set(['/api/catalog/#val', '/api/catalog']));
    const statuses = new Set(labelSets('http_requests', 'http_requests_total').map((l) => l.status));
    expect(statuses).toEqual(new Set(['2xx', '5xx']));
    for (const name of [
      'process_cpu_seconds',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
    ]) {
      const catalog = labelSets(name).filter((l) => l.job === 'catalog');
      expect(catalog, name).toEqual([
        { instance: `${hostOf('catalog')}:3000`, job: 'catalog', scenario: 'shared' },
      ]);
    }
  });

  it('gives OTel the new semantic conventions with service_name, job and the app host', () => {
    expect(fams.has('http_server_duration_milliseconds')).toBe(false);
    const otel = labelSets(
      'http_server_request_duration_seconds',
      'http_server_request_duration_seconds_count',
    );
    expect(otel.length).toBeGreaterThan(0);
    for (const l of otel) {
      expect(l.service_name).toBe('search');
      expect(l.job).toBe('search');
      expect(l.instance).toBe(`${hostOf('search')}:9464`);
    }
    const flask = labelSets('flask_app_request_count', 'flask_app_request_count_total');
    expect(new Set(flask.map((l) => `${l.job}@${l.instance}`))).toEqual(
      new Set([`billing@${hostOf('billing')}:5000`]),
    );
  });

  it('puts node-exporter on each service host, cAdvisor on its pod, its database and its group', () => {
    const apps = Object.keys(out.truths);
    const nodeHosts = new Set(labelSets('node_load1').map((l) => `${l.job}@${l.instance}`));
    expect(nodeHosts).toEqual(new Set(apps.map((a) => `node@${hostOf(a)}:9100`)));
    for (const l of labelSets('container_memory_working_set_bytes')) {
      const t = out.truths[l.container!]!;
      expect(l).toMatchObject({ pod: t.pod, namespace: 'shop', instance: t.node, job: 'kubelet' });
      expect(l.pod!.startsWith(`${l.container}-`)).toBe(true);
    }
    const dbs = labelSets('pg_stat_database_xact_commit');
    expect(dbs.map((l) => l.datname).sort()).toEqual([...apps].sort());
    for (const l of dbs) expect(l.instance).toBe(out.truths[l.datname!]!.dbInstance);
    // Two database servers, each listing several databases: the instance alone does not scope.
    expect(new Set(dbs.map((l) => l.instance)).size).toBe(2);
    const groups = labelSets('kafka_consumergroup_lag_sum');
    expect(new Set(groups.map((l) => `${l.consumergroup}/${l.topic}`))).toEqual(
      new Set(apps.map((a) => `${a}-consumer/${a}-events`)),
    );
    const internal = labelSets('kafka_topic_partition_current_offset').filter(
      (l) => l.topic === '__consumer_offsets',
    );
    expect(internal).toHaveLength(1);
  });

  it('tags every k6 series with the test id and names its target host', () => {
    const k6 = families.filter((f) => f.name.startsWith('k6_'));
    expect(k6.length).toBeGreaterThan(5);
    const series = k6.flatMap((f) => seriesOf(f));
    const ids = new Set(series.map((s) => s.labels.testid));
    expect(ids).toEqual(new Set(['orders-step', 'catalog-step', 'search-step', 'billing-step']));
    const named = series.filter((s) => s.labels.name !== undefined);
    expect(named.length).toBeGreaterThan(0);
    for (const s of named) {
      const app = s.labels.testid!.replace(/-step$/, '');
      expect(s.labels.name!.startsWith(`http://${app}:8080/api/${app}`), s.labels.name).toBe(true);
    }
  });

  it('gives Locust no target: bare request names and a load-generator instance', () => {
    const locust = families.filter((f) => f.name.startsWith('locust_'));
    expect(locust.length).toBeGreaterThan(5);
    const series = locust.flatMap((f) => seriesOf(f));
    expect(new Set(series.map((s) => s.labels.instance))).toEqual(
      new Set([out.truths.payments!.loadTool!.id]),
    );
    expect(out.truths.payments!.loadTool!.id).not.toContain(hostOf('payments'));
    for (const s of series) if (s.labels.name) expect(s.labels.name).toMatch(/^(\/|Aggregated$)/);
    expect(out.truths.payments!.loadTool).toEqual({ tool: 'locust', id: expect.stringMatching(/:9646$/) });
    expect(out.truths.inventory!.loadTool).toBeNull();
  });
});

describe('simulateShared: placement in time', () => {
  const { fromMs, toMs } = preset.window;
  /** First and last sample time (ms) of every series matching `pick`. */
  const span = (pick: (l: Record<string, string>) => boolean) => {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const f of families)
      for (const s of f.samples)
        if (pick(s.labels)) {
          lo = Math.min(lo, s.ts * 1000);
          hi = Math.max(hi, s.ts * 1000);
        }
    return { lo, hi };
  };
  const ofApp = (app: string) => (l: Record<string, string>) =>
    l.application === app ||
    l.job === app ||
    l.container === app ||
    l.datname === app ||
    l.testid === `${app}-step` ||
    l.instance?.startsWith(`${out.truths[app]!.hostIp}:`) === true;

  it('keeps the busy services inside the window and their tests inside their span', () => {
    for (const app of ['orders', 'payments', 'catalog', 'search']) {
      const t = out.truths[app]!;
      const s = span(ofApp(app));
      expect(s.lo, app).toBe(fromMs);
      expect(s.hi, app).toBe(toMs);
      expect(t.testFromMs).toBeGreaterThan(fromMs);
      expect(t.testToMs).toBeLessThan(toMs);
    }
    const k6 = span((l) => l.testid === 'orders-step');
    expect(k6).toEqual({ lo: out.truths.orders!.testFromMs, hi: out.truths.orders!.testToMs });
    const locust = span((l) => l.job === 'locust');
    expect(locust).toEqual({ lo: out.truths.payments!.testFromMs, hi: out.truths.payments!.testToMs });
  });

  it('ends the earlier service before the window and runs the background one across it', () => {
    const billing = span(ofApp('billing'));
    expect(billing.hi).toBeLessThan(fromMs);
    expect(fromMs - out.truths.billing!.testFromMs).toBeGreaterThanOrEqual(3600_000);
    const inventory = span(ofApp('inventory'));
    expect(inventory.lo).toBeLessThan(fromMs);
    expect(inventory.hi).toBeGreaterThan(toMs);
    // Everything lies in one 2-hour TSDB block.
    const all = span(() => true);
    expect(Math.floor(all.lo / 7200_000)).toBe(Math.floor(all.hi / 7200_000));
  });
});
