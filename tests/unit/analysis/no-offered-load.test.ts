import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analysis/analyse.js';
import { unionPlateaus } from '../../../src/analysis/server-steps.js';
import { computeTimeline } from '../../../src/sim/physics.js';
import { stepProfile } from '../../../src/sim/presets.js';
import type { Scenario } from '../../../src/sim/scenario.js';
import { deriveTruth } from '../../../src/sim/truth.js';
import type { PanelData } from '../../../src/sources/series.js';
import { panel, prng, series } from './fixtures.js';
import { simPanels } from './sim-panels.js';

const START = Date.UTC(2026, 0, 15, 8);
const S = 1000;

/**
 * A closed-loop tool (wrk/hey/autocannon: a fixed number of connections per step) against a
 * server that serves at most `capacity` rps, seen only through the server's own metrics
 * scraped every second: below capacity throughput grows with the connections at a constant
 * latency; past it throughput stays flat and each step only adds latency (Little's law).
 */
function closedLoop(o: { conns: number[]; capacity: number; baseMs: number; stepSec: number; seed: number }) {
  const rand = prng(o.seed);
  const t: number[] = [];
  const rps: number[] = [];
  const p95: number[] = [];
  const err: number[] = [];
  const inFlight: number[] = [];
  const bounds: number[] = [];
  let at = START;
  const noise = () => 1 + 0.04 * (rand() * 2 - 1);
  for (const c of o.conns) {
    bounds.push(at);
    for (let k = 0; k < o.stepSec; k++, at += S) {
      const served = Math.min(c / (o.baseMs / 1000), o.capacity);
      t.push(at);
      rps.push(served * noise());
      p95.push((Math.max(o.baseMs, (c / o.capacity) * 1000) / 1000) * 1.6 * noise());
      err.push(0);
      inFlight.push(c);
    }
  }
  const panels: PanelData[] = [
    panel('http', 'rps', series('http.rps', t, rps)),
    panel('http', 'p95', series('http.p95', t, p95)),
    panel('http', 'error_rate', series('http.error_rate', t, err)),
  ];
  return { panels, inFlight: panel('http', 'in_flight', series('http.in_flight', t, inFlight)), t, bounds };
}

const wrk = () =>
  closedLoop({ conns: [1, 2, 4, 8, 16, 32], capacity: 400, baseMs: 10, stepSec: 30, seed: 9 });

function run(panels: PanelData[], fromMs: number, toMs: number, slos: string[] = []) {
  return analyse({ fromMs, toMs, panels, slos, locale: 'en', tz: 'UTC' });
}

describe('peak without offered load', () => {
  it('cuts the steps where latency changes level although throughput stays flat (wrk, 1 s scrape)', () => {
    const x = wrk();
    const r = run(x.panels, x.t[0]!, x.t[x.t.length - 1]!);
    expect(r.steps).toHaveLength(6);
    for (const [i, s] of r.steps.entries()) {
      expect(Math.abs(Date.parse(s.from) - x.bounds[i]!)).toBeLessThanOrEqual(3 * S);
    }
    // The tool's best step: 400 rps at 4 connections (10 ms); beyond it only latency grows.
    expect(Math.abs(r.peak!.rps - 400) / 400).toBeLessThanOrEqual(0.15);
    expect(Date.parse(r.peak!.from)).toBeLessThan(x.bounds[3]!);
    expect(r.peak!.saturated).toBe(true);
    // Throughput did not fall: no drop marker, and the report says how the steps were cut.
    expect(r.markers.dropAtMs).toBeNull();
    expect(r.warnings.join(' ')).toMatch(/without offered load/i);
  });

  it('with SLOs: the peak is the highest throughput that held inside them', () => {
    const x = wrk();
    const r = run(x.panels, x.t[0]!, x.t[x.t.length - 1]!, ['p95<60ms', 'error_rate<1%']);
    // 4 and 8 connections both serve ~400 rps inside p95<60ms (16 and 32 ms); 16 (64 ms)
    // does not. The SLO decides here, not the built-in knee.
    expect(Math.abs(r.peak!.rps - 400) / 400).toBeLessThanOrEqual(0.15);
    expect(Date.parse(r.peak!.from)).toBeGreaterThanOrEqual(x.bounds[2]! - 3 * S);
    expect(Date.parse(r.peak!.from)).toBeLessThan(x.bounds[4]!);
    expect(r.peak!.saturated).toBe(true);
  });

  it('cuts steps from an in-flight gauge when the server exports one', () => {
    const x = wrk();
    const r = run([...x.panels, x.inFlight], x.t[0]!, x.t[x.t.length - 1]!);
    expect(r.steps).toHaveLength(6);
    expect(r.steps.map((s) => Math.round(s.load ?? 0))).toEqual([1, 2, 4, 8, 16, 32]);
    expect(Math.abs(r.peak!.rps - 400) / 400).toBeLessThanOrEqual(0.15);
    expect(r.warnings.join(' ')).toMatch(/in-flight/i);
  });

  it("estimates the requests in flight by Little's law (throughput × mean latency) when the service exports a mean", () => {
    const x = wrk();
    const avg = x.panels.find((p) => p.panel === 'p95')!.series[0]!.v.map((v) => v / 1.6);
    const r = run(
      [...x.panels, panel('http', 'avg', series('http.avg', x.t, avg))],
      x.t[0]!,
      x.t[x.t.length - 1]!,
    );
    expect(r.steps).toHaveLength(6);
    for (const [i, s] of r.steps.entries()) {
      expect(Math.abs(Date.parse(s.from) - x.bounds[i]!)).toBeLessThanOrEqual(3 * S);
    }
    // An estimate cuts the steps but is no offered load the throughput must follow.
    expect(r.steps.every((s) => s.load === null)).toBe(true);
    expect(Math.abs(r.peak!.rps - 400) / 400).toBeLessThanOrEqual(0.15);
    expect(r.warnings.join(' ')).toMatch(/Little's law/);
  });

  it('dates a step from the middle of the rise a rate window makes, not from its end', () => {
    const x = wrk();
    // rate(x[6s]) at 1 s: every series trails the tool's change by up to 6 s.
    const trail = (v: number[]) =>
      v.map((_, i) => {
        const w = v.slice(Math.max(0, i - 5), i + 1);
        return w.reduce((a, b) => a + b, 0) / w.length;
      });
    const lagged = x.panels.map((p) => ({ ...p, series: p.series.map((q) => ({ ...q, v: trail(q.v) })) }));
    const avg = trail(x.panels.find((p) => p.panel === 'p95')!.series[0]!.v.map((v) => v / 1.6));
    const r = run(
      [...lagged, panel('http', 'avg', series('http.avg', x.t, avg))],
      x.t[0]!,
      x.t[x.t.length - 1]!,
    );
    expect(r.steps).toHaveLength(6);
    for (const [i, s] of r.steps.entries()) {
      if (i > 0)
        expect(Math.abs(Date.parse(s.from) - x.bounds[i]!), `step ${i + 1}`).toBeLessThanOrEqual(2 * S);
    }
  });

  it('pgbench against PostgreSQL: client steps from the connections, the peak before tps fell', () => {
    const rand = prng(4);
    const t: number[] = [];
    const tps: number[] = [];
    const conns: number[] = [];
    const levels: Array<[number, number]> = [
      [1, 220],
      [2, 840],
      [4, 1280],
      [8, 960],
      [16, 420],
    ];
    for (const [c, v] of levels) {
      for (let k = 0; k < 20; k++) {
        t.push(START + t.length * S);
        tps.push(v * (1 + 0.05 * (rand() * 2 - 1)));
        conns.push(c + 6); // background connections of the exporter and autovacuum
      }
    }
    const r = run(
      [
        panel('database', 'pg_tps', series('database.pg_tps', t, tps)),
        panel('database', 'pg_connections', series('database.pg_connections', t, conns)),
      ],
      t[0]!,
      t[t.length - 1]!,
    );
    expect(r.steps).toHaveLength(5);
    expect(Math.abs(r.peak!.rps - 1280) / 1280).toBeLessThanOrEqual(0.15);
    // Throughput really fell at the 4th step: that is a drop, and the marker is drawn there.
    expect(Math.abs(r.markers.dropAtMs! - (START + 60 * S))).toBeLessThanOrEqual(3 * S);
    expect(r.peak!.breakReason).toBe('throughput_fell');
    // The database is the system under test and the resource that stopped following.
    expect(r.bottleneck).toBe('database');
    const db = r.domains.find((d) => d.id === 'database')!;
    expect(db.status).toBe('risk');
    expect(db.findings.map((f) => [f.id, f.role])).toEqual([['throughput_plateau', 'bottleneck']]);
    expect(db.summary).toMatch(/throughput dropped/);
    // No request latency from postgres-exporter: judged on throughput and findings, not "insufficient data".
    expect(r.verdict).toBe('risk');
  });

  it.each([
    ['db_pool', 2, 60],
    ['cpu', 1, 20],
  ] as const)(
    'simulated %s step test without load-tool series (scrape %i s, %i s steps)',
    (bottleneck, scrape, stepSec) => {
      const sc: Scenario = {
        name: `noload_${bottleneck}`,
        seed: 21,
        startMs: START,
        scrapeIntervalSec: scrape,
        profile: stepProfile([50, 100, 150, 200, 250, 300], stepSec, Math.max(2, stepSec / 10)),
        capacityRps: 210,
        bottleneck,
        faults: [],
      };
      const truth = deriveTruth(sc, computeTimeline(sc));
      const { panels, tl } = simPanels(sc);
      const r = run(
        panels.filter((p) => p.domain !== 'load'),
        tl.tMs[0]!,
        tl.tMs[tl.n - 1]!,
      );
      expect(r.steps).toHaveLength(truth.steps.length);
      expect(Math.abs(r.peak!.rps - truth.peak!.rps) / truth.peak!.rps).toBeLessThanOrEqual(0.15);
      expect(r.warnings.join(' ')).toMatch(/without offered load/i);
    },
  );
});

describe('unionPlateaus', () => {
  it('adds the level steps Little missed and drops fragments under half a typical step', () => {
    const M = 60_000;
    const p = (a: number, b: number, level = 1) => ({ fromMs: a * M, toMs: b * M, level });
    const little = [p(0, 8), p(9, 17), p(18, 26), p(27, 27.75)];
    const levels = [p(0, 8), p(28, 36), p(37, 45)];
    expect(unionPlateaus(little, levels).map((x) => x.fromMs / M)).toEqual([0, 9, 18, 28, 37]);
  });
});
