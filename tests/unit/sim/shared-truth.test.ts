import { describe, expect, it } from 'vitest';
import { isLoadLensError } from '../../../src/core/errors.js';
import { stepProfile } from '../../../src/sim/presets.js';
import { type SharedServiceSpec, type SharedSpec, simulateShared } from '../../../src/sim/shared.js';
import { sharedServices, sharedWindowPreset } from '../../../src/sim/shared-presets.js';
import { BASE_MS, gaugeMean, rate } from './helpers.js';
import { byName, type Family, parseOpenMetrics, seriesOf } from './openmetrics-parse.js';

const preset = sharedWindowPreset(BASE_MS);
const out = simulateShared(preset.spec);
const fams = byName(parseOpenMetrics(out.openMetrics));
const fam = (name: string): Family => {
  const f = fams.get(name);
  if (!f) throw new Error(`missing family ${name}`);
  return f;
};

/** Served rps of each busy service, read from its own stack's request counter. */
const SERVED: Record<string, { family: string; sample: string; label: string }> = {
  orders: {
    family: 'http_server_requests_seconds',
    sample: 'http_server_requests_seconds_count',
    label: 'application',
  },
  payments: { family: 'http_requests', sample: 'http_requests_total', label: 'job' },
  catalog: {
    family: 'http_request_duration_seconds',
    sample: 'http_request_duration_seconds_count',
    label: 'job',
  },
  search: {
    family: 'http_server_request_duration_seconds',
    sample: 'http_server_request_duration_seconds_count',
    label: 'service_name',
  },
};

describe('shared window truth', () => {
  it('has the distinct peaks, bottlenecks and load levels of the four busy services', () => {
    const facts = Object.fromEntries(
      Object.values(out.truths).map((t) => [
        t.app,
        { peak: t.peak?.rps ?? null, domain: t.bottleneckDomain, levels: t.steps.map((s) => s.offeredRps) },
      ]),
    );
    expect(facts).toEqual({
      orders: { peak: 200, domain: 'database', levels: [50, 100, 150, 200, 250, 300] },
      payments: { peak: 120, domain: 'infra', levels: [40, 80, 120, 160] },
      catalog: { peak: 290, domain: null, levels: [70, 140, 210, 290] },
      search: { peak: 80, domain: 'kafka', levels: [20, 50, 80, 110] },
      inventory: { peak: 3, domain: null, levels: [3] },
      billing: { peak: 120, domain: 'infra', levels: [60, 120, 180] },
    });
    for (const t of Object.values(out.truths)) expect(t.scenario).toBe('shared');
    expect(out.truths.orders!.domains).toEqual(['load', 'http', 'jvm', 'database', 'kafka', 'infra']);
    expect(out.truths.payments!.domains).toEqual(['load', 'http', 'database', 'kafka', 'infra']);
    expect(out.truths.inventory!.domains).toEqual(['http', 'jvm', 'database', 'kafka', 'infra']);
  });

  it('matches what each service exported: its own throughput on every plateau', () => {
    for (const [app, src] of Object.entries(SERVED)) {
      const t = out.truths[app]!;
      for (const step of t.steps) {
        const served = rate(
          fam(src.family),
          src.sample,
          step.fromMs / 1000,
          step.toMs / 1000,
          (l) => l[src.label] === app,
        );
        expect(
          Math.abs(served - step.throughputRps) / step.throughputRps,
          `${app} @${step.offeredRps}`,
        ).toBeLessThan(0.03);
      }
    }
  });

  it('drives each k6 service by its own test and payments by the Locust run', () => {
    for (const app of ['orders', 'catalog', 'search']) {
      const peak = out.truths[app]!.peak!;
      const k6 = rate(
        fam('k6_http_reqs'),
        'k6_http_reqs_total',
        peak.fromMs / 1000,
        peak.toMs / 1000,
        (l) => l.testid === `${app}-step`,
      );
      expect(Math.abs(k6 - peak.rps) / peak.rps, app).toBeLessThan(0.05);
    }
    const peak = out.truths.payments!.peak!;
    const locust = gaugeMean(
      fam('locust_requests_current_rps'),
      peak.fromMs / 1000,
      peak.toMs / 1000,
      (l) => l.name === 'Aggregated',
    );
    expect(Math.abs(locust - peak.rps) / peak.rps).toBeLessThan(0.05);
  });

  it('gives the background service a flat ~3 rps and no load tool', () => {
    const inv = rate(
      fam('http_server_requests_seconds'),
      'http_server_requests_seconds_count',
      preset.window.fromMs / 1000,
      preset.window.toMs / 1000,
      (l) => l.application === 'inventory',
    );
    expect(inv).toBeGreaterThan(2);
    expect(inv).toBeLessThan(5);
  });
});

/** A small two-service spec for determinism checks. */
function tiny(seedB: number): SharedSpec {
  const svc = (
    app: string,
    seed: number,
    hostIp: string,
    loadTool: SharedServiceSpec['loadTool'],
  ): SharedServiceSpec => ({
    app,
    stack: app === 'alpha' ? 'express' : 'fastapi',
    loadTool,
    hostIp,
    dbIp: '10.9.0.40',
    node: 'node-1',
    seed,
    capacityRps: 100,
    bottleneck: 'cpu',
    upSec: 0,
    leadSec: 60,
    profile: stepProfile([50, 120], 120, 30),
    tailSec: 60,
  });
  return {
    tenant: 'tiny',
    startMs: BASE_MS,
    scrapeIntervalSec: 15,
    services: [svc('alpha', 11, '10.9.0.1', 'k6'), svc('beta', seedB, '10.9.0.2', 'locust')],
  };
}

describe('simulateShared determinism and validation', () => {
  it('gives the same bytes for the same spec, and a service seed only changes that service', () => {
    const a = simulateShared(tiny(12));
    expect(simulateShared(tiny(12)).openMetrics).toBe(a.openMetrics);
    const b = simulateShared(tiny(13));
    expect(b.openMetrics).not.toBe(a.openMetrics);
    const lines = (text: string, host: string) => text.split('\n').filter((l) => l.includes(host));
    expect(lines(b.openMetrics, '"10.9.0.1:')).toEqual(lines(a.openMetrics, '"10.9.0.1:'));
    expect(lines(b.openMetrics, '"10.9.0.2:')).not.toEqual(lines(a.openMetrics, '"10.9.0.2:'));
    expect(b.truths.alpha).toEqual(a.truths.alpha);
  });

  it('rejects a service listed twice, a shared host and a bad name with BAD_INPUT', () => {
    const base = tiny(12);
    const bad: SharedSpec[] = [
      { ...base, services: [base.services[0]!, { ...base.services[1]!, app: 'alpha' }] },
      { ...base, services: [base.services[0]!, { ...base.services[1]!, hostIp: '10.9.0.1' }] },
      { ...base, services: [{ ...base.services[0]!, app: 'Alpha_1' }] },
      { ...base, services: [] },
    ];
    for (const spec of bad) {
      try {
        simulateShared(spec);
        expect.unreachable();
      } catch (err) {
        expect(isLoadLensError(err, 'BAD_INPUT'), String(err)).toBe(true);
      }
    }
  });
});

describe('sharedServices (benchmark data)', () => {
  it('describes n services with mixed stacks, own hosts and few load tools', () => {
    const spec = sharedServices(20, BASE_MS);
    expect(spec.services).toHaveLength(20);
    expect(new Set(spec.services.map((s) => s.app)).size).toBe(20);
    expect(new Set(spec.services.map((s) => s.hostIp)).size).toBe(20);
    expect(new Set(spec.services.map((s) => s.stack))).toEqual(
      new Set(['micrometer', 'fastapi', 'express', 'otel', 'flask_custom']),
    );
    const tools = spec.services.map((s) => s.loadTool);
    expect(tools.filter((t) => t === 'k6')).toHaveLength(3);
    expect(tools.filter((t) => t === 'locust')).toHaveLength(1);
  });

  it('exports every service with its node, cAdvisor, database and Kafka series', () => {
    const small = simulateShared(sharedServices(6, BASE_MS, 25));
    const f = byName(parseOpenMetrics(small.openMetrics));
    const values = (name: string, label: string) =>
      new Set(seriesOf(f.get(name)!).map((s) => s.labels[label]));
    const apps = Object.keys(small.truths);
    expect(apps).toHaveLength(6);
    expect(values('node_load1', 'instance')).toEqual(
      new Set(apps.map((a) => `${small.truths[a]!.hostIp}:9100`)),
    );
    expect(values('container_memory_working_set_bytes', 'container')).toEqual(new Set(apps));
    expect(values('pg_stat_database_xact_commit', 'datname')).toEqual(new Set(apps));
    expect(values('kafka_consumergroup_lag_sum', 'consumergroup')).toEqual(
      new Set(apps.map((a) => `${a}-consumer`)),
    );
    expect(values('k6_vus', 'testid').size).toBe(3);
  });
});
