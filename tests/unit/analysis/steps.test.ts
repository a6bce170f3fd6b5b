import { describe, expect, it } from 'vitest';
import { buildMetrics } from '../../../src/analysis/metrics.js';
import { detectSteps, findPlateaus } from '../../../src/analysis/steps.js';
import type { PanelData } from '../../../src/sources/series.js';
import { basicPanels, panel, profile, type Synthetic, series } from './fixtures.js';

function detect(s: Synthetic, panels: PanelData[]) {
  return detectSteps(buildMetrics(panels, s.fromMs, s.toMs));
}

/** Replaces values of one panel's first series in place. */
function mutate(panels: PanelData[], domain: string, id: string, f: (v: number[], t: number[]) => void) {
  const p = panels.find((x) => x.domain === domain && x.panel === id)!;
  f(p.series[0]!.v, p.series[0]!.t);
}

describe('detectSteps', () => {
  it('finds clean steps with their levels and boundaries', () => {
    const s = profile({ levels: [50, 100, 150, 200], stepSec: 300 });
    const { steps, mode, segmentedBy } = detect(s, basicPanels(s));
    expect(mode).toBe('capacity');
    expect(segmentedBy).toBe('load.users');
    expect(steps).toHaveLength(4);
    steps.forEach((st, i) => {
      const truth = s.plateaus[i]!;
      expect(Math.abs(st.fromMs - truth.fromMs)).toBeLessThanOrEqual(60_000);
      expect(Math.abs(st.toMs - truth.toMs)).toBeLessThanOrEqual(60_000);
      expect(st.load).toBeCloseTo(truth.level, 0);
      expect(Math.abs(st.rps! - truth.level) / truth.level).toBeLessThan(0.02);
      expect(st.p95Ms).toBeCloseTo(50, -1);
      expect(st.errorRate).toBeCloseTo(0.001, 4);
      expect(st.stable).toBe(true);
    });
  });

  it('is robust to spikes, short dips, NaN and ±Infinity gaps', () => {
    const s = profile({ levels: [50, 100, 150, 200], stepSec: 300, seed: 7 });
    const panels = basicPanels(s);
    const hit = (v: number[], t: number[], f: (i: number) => number | undefined) => {
      for (let i = 0; i < v.length; i++) {
        const x = f(i);
        if (x !== undefined && t[i]! > s.fromMs) v[i] = x;
      }
    };
    for (const id of ['users', 'rps'] as const) {
      mutate(panels, 'load', id, (v, t) =>
        hit(v, t, (i) => {
          if (i % 37 === 5) return v[i]! * 4; // single-sample spikes
          if (i % 53 === 9 || i % 53 === 10) return 0; // two-sample dips
          if (i % 41 === 3) return Number.NaN;
          if (i % 59 === 7) return Number.POSITIVE_INFINITY;
          if (i % 61 === 11) return -500; // counter artefact
          return undefined;
        }),
      );
    }
    const { steps } = detect(s, panels);
    expect(steps.map((x) => Math.round(x.load!))).toEqual([50, 100, 150, 200]);
    steps.forEach((st, i) => {
      expect(Math.abs(st.rps! - s.plateaus[i]!.level) / s.plateaus[i]!.level).toBeLessThan(0.06);
    });
  });

  it('keeps overloaded steps apart when the offered load is known', () => {
    const s = profile({ levels: [100, 200, 300, 400], capacity: 150 });
    expect(detect(s, basicPanels(s)).steps).toHaveLength(4);
  });

  it('falls back to throughput and latency levels, so overloaded steps no longer merge (issue 13)', () => {
    const s = profile({ levels: [100, 200, 300, 400], capacity: 150 });
    const { steps, segmentedBy, basis } = detect(s, basicPanels(s, { users: false }));
    expect(segmentedBy).toBe('load.rps');
    expect(basis).toBe('server_levels');
    // Throughput is flat at capacity past the first step; latency climbs with each one.
    expect(steps.map((x) => Math.round(x.rps! / 10) * 10)).toEqual([100, 150, 150, 150]);
  });

  it('merges neighbouring plateaus whose levels differ by less than the tolerance', () => {
    const s = profile({ levels: [100, 103, 200], stepSec: 240, rampSec: 30 });
    const { steps } = detect(s, basicPanels(s));
    expect(steps).toHaveLength(2);
    expect(steps[0]!.load).toBeGreaterThan(99);
    expect(steps[0]!.load).toBeLessThan(104);
  });

  it('marks a step with erratic throughput as unstable', () => {
    const s = profile({ levels: [100, 200], stepSec: 300, noise: 0.5 });
    const { steps } = detect(s, basicPanels(s));
    expect(steps.length).toBe(2);
    expect(steps.every((x) => !x.stable)).toBe(true);
  });

  it('calls one long plateau a soak', () => {
    const s = profile({ levels: [120], stepSec: 3600 });
    const r = detect(s, basicPanels(s));
    expect(r.mode).toBe('soak');
    expect(r.steps).toHaveLength(1);
  });

  it('calls a pure ramp unknown, with no steps', () => {
    const t = Array.from({ length: 200 }, (_, i) => i * 15_000);
    const v = t.map((_, i) => i * 2);
    const r = detectSteps(
      buildMetrics(
        [panel('load', 'users', series('u', t, v)), panel('load', 'rps', series('r', t, v))],
        0,
        t.at(-1)!,
      ),
    );
    expect(r.mode).toBe('unknown');
    expect(r.steps).toEqual([]);
  });

  it('calls a short plateau between ramps unknown', () => {
    const t = Array.from({ length: 200 }, (_, i) => i * 15_000);
    // Fast ramp to 100, 5 minutes at 100, then a slow ramp to the end.
    const v = t.map((_, i) => (i < 10 ? i * 10 : i < 30 ? 100 : 100 + (i - 30) * 1.5));
    const r = detectSteps(buildMetrics([panel('load', 'users', series('u', t, v))], 0, t.at(-1)!));
    expect(r.mode).toBe('unknown');
    expect(r.steps).toHaveLength(1);
    expect(r.steps[0]!.load).toBeCloseTo(100, 0);
  });

  it('returns nothing without load or throughput series', () => {
    const r = detectSteps(buildMetrics([], 0, 1000));
    expect(r).toEqual({ steps: [], mode: 'unknown', segmentedBy: null, basis: null });
  });
});

describe('findPlateaus', () => {
  it('ignores idle time before and after the test', () => {
    const t = Array.from({ length: 120 }, (_, i) => i * 15_000);
    const v = t.map((_, i) => (i < 20 || i >= 100 ? 0 : i < 60 ? 50 : 90));
    const p = findPlateaus({ t, v }, { stepMs: 15_000, minPlateauMs: 60_000 });
    expect(p.map((x) => Math.round(x.level))).toEqual([50, 90]);
    expect(p[0]!.fromMs).toBe(20 * 15_000);
    expect(p[1]!.toMs).toBe(99 * 15_000);
  });
});
