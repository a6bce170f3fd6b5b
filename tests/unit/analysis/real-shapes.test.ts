import { describe, expect, it } from 'vitest';
import { buildMetrics } from '../../../src/analysis/metrics.js';
import { findPeak, stopsFollowing } from '../../../src/analysis/peak.js';
import { detectSteps, type Step } from '../../../src/analysis/steps.js';
import { panel, series } from './fixtures.js';

/**
 * Shapes of real servers under real closed-loop tools (issue 13): the server's own
 * throughput and mean latency, scraped every second (rate windows of 4 s), copied from the
 * lab recordings in tests/fixtures/real. Only the server's metrics exist, so the steps come
 * from the requests in flight estimated by Little's law.
 */
const START = Date.UTC(2026, 11, 2, 5, 57, 9);

/** autocannon at 2, 4, 8, 16, 32 connections against express + a pg pool of 4 (node-autocannon). */
const AUTOCANNON = {
  rps: [
    58.47, 90.8, 116.7, 120.9, 122.8, 132.5, 135.8, 138.0, 142.3, 143.3, 143.3, 139.7, 134.7, 147.0, 179.7,
    226.3, 242.9, 242.3, 243.7, 270.9, 288.0, 290.0, 266.6, 257.3, 230.0, 251.6, 263.0, 299.0, 293.6, 301.0,
    296.6, 297.9, 292.0, 297.0, 310.4, 321.3, 326.7, 322.3, 311.8, 298.7, 284.7, 285.8, 299.0, 312.7, 322.0,
    299.7, 296.0, 294.7, 318.0, 324.7, 317.3, 319.2, 315.0, 315.0, 303.4, 305.3, 310.5, 314.3, 304.0, 296.9,
    286.3, 289.3, 292.7, 305.3, 311.0, 310.7, 316.0, 316.0, 325.7, 276.3, 171.3, 60.33, 0.0,
  ],
  avg: [
    0.01484,
    0.01439,
    0.01483,
    0.01443,
    0.01431,
    0.01346,
    0.01317,
    0.01295,
    0.01267,
    0.01261,
    0.01261,
    0.01278,
    0.01321,
    0.01421,
    0.01473,
    0.01443,
    0.01458,
    0.01463,
    0.01464,
    0.0134,
    0.01288,
    0.0127,
    0.01337,
    0.0137,
    0.01452,
    0.01373,
    0.01332,
    0.01479,
    0.0188,
    0.02205,
    0.02358,
    0.02333,
    0.02422,
    0.02465,
    0.0244,
    0.0238,
    0.02329,
    0.02348,
    0.02405,
    0.02472,
    0.02563,
    0.03024,
    0.03855,
    0.0456,
    0.04858,
    0.05123,
    0.05158,
    0.05153,
    0.04857,
    0.04824,
    0.04961,
    0.04931,
    0.04953,
    0.04918,
    0.05071,
    0.05776,
    0.07374,
    0.08933,
    0.1019,
    0.1044,
    0.108,
    0.1069,
    0.1067,
    0.1034,
    0.1023,
    0.102,
    0.1004,
    0.1003,
    0.09765,
    0.09636,
    0.09384,
    0.09041,
    Number.NaN,
  ],
  /** Where autocannon changed its connections, seconds from the first point; the window. */
  changes: [-2, 12, 26, 40, 54],
  window: [-6, 72],
};

/** hey with 1, 2, 4, 8 workers against Flask on werkzeug threads (flask-hey). */
const HEY = {
  rps: [
    51.08, 74.56, 96.94, 96.67, 96.67, 101.7, 104.3, 103.0, 90.94, 88.33, 76.33, 74.05, 55.54, 60.67, 98.67,
    142.0, 174.7, 170.7, 154.1, 140.3, 139.3, 152.9, 157.3, 156.5, 154.7, 155.0, 152.0, 155.7, 203.0, 243.1,
    266.4, 245.0, 212.3, 200.1, 199.3, 217.0, 234.3, 255.0, 263.3, 264.0, 259.0, 261.7, 264.7, 285.0, 285.7,
    295.0, 293.7, 309.3, 297.0, 281.7, 277.7, 274.7, 280.7, 296.3, 323.8, 311.4, 197.8, 85.78, 0.0,
  ],
  avg: [
    0.006508,
    0.006688,
    0.006748,
    0.006877,
    0.006883,
    0.006862,
    0.006808,
    0.00686,
    0.007242,
    0.007394,
    0.007713,
    0.007673,
    0.00909,
    0.008849,
    0.007946,
    0.007299,
    0.007272,
    0.007338,
    0.007588,
    0.007981,
    0.00807,
    0.007864,
    0.00779,
    0.007661,
    0.007614,
    0.007364,
    0.007684,
    0.007563,
    0.007639,
    0.007739,
    0.008002,
    0.008596,
    0.009217,
    0.009546,
    0.009192,
    0.008644,
    0.008399,
    0.008102,
    0.007974,
    0.007846,
    0.007824,
    0.007972,
    0.009118,
    0.00977,
    0.01061,
    0.01028,
    0.01031,
    0.009784,
    0.00971,
    0.009573,
    0.009707,
    0.01039,
    0.01061,
    0.01027,
    0.009281,
    0.009497,
    0.009754,
    0.01089,
    Number.NaN,
  ],
  changes: [-2, 12, 26, 40],
  window: [-6, 58],
};

function stepsOf(shape: typeof HEY) {
  const t = shape.rps.map((_, i) => START + i * 1000);
  const m = buildMetrics(
    [panel('http', 'rps', series('rps', t, shape.rps)), panel('http', 'avg', series('avg', t, shape.avg))],
    START + shape.window[0]! * 1000,
    START + shape.window[1]! * 1000,
  );
  return detectSteps(m);
}

describe('steps of real closed-loop tests, from the server alone', () => {
  it('finds the first step although the window opens while its rates still rise (autocannon)', () => {
    const r = stepsOf(AUTOCANNON);
    expect(r.basis).toBe('little');
    expect(r.steps).toHaveLength(5);
    r.steps.forEach((s, i) => {
      expect(Math.abs(s.fromMs - (START + AUTOCANNON.changes[i]! * 1000))).toBeLessThanOrEqual(5000);
    });
    expect(r.steps[0]!.rps).toBeGreaterThan(120);
    expect(r.steps[0]!.rps).toBeLessThan(145);
  });

  it('keeps a step whose in-flight estimate wanders by ~10 % inside it (hey, a CPU shared with the tool)', () => {
    const r = stepsOf(HEY);
    expect(r.basis).toBe('little');
    expect(r.steps).toHaveLength(4);
    r.steps.forEach((s, i) => {
      expect(Math.abs(s.fromMs - (START + HEY.changes[i]! * 1000))).toBeLessThanOrEqual(5000);
    });
    // The third step (hey's 244 rps) is found on its own, not merged into a neighbour.
    expect(r.steps[2]!.rps).toBeGreaterThan(215);
    expect(r.steps[2]!.rps).toBeLessThan(265);
  });
});

/** pgbench at 1, 2, 4, 8, 16 clients, seen as the database's connections (2 more: the exporter's) and its tps. */
function pgbenchSteps(): Step[] {
  const load = [3, 4, 6, 10, 18];
  const rps = [119.3, 232.2, 333.6, 430.9, 501.8];
  return load.map((l, index) => ({
    index,
    fromMs: index * 14_000,
    toMs: index * 14_000 + 12_000,
    midFromMs: index * 14_000 + 2_000,
    midToMs: index * 14_000 + 10_000,
    load: l,
    rps: rps[index]!,
    p95Ms: null,
    p99Ms: null,
    errorRate: null,
    cv: 0.05,
    stable: true,
  }));
}

describe('peak with a concurrency load (connections, requests in flight)', () => {
  it('has not peaked while throughput still rises by a tenth per step (pgbench: 119 → 502 tps)', () => {
    const p = findPeak(pgbenchSteps(), null, undefined, { concurrencyLoad: true });
    expect(p.index).toBe(4);
    expect(p.reasons).toEqual([null, null, null, null, null]);
    expect(p.saturated).toBe(false);
  });

  it('peaks where throughput stops rising, falls or errors appear', () => {
    const steps = pgbenchSteps();
    steps[3]!.rps = 345; // +3 % for 67 % more connections: the database no longer scales
    steps[4]!.rps = 340;
    const p = findPeak(steps, null, undefined, { concurrencyLoad: true });
    expect(p.index).toBe(2);
    expect(p.reasons[3]).toBe('throughput');
    expect(stopsFollowing(steps[2]!, steps[3]!, true)).toBe(true);
  });

  it('keeps the offered-load rule: throughput must follow half of the load increase', () => {
    const p = findPeak(pgbenchSteps(), null);
    expect(p.index).toBe(2);
    expect(p.reasons[3]).toBe('throughput');
  });
});
