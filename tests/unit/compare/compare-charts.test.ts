import { describe, expect, it } from 'vitest';
import type { Alignment } from '../../../src/compare/compare.types.js';
import { alignTimes, planCompareCharts, renderCompareCharts } from '../../../src/compare/compare-charts.js';
import { compareRuns } from '../../../src/compare/compare-runs.js';
import { latencyFn, ratioFn, rpsFn, syntheticRun, T0, type ValueFn } from './fixtures.js';

const panels = (p95: number, heap: number): Record<string, ValueFn> => ({
  'load.users': rpsFn(0),
  'load.rps': rpsFn(),
  'http.p95': latencyFn(p95, 0.03),
  'http.error_rate': ratioFn(0.001),
  'jvm.heap_used': (level, r) => heap * 2 ** 20 * (1 + level / 300) * (1 + 0.01 * r()),
});

describe('A-vs-B overlays', () => {
  it('maps B’s compared plateau stretches onto A’s, or shifts B by the load starts', () => {
    const steps: Alignment = {
      mode: 'steps',
      levelBy: 'load',
      unmatchedA: [],
      unmatchedB: [],
      segments: [
        {
          id: 'step:0',
          kind: 'step',
          rps: 50,
          levelA: 50,
          levelB: 50,
          windows: [{ a: { fromMs: 1000, toMs: 2000 }, b: { fromMs: 10_000, toMs: 12_000 } }],
        },
      ],
    };
    const mapped = alignTimes(steps, { t: [9000, 10_000, 11_000, 12_000, 13_000], v: [0, 1, 2, 3, 4] });
    expect(mapped.t).toEqual([1000, 1500, 2000, 2001]);
    expect(mapped.v.slice(0, 3)).toEqual([1, 2, 3]);
    expect(Number.isNaN(mapped.v[3])).toBe(true);
    const offset: Alignment = {
      mode: 'offset',
      levelBy: null,
      unmatchedA: [],
      unmatchedB: [],
      segments: [],
      startA: 1000,
      startB: 5000,
      overlapMs: 2000,
    };
    expect(alignTimes(offset, { t: [4000, 5000, 7000, 8000], v: [1, 2, 3, 4] })).toEqual({
      t: [1000, 3000],
      v: [2, 3],
    });
  });

  it('plans throughput, p95, error rate and the most changed other metric; B dashed', () => {
    const a = syntheticRun({ id: 'before', levels: [50, 100, 150], panels: panels(80, 300) });
    const b = syntheticRun({
      id: 'after',
      levels: [50, 100, 150],
      panels: panels(80, 600),
      seed: 9,
      startMs: T0 + 86_400_000,
    });
    const r = compareRuns(a, b);
    expect(r.top[0]!.metric).toBe('heap_used');
    const specs = planCompareCharts(a, b, r, 'en');
    expect(specs.map((s) => s.id)).toEqual([
      'compare-load-rps',
      'compare-http-p95',
      'compare-http-error_rate',
      'compare-jvm-heap_used',
    ]);
    const p95 = specs[1]!;
    expect(p95.title).toBe('Latency p95: A vs B');
    expect(p95.left.unit).toBe('s');
    expect(p95.datasets.map((d) => [d.label, d.dashed ?? false])).toEqual([
      ['A: before', false],
      ['B: after (aligned to A)', true],
    ]);
    // B's points all land inside A's window.
    const bt = p95.datasets[1]!.t.filter((_, i) => Number.isFinite(p95.datasets[1]!.v[i]!));
    expect(Math.min(...bt)).toBeGreaterThanOrEqual(a.fromMs);
    expect(Math.max(...bt)).toBeLessThanOrEqual(a.toMs);
  });

  it('renders PNGs', async () => {
    const a = syntheticRun({ id: 'a', levels: [50, 100], panels: panels(80, 300) });
    const b = syntheticRun({ id: 'b', levels: [50, 100], panels: panels(120, 300), seed: 4 });
    const r = compareRuns(a, b);
    const charts = await renderCompareCharts(a, b, r, {
      locale: 'ru',
      tz: 'Europe/Moscow',
      width: 640,
      height: 320,
    });
    expect(charts).toHaveLength(3);
    for (const c of charts) {
      expect(c.png.subarray(1, 4).toString('ascii')).toBe('PNG');
      expect([c.width, c.height]).toEqual([640, 320]);
    }
    expect(charts[1]!.title).toBe('Задержка p95: A и B');
  });
});
