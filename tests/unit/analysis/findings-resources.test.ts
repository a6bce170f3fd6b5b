import { describe, expect, it } from 'vitest';
import { analyseWith, gauge, panel, profile, type Synthetic, series } from './fixtures.js';

const MiB = 1024 ** 2;

const findings = analyseWith;

const ids = (x: { all: Array<{ id?: string }> }) => x.all.map((f) => f.id);
const overload = () =>
  profile({ levels: [50, 100, 150, 200, 250, 300], capacity: 210, stepSec: 300, seed: 9 });
const steady = () => profile({ levels: [100, 150], capacity: 1000, stepSec: 600, seed: 9 });

describe('database pool', () => {
  const pool = (s: Synthetic, saturate: (offered: number) => boolean) => [
    gauge(s, 'database', 'pool_active', (_, o) => (saturate(o) ? 10 : Math.min(9, Math.round(o / 40)))),
    gauge(s, 'database', 'pool_max', () => 10),
    gauge(s, 'database', 'pool_pending', (_, o) =>
      saturate(o) ? Math.max(1, Math.round((o - 200) * 0.6)) : 0,
    ),
  ];

  it('reports a saturated pool and blames the database', () => {
    const s = overload();
    const x = findings(
      s,
      pool(s, (o) => o > 210),
    );
    const f = x.all.find((f) => f.id === 'db_pool_saturated')!;
    expect(f).toMatchObject({ domain: 'database', severity: 'high', metric: 'database.pool_pending' });
    expect(f.value).toBeGreaterThanOrEqual(50);
    expect(f.evidence).toMatch(/^All 10 connections were in use with up to \d+ threads waiting/);
    expect(x.r.bottleneck).toBe('database');
    expect(x.r.domains.find((d) => d.id === 'database')!.status).toBe('risk');
  });

  it('is critical when saturated for most of the window', () => {
    const s = overload();
    expect(
      findings(
        s,
        pool(s, (o) => o > 20),
      ).all.find((f) => f.id === 'db_pool_saturated')!.severity,
    ).toBe('critical');
  });

  it('ignores a pool with head-room and a single-sample blip', () => {
    const s = overload();
    const blip = pool(s, () => false);
    blip[0]!.series[0]!.v[40] = 10;
    blip[2]!.series[0]!.v[40] = 3;
    const x = findings(s, blip);
    expect(ids(x)).not.toContain('db_pool_saturated');
    expect(x.r.bottleneck).toBe('http');
  });

  it('reports sustained waiting when the pool size is unknown', () => {
    const s = overload();
    const x = findings(s, pool(s, (o) => o > 210).slice(2));
    expect(ids(x)).toContain('db_pool_waiting');
  });
});

describe('CPU', () => {
  it('reports sustained saturation (high) and blames infra', () => {
    const s = overload();
    const x = findings(s, [gauge(s, 'infra', 'container_cpu', (_, o) => Math.min(0.97, o / 215))]);
    const f = x.all.find((f) => f.id === 'cpu_saturation')!;
    expect(f).toMatchObject({
      domain: 'infra',
      severity: 'high',
      threshold: 0.9,
      metric: 'infra.container_cpu',
    });
    expect(f.value).toBeCloseTo(0.97, 2);
    expect(x.r.bottleneck).toBe('infra');
  });

  it('blames infra even when the only CPU signal is the JVM process', () => {
    const s = overload();
    const x = findings(s, [gauge(s, 'jvm', 'process_cpu', (_, o) => Math.min(0.97, o / 215))]);
    expect(x.all.find((f) => f.id === 'cpu_saturation')!.domain).toBe('jvm');
    expect(x.r.bottleneck).toBe('infra');
  });

  it('ignores moderate CPU and a 30-second spike', () => {
    const s = overload();
    const cpu = gauge(s, 'infra', 'cpu', () => 0.6);
    cpu.series[0]!.v[50] = 1;
    cpu.series[0]!.v[51] = 1;
    expect(ids(findings(s, [cpu]))).not.toContain('cpu_saturation');
  });

  it('reports throttling over 25 % of periods, not below', () => {
    const s = overload();
    const hot = findings(s, [gauge(s, 'infra', 'container_throttled', (_, o) => (o > 150 ? 0.4 : 0.01))]);
    expect(hot.all.find((f) => f.id === 'cpu_throttling')).toMatchObject({
      severity: 'high',
      domain: 'infra',
    });
    const cool = findings(s, [gauge(s, 'infra', 'container_throttled', () => 0.1)]);
    expect(ids(cool)).not.toContain('cpu_throttling');
  });
});

describe('GC', () => {
  it.each([
    [0.25, 'high'],
    [0.15, 'medium'],
  ])('a pause share of %s is %s and blames the JVM', (share, severity) => {
    const s = overload();
    const x = findings(s, [gauge(s, 'jvm', 'gc_pause_share', (_, o) => (o > 210 ? share : 0.01))]);
    expect(x.all.find((f) => f.id === 'gc_pause_share')).toMatchObject({ severity, domain: 'jvm' });
    expect(x.r.bottleneck).toBe('jvm');
  });

  it('ignores a small pause share', () => {
    const s = overload();
    expect(ids(findings(s, [gauge(s, 'jvm', 'gc_pause_share', () => 0.05)]))).not.toContain('gc_pause_share');
  });
});

describe('memory leaks', () => {
  const soak = () => profile({ levels: [120], stepSec: 3600, capacity: 1000, seed: 11 });
  /** A GC sawtooth (1-minute period) on top of a floor. */
  const sawtooth = (s: Synthetic, floor: (min: number) => number) =>
    gauge(s, 'jvm', 'heap_used', (i) => {
      const min = (s.t[i]! - s.fromMs) / 60_000;
      return floor(min) + (min % 1) * 300 * MiB;
    });

  it('reports a rising heap floor through a soak (high) without blaming a bottleneck', () => {
    const s = soak();
    const x = findings(s, [sawtooth(s, (min) => 250 * MiB + min * 6 * MiB)]);
    const f = x.all.find((f) => f.id === 'heap_leak')!;
    expect(f).toMatchObject({ severity: 'high', domain: 'jvm' });
    expect(f.value).toBeGreaterThan(0.5);
    expect(f.evidence).toMatch(/per minute$/);
    expect(x.r.bottleneck).toBeNull();
    expect(x.r.verdict).toBe('risk');
  });

  it('ignores a sawtooth with a flat floor', () => {
    const s = soak();
    expect(ids(findings(s, [sawtooth(s, () => 250 * MiB)]))).not.toContain('heap_leak');
  });

  it('does not call heap growing with the load between short steps a leak', () => {
    const s = overload();
    expect(ids(findings(s, [gauge(s, 'jvm', 'heap_used', (_, o) => (200 + o) * MiB)]))).not.toContain(
      'heap_leak',
    );
  });

  it('reports process memory growing through a soak in infra', () => {
    const s = soak();
    const rising = gauge(s, 'infra', 'process_rss', (i) => 800 * MiB + i * MiB);
    expect(findings(s, [rising]).all.find((f) => f.id === 'memory_leak')).toMatchObject({ domain: 'infra' });
    const flat = gauge(s, 'infra', 'process_rss', (i) => 800 * MiB + (i % 7) * MiB);
    expect(ids(findings(s, [flat]))).not.toContain('memory_leak');
  });
});

describe('Kafka consumer lag', () => {
  it('reports steady growth on a step and blames kafka', () => {
    const s = profile({ levels: [100, 200, 300], capacity: 1000, stepSec: 480 });
    let lag = 0;
    const v = s.t.map((_, i) => {
      lag = s.offered[i]! > 250 ? lag + 600 : 30;
      return lag + 5 * s.rand();
    });
    const x = findings(s, [panel('kafka', 'lag', series('l', s.t, v, { topic: 'orders' }))]);
    const f = x.all.find((f) => f.id === 'consumer_lag_growing')!;
    expect(f).toMatchObject({ severity: 'high', domain: 'kafka' });
    expect(f.evidence).toMatch(/^Lag on orders grew from/);
    expect(x.r.bottleneck).toBe('kafka');
  });

  it('ignores a level lag and internal topics', () => {
    const s = steady();
    const x = findings(s, [
      panel('kafka', 'lag', [
        series(
          'l',
          s.t,
          s.t.map(() => 40 + 20 * s.rand()),
          { topic: 'orders' },
        ),
        series(
          'o',
          s.t,
          s.t.map((_, i) => i * 500),
          { topic: '__consumer_offsets' },
        ),
      ]),
    ]);
    expect(ids(x)).not.toContain('consumer_lag_growing');
    expect(x.r.bottleneck).toBeNull();
    expect(x.r.domains.find((d) => d.id === 'kafka')!.summary).toContain('(orders)');
  });
});
