import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analysis/analyse.js';
import { findPeak, stopsFollowing } from '../../../src/analysis/peak.js';
import type { Step } from '../../../src/analysis/steps.js';
import { basicPanels, panel, profile, series } from './fixtures.js';

const MIN = 60_000;

function step(
  index: number,
  load: number | null,
  rps: number,
  p95Ms: number | null,
  errorRate: number | null,
): Step {
  const fromMs = index * 10 * MIN;
  return {
    index,
    fromMs,
    toMs: fromMs + 8 * MIN,
    midFromMs: fromMs + MIN,
    midToMs: fromMs + 7 * MIN,
    load,
    rps,
    p95Ms,
    p99Ms: null,
    errorRate,
    cv: 0.02,
    stable: true,
  };
}

describe('peak on synthetic tests', () => {
  it('finds the last step before overload within ±8 % and where it dropped', () => {
    const s = profile({ levels: [50, 100, 150, 200, 250, 300], capacity: 210, stepSec: 480, seed: 3 });
    const r = analyse({
      fromMs: s.fromMs,
      toMs: s.toMs,
      panels: basicPanels(s),
      slos: [],
      locale: 'en',
      tz: 'UTC',
    });
    expect(Math.abs(r.peak!.rps - 200) / 200).toBeLessThanOrEqual(0.08);
    expect(Math.abs(Date.parse(r.peak!.from) - s.plateaus[3]!.fromMs)).toBeLessThanOrEqual(MIN);
    // `breakAt`: where the step past the peak stopped being sustainable. Served throughput
    // stays flat past capacity, so it did not "drop" (`dropAt` null, issue 14).
    expect(Math.abs(Date.parse(r.peak!.breakAt!) - s.plateaus[4]!.fromMs)).toBeLessThanOrEqual(MIN);
    expect(r.peak!.dropAt).toBeNull();
    expect(r.peak!.breakReason).toBe('stopped_following');
    expect(r.markers.peak).toEqual({ fromMs: Date.parse(r.peak!.from), toMs: Date.parse(r.peak!.to) });
    // Past capacity the served throughput stays flat: no drop line (issue 14), the step past
    // the peak is a degradation, told by the summary and the why line.
    expect(r.markers.dropAtMs).toBeNull();
  });

  it('takes the top step when the system keeps up', () => {
    const s = profile({ levels: [50, 100, 150, 200], capacity: 1000 });
    const r = analyse({
      fromMs: s.fromMs,
      toMs: s.toMs,
      panels: basicPanels(s),
      slos: [],
      locale: 'en',
      tz: 'UTC',
    });
    expect(Math.abs(r.peak!.rps - 200) / 200).toBeLessThan(0.03);
    expect(r.peak!.dropAt).toBeNull();
  });

  it('stops at a step where consumer lag grows steadily, even if throughput follows', () => {
    const s = profile({ levels: [100, 200, 300], capacity: 1000, stepSec: 480 });
    let lag = 0;
    const lagValues = s.t.map((_, i) => {
      lag = s.offered[i]! > 250 ? lag + (s.offered[i]! - 250) * 15 : Math.max(20, lag * 0.5);
      return lag + 10 * s.rand();
    });
    const panels = [
      ...basicPanels(s),
      panel('kafka', 'lag', [
        series('lag', s.t, lagValues, { topic: 'orders' }),
        series(
          'offsets',
          s.t,
          s.t.map((_, i) => i * 1000),
          { topic: '__consumer_offsets' },
        ),
      ]),
    ];
    const r = analyse({ fromMs: s.fromMs, toMs: s.toMs, panels, slos: [], locale: 'en', tz: 'UTC' });
    expect(Math.abs(r.peak!.rps - 200) / 200).toBeLessThan(0.05);
    expect(Math.abs(Date.parse(r.peak!.breakAt!) - s.plateaus[2]!.fromMs)).toBeLessThanOrEqual(MIN);
    expect(r.peak!.breakReason).toBe('kafka_lag');
    expect(r.bottleneck).toBe('kafka');
  });
});

describe('findPeak', () => {
  const rising = [
    step(0, 50, 50, 40, 0.001),
    step(1, 100, 100, 42, 0.001),
    step(2, 150, 149, 45, 0.001),
    step(3, 200, 160, 900, 0.04),
    step(4, 250, 158, 2000, 0.12),
  ];

  it('without SLOs: the highest sustainable step, dropping at the first one past capacity', () => {
    const p = findPeak(rising, null);
    expect(p.index).toBe(2);
    expect(p.dropIndex).toBe(3);
    expect(p.dropReason).toBe('throughput');
    expect(p.reasons).toEqual([null, null, null, 'throughput', 'throughput']);
    expect(p.reference[4]).toBe(2);
  });

  it('with SLOs: the highest stable step whose SLOs hold', () => {
    const p = findPeak(rising, null, [true, true, false, false, false]);
    expect(p.index).toBe(1);
    expect(p.dropIndex).toBe(3);
  });

  it('prefers stable steps but falls back to unstable ones', () => {
    const steps = rising.slice(0, 3).map((s) => ({ ...s, stable: s.index !== 2 }));
    expect(findPeak(steps, null, [true, true, true]).index).toBe(1);
    const allUnstable = steps.map((s) => ({ ...s, stable: false }));
    expect(findPeak(allUnstable, null, [true, true, true]).index).toBe(2);
  });

  it('treats a step whose errors climbed above 1 % as unsustainable, but not a constant error rate', () => {
    const burst = [step(0, 40, 40, 40, 0.001), step(1, 80, 80, 40, 0.05), step(2, 120, 120, 40, 0.001)];
    const p = findPeak(burst, null);
    expect(p.reasons).toEqual([null, 'errors', null]);
    expect(p.index).toBe(2);
    expect(p.dropIndex).toBeNull();
    const constant = burst.map((s) => ({ ...s, errorRate: 0.02 }));
    expect(findPeak(constant, null).reasons).toEqual([null, null, null]);
  });

  it('returns no peak without steps', () => {
    expect(findPeak([], null)).toMatchObject({ index: null, dropIndex: null, dropAtMs: null });
  });
});

describe('stopsFollowing', () => {
  it('needs latency or errors to climb when they are known', () => {
    expect(stopsFollowing(step(0, 100, 100, 50, 0.001), step(1, 200, 110, 50, 0.001))).toBe(false);
    expect(stopsFollowing(step(0, 100, 100, 50, 0.001), step(1, 200, 110, 80, 0.001))).toBe(true);
    expect(stopsFollowing(step(0, 100, 100, 50, 0.001), step(1, 200, 110, 50, 0.05))).toBe(true);
    expect(stopsFollowing(step(0, 100, 100, 50, 0.001), step(1, 200, 90, 50, 0.001))).toBe(true);
  });

  it('uses throughput alone when neither latency nor errors are known', () => {
    expect(stopsFollowing(step(0, 100, 100, null, null), step(1, 200, 110, null, null))).toBe(true);
    expect(stopsFollowing(step(0, 100, 100, null, null), step(1, 200, 160, null, null))).toBe(false);
  });

  it('cannot judge without an offered load', () => {
    expect(stopsFollowing(step(0, null, 100, 50, 0), step(1, null, 100, 500, 0.2))).toBe(false);
  });
});
