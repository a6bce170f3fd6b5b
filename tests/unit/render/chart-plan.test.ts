import { describe, expect, it } from 'vitest';
import { MAX_LINES_PER_CHART, planCharts, unitFactor } from '../../../src/render/chart-plan.js';
import { panel, samplePanels, series } from './fixtures.js';

/** Values growing 10 % a point from `v`: a line that moves (flat lines are dropped). */
const rising = (v: number) => (i: number) => v * (1 + 0.1 * i);

describe('planCharts', () => {
  it('picks the charts that have data, in a stable order, skipping empty panels', () => {
    const specs = planCharts(samplePanels(), 'en');
    expect(specs.map((s) => s.id)).toEqual([
      'load_throughput',
      'latency',
      'errors',
      'jvm_heap',
      'db_pool',
      'infra_cpu',
    ]);
  });

  it('draws throughput against load with users on the right axis and totals per source', () => {
    const spec = planCharts(samplePanels(), 'en').find((s) => s.id === 'load_throughput')!;
    expect(spec.left.unit).toBe('rps');
    expect(spec.right?.unit).toBe('count');
    expect(spec.datasets.map((d) => [d.label, d.axis ?? 'left'])).toEqual([
      ['load tool rps', 'left'],
      ['service rps', 'left'],
      ['virtual users', 'right'],
    ]);
    // http.rps had two series (/orders 70 %, /items 30 %): shown as their sum
    const http = spec.datasets[1]!;
    const [orders, items] = samplePanels().find((p) => p.domain === 'http' && p.panel === 'rps')!.series;
    expect(http.v[7]).toBeCloseTo(orders!.v[7]! + items!.v[7]!, 9);
  });

  it('uses Russian titles and labels', () => {
    const specs = planCharts(samplePanels(), 'ru');
    expect(specs[0]!.title).toBe('Пропускная способность и нагрузка');
    expect(specs.find((s) => s.id === 'jvm_heap')!.datasets.map((d) => d.label)).toEqual([
      'занято',
      'максимум',
    ]);
  });

  it('marks limits as reference lines', () => {
    const heap = planCharts(samplePanels(), 'en').find((s) => s.id === 'jvm_heap')!;
    expect(heap.datasets.map((d) => d.kind)).toEqual(['normal', 'limit']);
    expect(heap.left.unit).toBe('bytes');
  });

  it('falls back to load-tool latency when the service reports none', () => {
    const panels = [
      panel('http', 'p95', 's', [series('x', 'x', 4, () => Number.NaN)]),
      panel('load', 'p95', 's', [series('lp95', 'k6', 4, rising(0.2))]),
      panel('load', 'p99', 's', [series('lp99', 'k6', 4, rising(0.4))]),
    ];
    const specs = planCharts(panels, 'en');
    expect(specs.map((s) => s.id)).toEqual(['latency']);
    expect(specs[0]!.datasets.map((d) => d.label)).toEqual(['p95 (load tool)', 'p99 (load tool)']);
  });

  it('folds many series into "other", summing additive units', () => {
    const partitions = Array.from({ length: 10 }, (_, k) =>
      series(`lag${k}`, `partition ${k}`, 4, rising(k + 1)),
    );
    const spec = planCharts([panel('kafka', 'lag', 'count', partitions)], 'ru')[0]!;
    expect(spec.id).toBe('kafka_lag');
    expect(spec.datasets).toHaveLength(MAX_LINES_PER_CHART);
    expect(spec.datasets.slice(0, 5).map((d) => d.label)).toEqual([
      'partition 9',
      'partition 8',
      'partition 7',
      'partition 6',
      'partition 5',
    ]);
    const other = spec.datasets[5]!;
    expect(other.label).toBe('прочие');
    expect(other.kind).toBe('other');
    expect(other.v[0]).toBe(1 + 2 + 3 + 4 + 5);
  });

  it('keeps at most six lines when several panels share a chart, folding latency by max', () => {
    const uris = (p: string, base: number) =>
      Array.from({ length: 5 }, (_, k) => series(`${p}${k}`, `/u${k}`, 4, rising(base + k)));
    const panels = [
      panel('http', 'p50', 's', uris('a', 1)),
      panel('http', 'p95', 's', uris('b', 10)),
      panel('http', 'p99', 's', uris('c', 100)),
    ];
    const spec = planCharts(panels, 'en')[0]!;
    expect(spec.datasets).toHaveLength(6);
    expect(spec.datasets.map((d) => d.label)).toEqual([
      'p50 · /u4',
      'p50 · other',
      'p95 · /u4',
      'p95 · other',
      'p99 · /u4',
      'p99 · other',
    ]);
    expect(spec.datasets[1]!.v[0]).toBe(1 + 3); // max of /u0../u3
  });

  it('converts a panel in another unit to the axis unit', () => {
    expect(unitFactor('ms', 's')).toBe(0.001);
    expect(unitFactor('bytes', 's')).toBeNull();
    const panels = [
      panel('http', 'p50', 's', [series('a', 'a', 2, rising(0.05))]),
      panel('http', 'p95', 'ms', [series('b', 'b', 2, rising(120))]),
    ];
    const spec = planCharts(panels, 'en')[0]!;
    expect(spec.left.unit).toBe('s');
    expect(spec.datasets[1]!.v[0]).toBeCloseTo(0.12, 9);
  });

  it('returns nothing for no panels', () => {
    expect(planCharts([], 'en')).toEqual([]);
  });
});
