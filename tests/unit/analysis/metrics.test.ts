import { describe, expect, it } from 'vitest';
import { buildMetrics, foldSeries } from '../../../src/analysis/metrics.js';
import { panel, series } from './fixtures.js';

const t = [0, 15_000, 30_000, 45_000];

describe('buildMetrics', () => {
  it('sums throughput and takes the max of latencies across series', () => {
    const m = buildMetrics(
      [
        panel('http', 'rps', [series('a', t, [1, 2, 3, 4]), series('b', t, [10, 20, Number.NaN, 40])]),
        panel('http', 'p95', [series('a', t, [0.1, 0.2, 0.3, 0.4]), series('b', t, [0.5, 0.1, 0.1, 0.1])]),
      ],
      0,
      45_000,
    );
    expect(m.get('http', 'rps')!.v).toEqual([11, 22, 3, 44]);
    expect(m.get('http', 'p95')!.v).toEqual([0.5, 0.2, 0.3, 0.4]);
    expect(m.stepMs).toBe(15_000);
  });

  it('normalises ms to seconds and percent to ratios, and drops artefacts', () => {
    const m = buildMetrics(
      [
        panel('http', 'p95', series('p', t, [100, 200, Number.POSITIVE_INFINITY, 400]), { unit: 'ms' }),
        panel('infra', 'cpu', series('c', t, [50, -3, 70, 80]), { unit: 'percent' }),
      ],
      0,
      45_000,
    );
    const p95 = m.get('http', 'p95')!;
    expect(p95.unit).toBe('s');
    expect(p95.v.slice(0, 2)).toEqual([0.1, 0.2]);
    expect(p95.v[2]).toBeNaN();
    const cpu = m.get('infra', 'cpu')!;
    expect(cpu.unit).toBe('ratio');
    expect(cpu.v[1]).toBeNaN();
    expect(cpu.v[3]).toBeCloseTo(0.8);
    expect(m.panels.map((p) => p.artefacts)).toEqual([1, 1]);
  });

  it('clips to the window, sorts unsorted points and falls back to a panel by role', () => {
    const m = buildMetrics(
      [
        panel('http', 'my_rps', series('x', [30_000, 0, 15_000, 99_000], [3, 1, 2, 9]), {
          role: 'throughput',
        }),
      ],
      0,
      45_000,
    );
    expect(m.get('http', 'rps')).toBeNull();
    const s = m.get('http', 'rps', 'throughput')!;
    expect(s.t).toEqual([0, 15_000, 30_000]);
    expect(s.v).toEqual([1, 2, 3]);
  });

  it('knows which domains have data', () => {
    const m = buildMetrics(
      [panel('jvm', 'heap_used', series('h', t, [Number.NaN, Number.NaN, Number.NaN, Number.NaN]))],
      0,
      45_000,
    );
    expect(m.hasData('jvm')).toBe(false);
    expect(m.get('jvm', 'heap_used')).toBeNull();
  });
});

describe('foldSeries', () => {
  it('merges series on different grids by timestamp; a sum carries each live series (issue 13)', () => {
    const f = foldSeries(
      [
        { t: [0, 10, 20], v: [1, 1, 1] },
        { t: [5, 10, 25], v: [2, 2, 2] },
      ],
      'sum',
    );
    expect(f.t).toEqual([0, 5, 10, 20, 25]);
    // Both series are live from 5 on: the total is 3 there, not a sawtooth of 1s and 2s
    // depending on which one was scraped at that instant. Before 5 only the first exists.
    expect(f.v).toEqual([1, 3, 3, 3, 3]);
    const max = foldSeries(
      [
        { t: [0, 10, 20], v: [1, 1, 1] },
        { t: [5, 10, 25], v: [2, 2, 2] },
      ],
      'max',
    );
    expect(max.v).toEqual([1, 2, 2, 1, 2]);
  });
});
