import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analysis/analyse.js';
import type { PanelData } from '../../../src/sources/series.js';
import { basicPanels, panel, profile, series } from './fixtures.js';

/** Bad input from real exporters (issue 13): each is handled and named in the notes. */
const s = profile({ levels: [50, 100, 150], capacity: 1000, scrapeSec: 15, seed: 8 });
const run = (panels: PanelData[], locale: 'en' | 'ru' = 'en') =>
  analyse({ fromMs: s.fromMs, toMs: s.toMs, panels, slos: ['p95<500ms'], locale, tz: 'UTC' });
const replace = (panels: PanelData[], p: PanelData) =>
  panels.map((x) => (x.domain === p.domain && x.panel === p.panel ? p : x));
const clean = run(basicPanels(s));

describe('bad input from real exporters', () => {
  it('a counter reset at a restart: the negative rate is left out and named, the steps unchanged', () => {
    const panels = basicPanels(s);
    const rps = panels.find((p) => p.domain === 'load' && p.panel === 'rps')!;
    const mid = s.t.findIndex((x) => x > s.plateaus[1]!.fromMs + 120_000);
    rps.series[0]!.v[mid] = -95; // deriv()/a subtraction across the reset
    const r = run(panels);
    expect(r.warnings.join('\n')).toMatch(/1 invalid values \(negative or infinite\) in load\.rps/);
    expect(r.steps.map((x) => Math.round(x.rps))).toEqual(clean.steps.map((x) => Math.round(x.rps)));
  });

  it('series that appear midway (a new pod) count from then on, and are named', () => {
    const half = s.plateaus[1]!.fromMs;
    const a = s.t.map((_, i) => s.served[i]! * (s.t[i]! < half ? 1 : 0.5));
    const b = s.t.map((x, i) => (x < half ? Number.NaN : s.served[i]! * 0.5));
    const p = panel('load', 'rps', [series('pod-a', s.t, a), series('pod-b', s.t, b)]);
    const r = run(replace(basicPanels(s), p));
    expect(r.warnings.join('\n')).toMatch(/1 series of load\.rps appeared midway/);
    expect(r.steps.map((x) => Math.round(x.rps / 5) * 5)).toEqual([50, 100, 150]);
  });

  it('NaN quantiles from an empty histogram window inside a step are named; the step level stands', () => {
    const panels = basicPanels(s);
    const p95 = panels.find((p) => p.domain === 'http' && p.panel === 'p95')!;
    const [a, b] = [s.plateaus[1]!.fromMs + 60_000, s.plateaus[1]!.fromMs + 180_000];
    p95.series[0]!.v = p95.series[0]!.v.map((x, i) => (s.t[i]! >= a && s.t[i]! <= b ? Number.NaN : x));
    const r = run(panels);
    expect(r.warnings.join('\n')).toMatch(
      /http\.p95 had no requests to measure at \d+ points inside load steps/,
    );
    expect(r.steps[1]!.p95Ms).not.toBeNull();
    expect(Math.abs(r.steps[1]!.p95Ms! - clean.steps[1]!.p95Ms!)).toBeLessThan(5);
  });

  it('+Inf quantiles (above the largest bucket) and +Inf-only histograms are named, never averaged', () => {
    const panels = basicPanels(s);
    const p99 = panels.find((p) => p.domain === 'http' && p.panel === 'p99')!;
    p99.series[0]!.v = p99.series[0]!.v.map(() => Number.POSITIVE_INFINITY);
    const p95 = panels.find((p) => p.domain === 'http' && p.panel === 'p95')!;
    p95.series[0]!.v[40] = Number.POSITIVE_INFINITY;
    for (const locale of ['en', 'ru'] as const) {
      const r = run(panels, locale);
      const notes = r.warnings.join('\n');
      if (locale === 'en') {
        expect(notes).toMatch(/http\.p99 had observations only in the \+Inf histogram bucket/);
        expect(notes).toMatch(/http\.p95 was above the largest histogram bucket \(\+Inf\) at 1 points/);
      } else {
        expect(notes).toMatch(/В http\.p99 наблюдения попали только в корзину \+Inf/);
      }
      expect(r.steps.every((x) => x.p99Ms === null && Number.isFinite(x.p95Ms!))).toBe(true);
    }
  });

  it('mixed scrape intervals: a sum of instances on different grids does not dip, and is named', () => {
    // Two instances share the load; one is scraped every 15 s, the other every 10 s, offset.
    const fast: number[] = [];
    const fastV: number[] = [];
    for (let x = s.fromMs + 5_000; x <= s.toMs; x += 10_000) {
      const i = Math.min(s.t.length - 1, Math.round((x - s.fromMs) / 15_000));
      fast.push(x);
      fastV.push(s.served[i]! / 2);
    }
    const p = panel('load', 'rps', [
      series(
        'i-1',
        s.t,
        s.served.map((v) => v / 2),
      ),
      series('i-2', fast, fastV),
    ]);
    const r = run(replace(basicPanels(s), p));
    expect(r.warnings.join('\n')).toMatch(/series of load\.rps were scraped on different grids/);
    expect(r.steps).toHaveLength(3);
    r.steps.forEach((x, i) => {
      expect(Math.abs(x.rps - clean.steps[i]!.rps) / clean.steps[i]!.rps).toBeLessThan(0.05);
    });
    expect(r.peak!.rps).toBeGreaterThan(140);
  });
});
