import { describe, expect, inject, it } from 'vitest';
import { DOMAIN_IDS, serviceSchema } from '../../../src/config/file.schema.js';
import { collectPanels } from '../../../src/packs/collect-panels.js';
import { discover } from '../../../src/packs/discover.js';
import { jmeterInfluxPack } from '../../../src/packs/packs/influx-jmeter.js';
import { k6InfluxPack } from '../../../src/packs/packs/influx-k6.js';
import { runPanel } from '../../../src/packs/run-panel.js';
import { runPanels } from '../../../src/packs/run-panels.js';
import type { GroundTruth, TruthStep } from '../../../src/sim/scenario.js';
import { createInflux1Source } from '../../../src/sources/influx-client.js';
import { createPrometheusSource } from '../../../src/sources/prometheus-client.js';
import type { PanelData } from '../../../src/sources/series.js';

function truth(name: string): GroundTruth {
  const t = inject('scenarios')[name];
  if (!t) throw new Error(`scenario ${name} missing from the harness`);
  return t;
}

/** Mean of a panel's single series over the middle half of a step (edges hold the ramps). */
function stepLevel(p: PanelData | undefined, s: TruthStep): number {
  const series = p?.series;
  expect(series, `${p?.domain}.${p?.panel}: ${p?.error ?? 'no panel'}`).toHaveLength(1);
  const { t, v } = series![0]!;
  const quarter = (s.toMs - s.fromMs) / 4;
  const xs = v.filter(
    (x, i) => t[i]! >= s.fromMs + quarter && t[i]! <= s.toMs - quarter && Number.isFinite(x),
  );
  expect(xs.length).toBeGreaterThan(3);
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

const find = (panels: PanelData[], domain: string, panel: string) =>
  panels.find((p) => p.domain === domain && p.panel === panel);

describe('collectPanels against the backfilled Prometheus', () => {
  const prom = () => createPrometheusSource({ url: inject('promUrl'), timeoutMs: 20_000 });

  it('finds all six domains in a scenario window with no configuration', async () => {
    const t = truth('step_none');
    const r = await collectPanels({
      prom: prom(),
      fromMs: t.startMs,
      toMs: t.endMs,
      selector: 'scenario="step_none"',
    });
    expect(r.failures).toEqual({});
    for (const d of DOMAIN_IDS) expect(r.packs[d]?.length, d).toBeGreaterThan(0);
    expect(r.packs.http).toEqual(['micrometer', 'fastapi', 'otel', 'otel_ms', 'generic']);
    expect(r.packs.load?.[0]).toBe('k6');
    const byRoute = find(r.panels, 'http', 'rps_by_route')?.series ?? [];
    expect(byRoute.length).toBeGreaterThan(1);
    expect(new Set(byRoute.map((s) => s.id)).size).toBe(byRoute.length);
    for (const s of byRoute) expect(s.id.startsWith('http.rps_by_route.')).toBe(true);
    const broken = r.panels.filter((p) => p.error);
    expect(broken.map((p) => `${p.domain}.${p.panel}: ${p.error}`)).toEqual([]);
    // Every key panel returned data, in the catalogue's unit.
    for (const [domain, panel] of [
      ['load', 'users'],
      ['http', 'p95'],
      ['jvm', 'heap_used'],
      ['database', 'pool_active'],
      ['kafka', 'lag'],
      ['infra', 'cpu'],
    ] as const) {
      const p = find(r.panels, domain, panel);
      expect(p?.series.length, `${domain}.${panel}`).toBeGreaterThan(0);
      expect(p?.series[0]?.v.some(Number.isFinite)).toBe(true);
    }
  });

  it('measures the truth throughput per step on both the service and the load tool', async () => {
    const t = truth('step_none');
    const r = await collectPanels({
      prom: prom(),
      fromMs: t.startMs,
      toMs: t.endMs,
      selector: 'scenario="step_none"',
    });
    expect(t.steps.length).toBeGreaterThan(2);
    for (const s of t.steps) {
      const http = stepLevel(find(r.panels, 'http', 'rps'), s);
      const load = stepLevel(find(r.panels, 'load', 'rps'), s);
      expect(http / s.throughputRps, `http.rps at ${s.offeredRps}`).toBeCloseTo(1, 1);
      expect(load / s.throughputRps, `load.rps at ${s.offeredRps}`).toBeCloseTo(1, 1);
      // Latency arrives in seconds, error rate as a ratio.
      const p95 = stepLevel(find(r.panels, 'http', 'p95'), s);
      expect(p95).toBeGreaterThan((s.p95Ms / 1000) * 0.5);
      expect(p95).toBeLessThan((s.p95Ms / 1000) * 2);
      expect(stepLevel(find(r.panels, 'http', 'error_rate'), s)).toBeLessThan(0.05);
    }
  });

  it('gets the same throughput and error burst from every http and load pack of the system', async () => {
    const t = truth('error_burst');
    const src = prom();
    const selector = 'scenario="error_burst"';
    const d = await discover(src, { fromMs: t.startMs, toMs: t.endMs }, selector);
    const rc = { prom: src, fromMs: t.startMs, toMs: t.endMs, stepSec: 15, rateWindow: '1m', selector };
    const packs = d.detected.filter((p) => p.domain === 'http' || p.domain === 'load');
    expect(packs.map((p) => p.id)).toEqual([
      'k6',
      'locust',
      'micrometer',
      'fastapi',
      'otel',
      'otel_ms',
      'generic',
    ]);
    const burst = t.steps.reduce((a, b) => (b.errorRate > a.errorRate ? b : a));
    expect(burst.errorRate).toBeGreaterThan(0.02);
    const burstRates: number[] = [];
    for (const pack of packs) {
      const ctx = { selector, rateWindow: '1m', names: d.names, labelsOf: d.labelsOf };
      // runPanels: the latency panels share one bucket fetch and are computed from it.
      const panels = (await runPanels(pack.queries(ctx), rc)).map((x) => x.data);
      expect(panels.filter((p) => p.error).map((p) => `${pack.id} ${p.panel}: ${p.error}`)).toEqual([]);
      const domain = pack.domain;
      for (const s of t.steps) {
        const rps = stepLevel(find(panels, domain, 'rps'), s);
        expect(rps / s.throughputRps, `${pack.id} rps at ${s.offeredRps}`).toBeCloseTo(1, 1);
      }
      // The burst is shorter than its step, so compare packs with each other, not with the step mean.
      const errors = stepLevel(find(panels, domain, 'error_rate'), burst);
      expect(errors, `${pack.id} error rate in the burst`).toBeGreaterThan(burst.errorRate);
      expect(errors).toBeGreaterThan(10 * stepLevel(find(panels, domain, 'error_rate'), t.steps[0]!));
      burstRates.push(errors);
      const p95 = stepLevel(find(panels, domain, 'p95'), t.steps[0]!);
      expect(p95 / (t.steps[0]!.p95Ms / 1000), `${pack.id} p95 in seconds`).toBeGreaterThan(0.5);
      expect(p95 / (t.steps[0]!.p95Ms / 1000)).toBeLessThan(2);
    }
    expect(Math.max(...burstRates) / Math.min(...burstRates)).toBeLessThan(1.3);
  });

  it('reads the saturated resource of a db-pool and a kafka scenario', async () => {
    const db = truth('step_db_pool');
    const r = await collectPanels({
      prom: prom(),
      fromMs: db.startMs,
      toMs: db.endMs,
      selector: 'scenario="step_db_pool"',
    });
    const top = db.steps[db.steps.length - 1]!;
    expect(stepLevel(find(r.panels, 'database', 'pool_active'), top)).toBeCloseTo(
      stepLevel(find(r.panels, 'database', 'pool_max'), top),
      0,
    );
    expect(stepLevel(find(r.panels, 'database', 'pool_pending'), top)).toBeGreaterThan(0);

    const k = truth('step_kafka');
    const rk = await collectPanels({
      prom: prom(),
      fromMs: k.startMs,
      toMs: k.endMs,
      selector: 'scenario="step_kafka"',
    });
    const lag = find(rk.panels, 'kafka', 'lag');
    expect(lag?.series.map((s) => s.labels.topic)).not.toContain('__consumer_offsets');
    const last = lag?.series[0]?.v.filter(Number.isFinite).at(-1) ?? 0;
    expect(last).toBeGreaterThan(1000);
  });

  it('runs a service query and names it when Prometheus rejects it', async () => {
    const t = truth('step_none');
    const service = serviceSchema.parse({
      selector: 'scenario="step_none"',
      queries: {
        http: [
          { id: 'rps', promql: 'sum(rate(k6_http_reqs_total{$selector}[$__rate_interval]))', unit: 'rps' },
        ],
        kafka: [{ id: 'broken_lag', promql: 'sum(kafka_consumergroup_lag{$selector}' }],
      },
    });
    const r = await collectPanels({ prom: prom(), fromMs: t.startMs, toMs: t.endMs, service });
    const rps = find(r.panels, 'http', 'rps');
    expect(rps?.pack).toBe('user');
    expect(stepLevel(rps, t.steps[1]!) / t.steps[1]!.throughputRps).toBeCloseTo(1, 1);
    expect(find(r.panels, 'kafka', 'broken_lag')?.error).toBeTruthy();
    expect(r.warnings.some((w) => w.includes('kafka.broken_lag'))).toBe(true);
    expect(r.failures.kafka).toBeUndefined();
  });
});

describe('InfluxDB load-tool packs against the real InfluxDB', () => {
  const influx = () =>
    createInflux1Source({ url: inject('influxUrl'), db: inject('influxDb'), timeoutMs: 20_000 });

  it('discovers k6 and JMeter and measures the truth throughput with both', async () => {
    const t = truth('step_none');
    const src = influx();
    const r = await collectPanels({ influx: src, fromMs: t.startMs, toMs: t.endMs, stepSec: 15 });
    expect(r.packs.load).toEqual(['k6_influx', 'jmeter_influx']);
    expect(r.failures.load).toBeUndefined();
    const rc = { influx: src, fromMs: t.startMs, toMs: t.endMs, stepSec: 15, rateWindow: '1m', selector: '' };
    const names = new Set(await src.measurements());
    for (const pack of [k6InfluxPack, jmeterInfluxPack]) {
      const runs = await Promise.all(
        pack
          .queries({ selector: '', rateWindow: '1m', names, influxApplication: 'orders' })
          .map((q) => runPanel(q, rc)),
      );
      const panels = runs.map((x) => x.data);
      expect(panels.filter((p) => p.error).map((p) => `${p.panel}: ${p.error}`)).toEqual([]);
      for (const s of t.steps) {
        const rps = stepLevel(find(panels, 'load', 'rps'), s);
        expect(rps / s.throughputRps, `${pack.id} rps at ${s.offeredRps}`).toBeCloseTo(1, 1);
        const p95 = stepLevel(find(panels, 'load', 'p95'), s);
        expect(p95, `${pack.id} p95 in seconds`).toBeGreaterThan((s.p95Ms / 1000) * 0.4);
        expect(p95).toBeLessThan((s.p95Ms / 1000) * 2.5);
        expect(stepLevel(find(panels, 'load', 'error_rate'), s)).toBeLessThan(0.05);
      }
      const users = find(panels, 'load', 'users');
      expect(users?.series[0]?.v.some((v) => v > 0)).toBe(true);
    }
  });
});
