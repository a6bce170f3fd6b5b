import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analysis/analyse.js';
import { basicPanels, panel, profile, series } from './fixtures.js';

describe('analyse', () => {
  it('returns steps, markers and per-series statistics in normalised units', () => {
    const s = profile({ levels: [50, 100, 150], capacity: 1000 });
    const panels = [
      ...basicPanels(s),
      panel(
        'http',
        'avg',
        series(
          'avg',
          s.t,
          s.t.map(() => 40),
        ),
        { unit: 'ms' },
      ),
    ];
    const r = analyse({
      fromMs: s.fromMs,
      toMs: s.toMs,
      panels,
      slos: ['avg<50ms'],
      locale: 'en',
      tz: 'UTC',
    });
    expect(r.mode).toBe('capacity');
    expect(r.steps).toHaveLength(3);
    expect(r.markers.steps).toEqual(
      r.steps.map((x) => ({ fromMs: Date.parse(x.from), toMs: Date.parse(x.to) })),
    );
    expect(r.steps[0]).toMatchObject({ stable: true });
    expect(r.steps[0]!.load).toBeCloseTo(50, 0);
    expect(r.steps[2]!.p99Ms).toBeCloseTo(75, -1);
    expect(r.stats).toHaveLength(panels.length);
    const avg = r.stats.find((x) => x.panel === 'avg')!;
    expect(avg).toMatchObject({ domain: 'http', seriesId: 'avg', unit: 's' });
    expect(avg.stats.mean).toBeCloseTo(0.04);
    expect(r.slo[0]).toMatchObject({ passed: true, actual: 40 });
    expect(r.warnings).toEqual([]);
  });

  it('warns about artefacts and about steps cut from throughput', () => {
    const s = profile({ levels: [50, 100, 150], capacity: 1000 });
    const panels = basicPanels(s, { users: false });
    panels.find((p) => p.panel === 'rps' && p.domain === 'http')!.series[0]!.v[10] = -4;
    const r = analyse({ fromMs: s.fromMs, toMs: s.toMs, panels, slos: [], locale: 'en', tz: 'UTC' });
    expect(r.warnings).toContain('1 invalid values (negative or infinite) in http.rps were ignored');
    expect(r.warnings.some((w) => w.startsWith('No offered-load series (load.users)'))).toBe(true);
    expect(r.steps).toHaveLength(3);
  });

  // Its speed is a benchmark's business (`npm run bench analyse`), not a timed unit test's.
  it('analyses 100k-point series: six steps and the peak', () => {
    // ~28 hours at 1-second resolution.
    const s = profile({
      levels: [50, 100, 150, 200, 250, 300],
      capacity: 210,
      stepSec: 16_000,
      rampSec: 600,
      scrapeSec: 1,
    });
    expect(s.t.length).toBeGreaterThan(100_000);
    const panels = basicPanels(s, { load: false });
    const r = analyse({
      fromMs: s.fromMs,
      toMs: s.toMs,
      panels,
      slos: ['p95<500ms'],
      locale: 'en',
      tz: 'UTC',
    });
    expect(r.steps).toHaveLength(6);
    expect(Math.abs(r.peak!.rps - 200) / 200).toBeLessThan(0.08);
  });
});
